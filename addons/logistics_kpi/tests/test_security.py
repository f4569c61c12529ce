from odoo.exceptions import AccessError
from odoo.tests.common import TransactionCase

from odoo.addons.logistics_crm.tests.common import create_portal_user

from .common import KpiCase, month_start


class TestKpiRecordRules(KpiCase, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cust1 = cls.customer("Rule Customer One", manager=cls.am1)
        cls.cust2 = cls.customer("Rule Customer Two", manager=cls.am2)
        month = month_start(1)
        cls.s1 = cls.ship(cls.cust1, month)
        cls.s2 = cls.ship(cls.cust2, month)
        cls.shipments = cls.s1 | cls.s2
        Statement = cls.env["logistics.customer.statement"]
        month_str = month.date()
        cls.st1 = Statement.create({"partner_id": cls.cust1.id, "month": month_str})
        cls.st2 = Statement.create({"partner_id": cls.cust2.id, "month": month_str})
        cls.statements = cls.st1 | cls.st2
        cls.partners = cls.cust1 | cls.cust2

    def visible(self, user, model, records):
        return self.env[model].with_user(user).search([("id", "in", records.ids)])

    def test_account_manager_sees_own_accounts(self):
        self.assertEqual(self.visible(self.am1, "logistics.shipment", self.shipments).ids, self.s1.ids)
        self.assertEqual(self.visible(self.am1, "logistics.customer.statement", self.statements).ids, self.st1.ids)
        report = self.env["logistics.kpi.report"].with_user(self.am1).search([("partner_id", "in", self.partners.ids)])
        self.assertEqual(report.mapped("partner_id").ids, self.cust1.ids)
        with self.assertRaisesRollback(AccessError):
            self.s2.with_user(self.am1).read(["name"])
        with self.assertRaisesRollback(AccessError):
            self.s2.with_user(self.am1).write({"note": "not mine"})
        self.s1.with_user(self.am1).write({"note": "mine"})

    def test_service_manager_and_agent_see_all(self):
        for user in (self.manager, self.agent):
            self.assertEqual(set(self.visible(user, "logistics.shipment", self.shipments).ids),
                             set(self.shipments.ids))
            self.assertEqual(set(self.visible(user, "logistics.customer.statement", self.statements).ids),
                             set(self.statements.ids))
            report = self.env["logistics.kpi.report"].with_user(user).search([("partner_id", "in", self.partners.ids)])
            self.assertEqual(report.mapped("partner_id"), self.partners)
        with self.assertRaisesRollback(AccessError):
            self.s1.with_user(self.agent).write({"note": "agents only read"})

    def test_team_dashboard_rules(self):
        Dashboard = self.env["logistics.team.dashboard"]
        mine = Dashboard.with_user(self.am1).search([])
        self.assertEqual(mine.mapped("user_id"), self.am1)
        self.assertEqual(mine.account_count, 1)
        self.assertEqual(mine.revenue_12m, 1000.0)
        all_lines = Dashboard.with_user(self.manager).search([("user_id", "in", (self.am1 | self.am2).ids)])
        self.assertEqual(len(all_lines), 2)
        with self.assertRaisesRollback(AccessError):
            Dashboard.with_user(self.agent).search([])

    def test_portal_user_sees_own_sent_statements_only(self):
        portal = create_portal_user(self.env, self.cust1, login="rule.portal@example.com")
        Statement = self.env["logistics.customer.statement"].with_user(portal)
        # a draft is not published, even the customer's own
        self.assertFalse(Statement.search([]))
        with self.assertRaisesRollback(AccessError):
            self.st1.with_user(portal).read(["month"])
        self.statements.write({"state": "sent"})
        self.assertEqual(Statement.search([]).ids, self.st1.ids)
        self.assertEqual(self.st1.with_user(portal).read(["month"])[0]["month"], self.st1.month)
        with self.assertRaisesRollback(AccessError):
            self.st2.with_user(portal).read(["month"])
        with self.assertRaisesRollback(AccessError):
            self.env["logistics.shipment"].with_user(portal).search([])
        with self.assertRaisesRollback(AccessError):
            self.env["logistics.kpi.report"].with_user(portal).search([])

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "Other Logistics Co"})
        self.s2.sudo().write({"company_id": other_company.id})
        self.st2.sudo().write({"company_id": other_company.id})
        self.assertEqual(self.visible(self.manager, "logistics.shipment", self.shipments).ids, self.s1.ids)
        self.assertEqual(self.visible(self.manager, "logistics.customer.statement", self.statements).ids,
                         self.st1.ids)
        report = self.env["logistics.kpi.report"].with_user(self.manager).search(
            [("partner_id", "in", self.partners.ids), ("shipment_count", ">", 0)])
        self.assertEqual(report.mapped("partner_id"), self.cust1)
        campaign = self.env["logistics.survey.campaign"].create({
            "name": "Other company campaign", "company_id": other_company.id,
            "survey_id": self.env.ref("logistics_kpi.survey_satisfaction").id})
        self.assertFalse(self.visible(self.manager, "logistics.survey.campaign", campaign))
