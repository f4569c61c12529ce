from . import controllers
from . import models
from . import wizards


def uninstall_hook(env):
    """Before Odoo deletes the addon's records and tables: drop the KPI summary table
    and its trigger function, remove the campaigns and the waybills."""
    from .models.logistics_kpi_report import SUMMARY_TABLE

    # the campaigns go first (their tables are dropped anyway): the invitations keep the
    # customers' answers (survey's) without the campaign column, and Odoo can then delete
    # the addon's records they pointed at (the campaigns restrict their invitations and
    # the satisfaction survey); make test-faults logged ERRORs for them on uninstall
    env.cr.execute("UPDATE survey_user_input SET campaign_id = NULL WHERE campaign_id IS NOT NULL")
    env.cr.execute("DELETE FROM logistics_survey_campaign")
    env.cr.execute("DROP TABLE IF EXISTS %s CASCADE" % SUMMARY_TABLE)  # with the report view on it
    env.cr.execute("DROP FUNCTION IF EXISTS %s_delta() CASCADE" % SUMMARY_TABLE)
    # the waybills too (their table is dropped anyway; no trigger left on it now): they
    # would keep the customers they name from being deleted when the customers' addon
    # goes with this one (logistics_crm's demo customers: make test-faults upgrade)
    env.cr.execute("DELETE FROM logistics_shipment")
