from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestKeyAccountTour(HttpCase):

    def test_key_account_tab(self):
        self.env["res.partner"].compute_customer_tiers()    # the nightly run
        customer = self.env.ref("logistics_crm.demo_customer_01")
        manager = self.env.ref("logistics_crm.user_account_manager_wang")
        self.assertEqual(customer.account_manager_id, manager)
        # what the tour expects to see is what the engine computed
        self.assertEqual((customer.customer_tier, customer.contribution_rank), ("a", 1))
        self.assertEqual(round(customer.contribution_12m, 1), 2000000.0)   # 12 monthly invoices, rounded
        self.assertTrue(customer.next_visit_date)
        manager.lang = "en_US"
        self.start_tour("/odoo/res.partner/%d" % customer.id, "logistics_crm_key_account_tab", login="wang.qiang")
