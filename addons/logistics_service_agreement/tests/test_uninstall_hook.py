import psycopg2

from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

from .. import uninstall_hook


class TestUninstallHook(TransactionCase):
    """Uninstalling the addon: its reason codes can go although waybills carried them."""

    def test_reason_codes_no_longer_held_by_waybills(self):
        reason = self.env["logistics.delay.reason"].search([], limit=1)
        shipment = self.env["logistics.shipment"].search([], limit=1)
        shipment.delay_reason_id = reason
        self.env.flush_all()
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.ForeignKeyViolation):
            with self.env.cr.savepoint():
                self.env.cr.execute("DELETE FROM logistics_delay_reason WHERE id = %s", [reason.id])
        uninstall_hook(self.env)
        self.env.cr.execute("DELETE FROM logistics_delay_reason WHERE id = %s", [reason.id])
        self.assertEqual(self.env.cr.rowcount, 1)
