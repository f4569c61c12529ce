from . import controllers
from . import models
from . import wizards


def uninstall_hook(env):
    """Drop the KPI summary table and its trigger function (the shipment table,
    with its triggers, is dropped by the uninstallation itself)."""
    from .models.logistics_kpi_report import SUMMARY_TABLE
    env.cr.execute("DROP TABLE IF EXISTS %s CASCADE" % SUMMARY_TABLE)  # with the report view on it
    env.cr.execute("DROP FUNCTION IF EXISTS %s_delta() CASCADE" % SUMMARY_TABLE)
