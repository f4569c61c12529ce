"""18.0.1.1.0: the weekly run writes only history rows.

- res_partner: health_score, health_risk, health_reason (and health_date) are read from the
  customer's last history row; their columns (and the index on health_risk,
  written with every partner) go.
- logistics_health_score: the reason is made on reading from the figures, in
  the reader's language; the rows keep the periods they compared (filled from
  the settings for the rows written before), and no create/write columns.
"""
from odoo import SUPERUSER_ID, api

from odoo.addons.logistics_customer_health.settings import read_settings


def migrate(cr, version):
    if not version:
        return
    settings = read_settings(api.Environment(cr, SUPERUSER_ID, {}))
    cr.execute("""
        UPDATE logistics_health_score
           SET recent_weeks = COALESCE(recent_weeks, %s), base_weeks = COALESCE(base_weeks, %s)
         WHERE recent_weeks IS NULL OR base_weeks IS NULL
    """, [settings["recent_weeks"], settings["base_weeks"]])
    cr.execute("""
        ALTER TABLE res_partner DROP COLUMN IF EXISTS health_score,
                                DROP COLUMN IF EXISTS health_risk,
                                DROP COLUMN IF EXISTS health_reason,
                                DROP COLUMN IF EXISTS health_date
    """)
    cr.execute("""
        ALTER TABLE logistics_health_score DROP COLUMN IF EXISTS reason,
                                           DROP COLUMN IF EXISTS create_uid,
                                           DROP COLUMN IF EXISTS create_date,
                                           DROP COLUMN IF EXISTS write_uid,
                                           DROP COLUMN IF EXISTS write_date
    """)
    cr.execute("DROP INDEX IF EXISTS logistics_health_score__partner_id_index")
