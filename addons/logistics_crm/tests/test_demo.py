from odoo.tests.common import TransactionCase

from .common import LogisticsCrmCase


class TestDemoGenerator(LogisticsCrmCase, TransactionCase):

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
        invoices = self.env["account.move"].search_count([("move_type", "in", ("out_invoice", "out_refund"))])
        # a company without a chart of accounts has no sale journal
        self.env["account.journal"].search([("type", "=", "sale")]).write({"active": False})
        self.assertFalse(Demo._demo_sale_journal())
        self.assertTrue(Demo._generate())
        self.assertEqual(
            self.env["account.move"].search_count([("move_type", "in", ("out_invoice", "out_refund"))]), invoices)
        visits = Visit.search([("partner_id", "in", customers.ids)])
        self.assertEqual(sorted(set(visits.mapped("state"))), ["cancelled", "done", "planned"])
        plans = Plan.search([("partner_id", "in", customers.ids)])
        self.assertEqual(sorted(plans.mapped("state")), ["approved", "approved", "draft", "rejected", "submitted"])

    def test_demo_story(self):
        # the story the README tells: 40 Chinese customers, 12 months of posted invoices
        Demo = self.env["logistics.crm.demo"]
        customers = self.env["res.partner"].concat(*Demo._demo_customers())
        self.assertEqual(len(customers), 40)
        self.assertEqual(set(customers.mapped("country_id.code")), {"CN"})
        invoices = self.env["account.move"].search([("commercial_partner_id", "in", customers.ids),
                                                    ("move_type", "in", ("out_invoice", "out_refund"))])
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        self.assertGreater(len(invoices), 60)
        # tiering after the demo (the install's run): 10 A, 15 B, 15 C
        tiers = customers.mapped("customer_tier")
        self.assertEqual((tiers.count("a"), tiers.count("b"), tiers.count("c")), (10, 15, 15))
        # demo logins
        portal = self.env["res.users"].search([("login", "=", "portal")])
        self.assertEqual(portal.partner_id.commercial_partner_id, self.env.ref("logistics_crm.demo_customer_01"))
        for login, group in (("demo", "logistics_crm.group_account_manager"),
                             ("li.na", "logistics_crm.group_account_manager"),
                             ("wang.qiang", "logistics_crm.group_account_manager"),
                             ("zhao.min", "logistics_crm.group_user")):
            user = self.env["res.users"].search([("login", "=", login)])
            self.assertTrue(user.has_group(group), login)

    def test_demo_company_is_a_shanghai_logistics_company(self):
        """Not Odoo's "YourCompany" in San Francisco: a Chinese name, a logo, a Shanghai address,
        books in CNY, a document layout chosen (no layout wizard on print), admin in Shanghai."""
        if not self.env["ir.module.module"].search([("name", "=", "logistics_crm")]).demo:
            return  # installed without demo data
        company = self.env.ref("base.main_company")
        self.assertEqual(company.name, "上海迅捷供应链管理有限公司")
        self.assertTrue(company.logo)
        self.assertEqual((company.city, company.zip, company.country_id.code), ("浦东新区", "201203", "CN"))
        self.assertEqual(company.state_id, self.env.ref("base.state_cn_SH"))
        self.assertTrue(company.phone and company.email and company.website)
        self.assertEqual(company.currency_id, self.env.ref("base.CNY"))
        self.assertTrue(company.external_report_layout_id)
        admin = self.env.ref("base.user_admin")
        if not admin.login_date:  # Odoo gives a user the browser's time zone at the first login
            self.assertEqual(admin.tz, "Asia/Shanghai")
        # the demo's invoices are in yuan too, on China's chart of accounts
        invoices = self.env["account.move"].search([("company_id", "=", company.id),
                                                    ("move_type", "=", "out_invoice")])
        self.assertTrue(invoices)
        self.assertEqual(set(invoices.mapped("currency_id.name")), {"CNY"})
        self.assertEqual(company.chart_template, "cn")

    def test_demo_texts_read_as_a_chinese_team_writes_them(self):
        if not self.env["ir.module.module"].search([("name", "=", "logistics_crm")]).demo:
            return
        Demo = self.env["logistics.crm.demo"]
        customers = self.env["res.partner"].concat(*Demo._demo_customers())
        visits = self.env["logistics.visit"].search([("partner_id", "in", customers.ids)])
        plans = self.env["logistics.account.plan"].search([("partner_id", "in", customers.ids)])
        self.assertTrue(visits and plans)
        for text in visits.mapped("agenda") + plans.mapped("objective_ids.name") + customers.mapped("city"):
            self.assertRegex(text or "", r"[\u4e00-\u9fff]", text)
        self.assertIn("中秋节走访问候。", visits.mapped("agenda"))
        self.assertIn("到货准时率提升至 98%", plans.mapped("objective_ids.name"))
        self.assertTrue(all("物流经理" in c.child_ids.mapped("function") for c in customers))
