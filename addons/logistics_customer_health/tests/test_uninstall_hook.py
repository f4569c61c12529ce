import psycopg2

from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

from .. import uninstall_hook


class TestUninstallHook(TransactionCase):
    """Uninstalling the addon: its activity type and its demo customers can go although
    the cron gave activities of that type and the demo made waybills for them."""

    def test_activities_and_demo_waybills_removed(self):
        activity_type = self.env.ref("logistics_customer_health.mail_activity_type_at_risk")
        customer = self.env.ref("logistics_customer_health.demo_customer_sliding")
        self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get_id("res.partner"), "res_id": customer.id,
            "activity_type_id": activity_type.id, "user_id": self.env.user.id})
        Shipment = self.env["logistics.shipment"]
        self.assertTrue(Shipment.search_count([("partner_id.commercial_partner_id", "=", customer.id)]))
        self.env.flush_all()
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.ForeignKeyViolation):
            with self.env.cr.savepoint():
                self.env.cr.execute("DELETE FROM mail_activity_type WHERE id = %s", [activity_type.id])
        uninstall_hook(self.env)
        self.env.invalidate_all()
        self.assertFalse(self.env["mail.activity"].search_count([("activity_type_id", "=", activity_type.id)]))
        self.assertFalse(Shipment.search_count([("partner_id.commercial_partner_id", "=", customer.id)]))
        self.env.cr.execute("DELETE FROM mail_activity_type WHERE id = %s", [activity_type.id])
        self.assertEqual(self.env.cr.rowcount, 1)
