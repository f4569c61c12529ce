from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase

from odoo.addons.logistics_crm.tests.common import create_portal_user

from .common import KpiCase, month_start


class TestKpiRecordRules(KpiCase, SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestKpiRecordRules, cls).setUpClass()
        cls.cust1 = cls.customer("Rule Customer One", manager=cls.am1)
        cls.cust2 = cls.customer("Rule Customer Two", manager=cls.am2)
        month = month_start(1)
        cls.s1 = cls.ship(cls.cust1, month)
        cls.s2 = cls.ship(cls.cust2, month)
        cls.shipments = cls.s1 | cls.s2
        Statement = cls.env["logistics.customer.statement"]
        month_str = fields.Date.to_string(month.date())
        cls.st1 = Statement.create({"partner_id": cls.cust1.id, "month": month_str})
        cls.st2 = Statement.create({"partner_id": cls.cust2.id, "month": month_str})
        cls.statements = cls.st1 | cls.st2
        cls.partners = cls.cust1 | cls.cust2

    def visible(self, user, model, records):
        return self.env[model].sudo(user).search([("id", "in", records.ids)])

    def test_account_manager_sees_own_accounts(self):
        self.assertEqual(self.visible(self.am1, "logistics.shipment", self.shipments).ids, self.s1.ids)
        self.assertEqual(self.visible(self.am1, "logistics.customer.statement", self.statements).ids, self.st1.ids)
        report = self.env["logistics.kpi.report"].sudo(self.am1).search([("partner_id", "in", self.partners.ids)])
        self.assertEqual(report.mapped("partner_id").ids, self.cust1.ids)
        with self.assertRaisesRollback(AccessError):
            self.s2.sudo(self.am1).read(["name"])
        with self.assertRaisesRollback(AccessError):
            self.s2.sudo(self.am1).write({"note": "not mine"})
        self.s1.sudo(self.am1).write({"note": "mine"})

    def test_service_manager_and_agent_see_all(self):
        for user in (self.manager, self.agent):
            self.assertEqual(set(self.visible(user, "logistics.shipment", self.shipments).ids),
                             set(self.shipments.ids))
            self.assertEqual(set(self.visible(user, "logistics.customer.statement", self.statements).ids),
                             set(self.statements.ids))
            report = self.env["logistics.kpi.report"].sudo(user).search([("partner_id", "in", self.partners.ids)])
            self.assertEqual(report.mapped("partner_id"), self.partners)
        with self.assertRaisesRollback(AccessError):
            self.s1.sudo(self.agent).write({"note": "agents only read"})

    def test_team_dashboard_rules(self):
        Dashboard = self.env["logistics.team.dashboard"]
        mine = Dashboard.sudo(self.am1).search([])
        self.assertEqual(mine.mapped("user_id"), self.am1)
        self.assertEqual(mine.account_count, 1)
        self.assertEqual(mine.revenue_12m, 1000.0)
        all_lines = Dashboard.sudo(self.manager).search([("user_id", "in", (self.am1 | self.am2).ids)])
        self.assertEqual(len(all_lines), 2)
        with self.assertRaisesRollback(AccessError):
            Dashboard.sudo(self.agent).search([])

    def test_portal_user_sees_own_statements_only(self):
        portal = create_portal_user(self.env, self.cust1, login="rule.portal@example.com")
        Statement = self.env["logistics.customer.statement"].sudo(portal)
        self.assertEqual(Statement.search([]).ids, self.st1.ids)
        with self.assertRaisesRollback(AccessError):
            self.st2.sudo(portal).read(["month"])
        with self.assertRaisesRollback(AccessError):
            self.env["logistics.shipment"].sudo(portal).search([])

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "Other Logistics Co"})
        self.s2.sudo().write({"company_id": other_company.id})
        self.st2.sudo().write({"company_id": other_company.id})
        self.assertEqual(self.visible(self.manager, "logistics.shipment", self.shipments).ids, self.s1.ids)
        self.assertEqual(self.visible(self.manager, "logistics.customer.statement", self.statements).ids,
                         self.st1.ids)
        report = self.env["logistics.kpi.report"].sudo(self.manager).search(
            [("partner_id", "in", self.partners.ids), ("shipment_count", ">", 0)])
        self.assertEqual(report.mapped("partner_id"), self.cust1)
        campaign = self.env["logistics.survey.campaign"].create({
            "name": "Other company campaign", "company_id": other_company.id,
            "survey_id": self.env.ref("logistics_kpi.survey_satisfaction").id})
        self.assertFalse(self.visible(self.manager, "logistics.survey.campaign", campaign))
