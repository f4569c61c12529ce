from odoo.tests.common import SavepointCase

from .common import LogisticsCrmCase


class TestDemoGenerator(LogisticsCrmCase, SavepointCase):

    def test_not_public(self):
        Demo = self.env["logistics.crm.demo"]
        self.assertFalse(hasattr(Demo, "generate"))
        self.assertTrue(hasattr(Demo, "_generate"))

    def test_visits_and_plans_without_chart_of_accounts(self):
        # make test installs the demo data (the story this generator writes)
        self.assertTrue(self.env.ref("logistics_crm.demo_customer_40", raise_if_not_found=False))
        Demo = self.env["logistics.crm.demo"]
        customers = self.env["res.partner"].concat(*Demo._demo_customers())
        Visit, Plan = self.env["logistics.visit"], self.env["logistics.account.plan"]
        Plan.search([("partner_id", "in", customers.ids)]).unlink()   # generated at install
        Visit.search([("partner_id", "in", customers.ids)]).unlink()
        invoices = self.env["account.invoice"].search_count([])
        # a company without a chart of accounts has no sale journal
        self.env["account.journal"].search([("type", "=", "sale")]).write({"active": False})
        self.assertFalse(Demo._demo_sale_journal())
        self.assertTrue(Demo._generate())
        self.assertEqual(self.env["account.invoice"].search_count([]), invoices)
        visits = Visit.search([("partner_id", "in", customers.ids)])
        self.assertEqual(sorted(set(visits.mapped("state"))), ["cancelled", "done", "planned"])
        plans = Plan.search([("partner_id", "in", customers.ids)])
        self.assertEqual(sorted(plans.mapped("state")), ["approved", "approved", "draft", "rejected", "submitted"])
