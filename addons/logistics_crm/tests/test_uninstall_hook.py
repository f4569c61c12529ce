from odoo.tests.common import TransactionCase

from .. import uninstall_hook


class TestUninstallHook(TransactionCase):
    """Uninstalling the addon: nothing of its own (visits, plans) nor the demo's invoices
    keeps its demo customers and account managers from being deleted."""

    def _held(self, customer):
        return {
            "invoices": self.env["account.move"].search_count([("commercial_partner_id", "=", customer.id)]),
            "visits": self.env["logistics.visit"].search_count([("partner_id", "=", customer.id)]),
            "plans": self.env["logistics.account.plan"].search_count([("partner_id", "=", customer.id)]),
        }

    def test_demo_customers_no_longer_held(self):
        customer = self.env.ref("logistics_crm.demo_customer_01")
        before = self._held(customer)
        self.assertTrue(all(before.values()), before)
        self.env.flush_all()
        uninstall_hook(self.env)
        self.env.invalidate_all()
        self.assertEqual(self._held(customer), {"invoices": 0, "visits": 0, "plans": 0})
