import importlib.util
import os

from odoo.tests.common import TransactionCase

from .common import HealthCase

SCRIPT = os.path.join(os.path.dirname(__file__), os.pardir, "migrations", "18.0.1.1.0", "post-migration.py")


def columns(cr, table):
    cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table])
    return {row[0] for row in cr.fetchall()}


class TestMigration(HealthCase, TransactionCase):
    """From 18.0.1.0.0: the partner columns and the history's stored reason go, the
    rows written before keep readable reasons."""

    def test_from_18_0_1_0_0(self):
        cust = self.customer("Migrated Customer")
        self.steady(cust, range(-34, -8), per_week=6)
        self.steady(cust, range(-8, 0), per_week=2)
        self.score(cust)
        cr = self.env.cr
        # the 18.0.1.0.0 layout: health stored on the partner, a stored reason, no periods
        cr.execute("""
            ALTER TABLE res_partner ADD COLUMN health_score integer, ADD COLUMN health_risk varchar,
                                    ADD COLUMN health_reason text;
            CREATE INDEX res_partner__health_risk_index ON res_partner (health_risk);
            ALTER TABLE logistics_health_score ADD COLUMN reason text, ADD COLUMN create_uid integer,
                                               ADD COLUMN write_date timestamp;
            UPDATE logistics_health_score SET recent_weeks = NULL, base_weeks = NULL;
        """)
        self.env["ir.config_parameter"].sudo().set_param("logistics_customer_health.recent_weeks", "6")
        self.env.flush_all()
        spec = importlib.util.spec_from_file_location("post_migration", SCRIPT)
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        script.migrate(cr, "18.0.1.0.0")
        self.assertFalse({"health_score", "health_risk", "health_reason"} & columns(cr, "res_partner"))
        self.assertFalse({"reason", "create_uid", "write_date"} & columns(cr, "logistics_health_score"))
        self.env.invalidate_all()
        row = self.env["logistics.health.score"].search([("partner_id", "=", cust.id)])
        # the periods of the settings in force: the reason reads as before
        self.assertEqual((row.recent_weeks, row.base_weeks), (6, 26))
        self.assertIn("last 6 weeks vs the 26 weeks before: shipments 6.0", row.with_context(lang="en_US").reason)
