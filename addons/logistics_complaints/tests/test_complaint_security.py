from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase

from .common import ComplaintFixtures


class TestComplaintSecurity(ComplaintFixtures, SavepointCase):
    """One test per record rule (and the access rights around them)."""

    @classmethod
    def setUpClass(cls):
        super(TestComplaintSecurity, cls).setUpClass()
        cls._setup_fixtures(cls, cls.env)
        self = cls
        cls.c_agent = cls._complaint(self, user_id=cls.agent.id, subject="agent's")
        cls.c_agent2 = cls._complaint(self, user_id=cls.agent2.id, subject="agent2's")
        cls.c_queue = cls._complaint(self, user_id=False, subject="queue")
        cls.c_b = cls._complaint(self, partner_id=cls.customer_b.id, contact_id=False, user_id=cls.agent2.id,
                                 subject="B's")
        cls.ours = cls.c_agent | cls.c_agent2 | cls.c_queue | cls.c_b

    def _visible(self, user):
        return self.env["logistics.complaint"].sudo(user).search([("id", "in", self.ours.ids)])

    def test_rule_agent_sees_queue_own_and_followed(self):
        self.assertEqual(self._visible(self.agent), self.c_agent | self.c_queue)
        with self.assertRaises(AccessError):
            self.c_agent2.sudo(self.agent).read(["name"])
        self.c_agent2.message_subscribe(partner_ids=self.agent.partner_id.ids)
        self.assertEqual(self._visible(self.agent), self.c_agent | self.c_queue | self.c_agent2)

    def test_rule_account_manager_sees_his_accounts(self):
        # customer A belongs to the account manager; agent2's complaint of A is visible, B's is not
        self.assertEqual(self._visible(self.account_manager), self.c_agent | self.c_agent2 | self.c_queue)
        with self.assertRaises(AccessError):
            self.c_b.sudo(self.account_manager).read(["name"])

    def test_rule_service_manager_sees_all(self):
        self.assertEqual(self._visible(self.service_manager), self.ours)

    def test_rule_portal_sees_own_company_only_and_cannot_write(self):
        self.assertEqual(self._visible(self.portal_a), self.c_agent | self.c_agent2 | self.c_queue)
        self.assertEqual(self._visible(self.portal_b), self.c_b)
        with self.assertRaises(AccessError):
            self.c_b.sudo(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            self.c_agent.sudo(self.portal_a).write({"subject": "changed"})
        with self.assertRaises(AccessError):
            self.env["logistics.complaint"].sudo(self.portal_a).create({"partner_id": self.customer_a.id})

    def test_rule_multi_company(self):
        other = self.env["res.company"].create({"name": "Other logistics company"})
        complaint = self._complaint(company_id=other.id, user_id=False)
        self.assertFalse(self.env["logistics.complaint"].sudo(self.service_manager).search(
            [("id", "=", complaint.id)]))
        self.service_manager.write({"company_ids": [(4, other.id)], "company_id": other.id})
        self.env["ir.rule"].clear_caches()
        self.assertTrue(self.env["logistics.complaint"].sudo(self.service_manager).search(
            [("id", "=", complaint.id)]))

    def test_rule_report_account_manager_and_service_manager(self):
        Report = self.env["logistics.complaint.report"]
        self.assertEqual(set(Report.sudo(self.account_manager).search(
            [("complaint_id", "in", self.ours.ids)]).mapped("complaint_id").ids),
            set((self.c_agent | self.c_agent2 | self.c_queue).ids))
        self.assertEqual(len(Report.sudo(self.service_manager).search([("complaint_id", "in", self.ours.ids)])), 4)
        with self.assertRaises(AccessError):
            Report.sudo(self.agent).search([])

    def test_rule_report_multi_company(self):
        other = self.env["res.company"].create({"name": "Other report company"})
        complaint = self._complaint(company_id=other.id)
        self.assertFalse(self.env["logistics.complaint.report"].sudo(self.service_manager).search(
            [("complaint_id", "=", complaint.id)]))

    def test_rule_sla_policy_multi_company_and_rights(self):
        other = self.env["res.company"].create({"name": "Other SLA company"})
        policy = self.env["logistics.complaint.sla.policy"].create(
            {"severity": "low", "response_hours": 1, "resolution_hours": 2, "company_id": other.id})
        Policy = self.env["logistics.complaint.sla.policy"]
        self.assertFalse(Policy.sudo(self.service_manager).search([("id", "=", policy.id)]))
        with self.assertRaises(AccessError):
            Policy.sudo(self.agent).create({"severity": "high", "response_hours": 1, "resolution_hours": 2})

    def test_agent_cannot_change_subcategories(self):
        with self.assertRaises(AccessError):
            self.sub_late.sudo(self.agent).write({"name": "x"})
