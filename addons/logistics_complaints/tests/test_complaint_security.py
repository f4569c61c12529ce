from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import TransactionCase

from ..controllers import intake
from .common import ComplaintFixtures, workflow_to

INTERNAL = ["cause_analysis", "corrective_action", "department", "compensation_amount", "responsible_partner_id",
            "revisit_comment", "customer_tier", "account_manager_id", "reject_reason", "cancel_reason",
            "unreachable_reason", "revisit_satisfaction", "approved_by_id", "sla_policy_id", "is_repeat",
            "response_escalation", "sla_next_escalation"]


class TestComplaintSecurity(ComplaintFixtures, TransactionCase):
    """One test per record rule, and one per hole of issue 12."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.c_agent = cls._complaint(user_id=cls.agent.id, subject="agent's")
        cls.c_agent2 = cls._complaint(user_id=cls.agent2.id, subject="agent2's")
        cls.c_queue = cls._complaint(user_id=False, subject="queue")
        cls.c_b = cls._complaint(partner_id=cls.customer_b.id, contact_id=False, user_id=cls.agent2.id,
                                 subject="B's")
        cls.ours = cls.c_agent | cls.c_agent2 | cls.c_queue | cls.c_b

    def _visible(self, user):
        return self.Complaint.with_user(user).search([("id", "in", self.ours.ids)])

    # ---- record rules
    def test_rule_agent_sees_queue_own_and_followed(self):
        self.assertEqual(self._visible(self.agent), self.c_agent | self.c_queue)
        with self.assertRaises(AccessError):
            self.c_agent2.with_user(self.agent).read(["name"])
        self.c_agent2.message_subscribe(partner_ids=self.agent.partner_id.ids)
        self.assertEqual(self._visible(self.agent), self.c_agent | self.c_queue | self.c_agent2)

    def test_rule_account_manager_sees_his_accounts(self):
        self.assertEqual(self._visible(self.account_manager), self.c_agent | self.c_agent2 | self.c_queue)
        with self.assertRaises(AccessError):
            self.c_b.with_user(self.account_manager).read(["name"])

    def test_rule_service_manager_sees_all(self):
        self.assertEqual(self._visible(self.service_manager), self.ours)

    def test_rule_portal_sees_own_company_only_and_cannot_write(self):
        self.assertEqual(self._visible(self.portal_a), self.c_agent | self.c_agent2 | self.c_queue)
        self.assertEqual(self._visible(self.portal_b), self.c_b)
        with self.assertRaises(AccessError):
            self.c_b.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            self.c_agent.with_user(self.portal_a).write({"subject": "changed"})
        with self.assertRaises(AccessError):
            self.Complaint.with_user(self.portal_a).create({"partner_id": self.customer_a.id})
        with self.assertRaises(AccessError):
            self.c_agent.with_user(self.portal_a).action_acknowledge()
        self.assertEqual(self.c_agent.state, "new")

    def test_rule_multi_company(self):
        other = self.env["res.company"].create({"name": "Other logistics company"})
        complaint = self._complaint(company_id=other.id, user_id=False)
        self.assertFalse(self.Complaint.with_user(self.service_manager).search([("id", "=", complaint.id)]))
        self.service_manager.write({"company_ids": [(4, other.id)], "company_id": other.id})
        self.assertTrue(self.Complaint.with_user(self.service_manager).with_context(
            allowed_company_ids=[other.id]).search([("id", "=", complaint.id)]))

    def test_rule_report_account_manager_and_service_manager(self):
        Report = self.env["logistics.complaint.report"]
        self.env.flush_all()
        self.assertEqual(set(Report.with_user(self.account_manager).search(
            [("complaint_id", "in", self.ours.ids)]).mapped("complaint_id").ids),
            set((self.c_agent | self.c_agent2 | self.c_queue).ids))
        self.assertEqual(len(Report.with_user(self.service_manager).search([("complaint_id", "in", self.ours.ids)])), 4)
        with self.assertRaises(AccessError):
            Report.with_user(self.agent).search([])
        with self.assertRaises(AccessError):
            Report.with_user(self.portal_a).search([])

    def test_rule_report_multi_company(self):
        other = self.env["res.company"].create({"name": "Other report company"})
        complaint = self._complaint(company_id=other.id)
        self.env.flush_all()
        self.assertFalse(self.env["logistics.complaint.report"].with_user(self.service_manager).search(
            [("complaint_id", "=", complaint.id)]))

    def test_rule_sla_policy_multi_company_and_rights(self):
        other = self.env["res.company"].create({"name": "Other SLA company"})
        Policy = self.env["logistics.complaint.sla.policy"]
        policy = Policy.create({"severity": "low", "response_hours": 1, "resolution_hours": 2, "company_id": other.id})
        self.assertFalse(Policy.with_user(self.service_manager).search([("id", "=", policy.id)]))
        with self.assertRaises(AccessError):
            Policy.with_user(self.agent).create({"severity": "high", "response_hours": 1, "resolution_hours": 2})

    def test_agent_cannot_change_subcategories(self):
        with self.assertRaises(AccessError):
            self.sub_late.with_user(self.agent).write({"name": "x"})

    # ---- holes of issue 12
    def test_hole_followers_are_employees_and_the_customers_contacts(self):
        # an agent adding another customer's portal user to complaint A (who would then get
        # its mails with the link, read it and post in it)
        with self.assertRaises(AccessError):
            self.c_queue.with_user(self.agent).message_subscribe(partner_ids=self.portal_b.partner_id.ids)
        self.assertNotIn(self.portal_b.partner_id, self.c_queue.message_partner_ids)
        # a portal user subscribing himself to another customer's complaint
        self.c_agent.with_user(self.portal_b).message_subscribe(partner_ids=self.portal_b.partner_id.ids)
        self.assertNotIn(self.portal_b.partner_id, self.c_agent.message_partner_ids)
        with self.assertRaises(AccessError):
            self.c_agent.with_user(self.portal_b).read(["name"])
        # even the superuser's code cannot make an outsider a follower
        with self.assertRaises(AccessError):
            self.c_agent.message_subscribe(partner_ids=self.customer_b.ids)
        # nor an automatic subscription (a stranger's mail, a post): left out
        self.c_agent._message_subscribe(partner_ids=(self.customer_b | self.agent2.partner_id).ids)
        self.assertNotIn(self.customer_b, self.c_agent.message_partner_ids)
        self.assertIn(self.agent2.partner_id, self.c_agent.message_partner_ids)
        # employees and the customer's own contacts may follow
        self.c_queue.with_user(self.agent).message_subscribe(partner_ids=(self.agent2.partner_id
                                                                          | self.portal_a.partner_id).ids)
        self.assertTrue({self.agent2.partner_id, self.portal_a.partner_id} <= set(self.c_queue.message_partner_ids))

    def test_hole_no_token_link_to_another_customer(self):
        self.c_queue.with_user(self.agent).with_context(mail_notify_force_send=False).message_post(
            body="FYI", message_type="comment", subtype_xmlid="mail.mt_comment",
            partner_ids=(self.portal_b.partner_id | self.contact_a).ids)
        mails = self.env["mail.mail"].search([("mail_message_id.body", "ilike", "FYI"),
                                              ("model", "=", "logistics.complaint"), ("res_id", "=", self.c_queue.id)])
        to_b = mails.filtered(lambda m: self.portal_b.partner_id in m.recipient_ids)
        to_a = mails.filtered(lambda m: self.contact_a in m.recipient_ids)
        self.assertTrue(to_a and to_b)
        self.assertIn("access_token=%s" % self.c_queue.access_token, to_a.body_html.replace("&amp;", "&"))
        self.assertNotIn(self.c_queue.access_token, to_b.body_html)

    def test_hole_internal_fields_unreadable_by_customers(self):
        workflow_to(self.c_agent, "approved", self.service_manager)
        self.c_agent.write({"department": "Shanghai depot", "compensation_amount": 500,
                            "responsible_partner_id": self.customer_b.id, "revisit_comment": "angry"})
        as_portal = self.c_agent.with_user(self.portal_a)
        self.assertEqual(as_portal.read(["name", "subject", "state"])[0]["state"], "approved")
        for name in INTERNAL:
            with self.assertRaises(AccessError, msg=name):
                as_portal.read([name])
        self.assertFalse(set(INTERNAL) & set(as_portal.fields_get()))
        row = as_portal.search_read([("id", "=", self.c_agent.id)])[0]
        self.assertFalse(set(INTERNAL) & set(row))
        with self.assertRaises(AccessError):
            self.Complaint.with_user(self.portal_a).search([("cause_analysis", "ilike", "Cause")])
        # the staff still reads them
        self.assertEqual(self.c_agent.with_user(self.agent).read(["department"])[0]["department"], "Shanghai depot")

    def test_hole_ratings_only_by_the_customer_once_per_resolution(self):
        workflow_to(self.c_agent, "resolved", self.service_manager)
        with self.assertRaises(AccessError):  # another customer
            self.c_agent.with_user(self.portal_b).action_rate(1, "bad")
        with self.assertRaises(AccessError):  # an employee
            self.c_agent.with_user(self.agent).action_rate(5, "great")
        self.c_agent.with_user(self.portal_a).action_rate(4, "Good job")
        self.assertEqual((self.c_agent.customer_rating, self.c_agent.customer_rating_comment), ("4", "Good job"))
        rating = self.env["rating.rating"].search([("res_model", "=", "logistics.complaint"),
                                                   ("res_id", "=", self.c_agent.id), ("consumed", "=", True)])
        self.assertEqual((rating.rating, rating.partner_id), (4.0, self.portal_a.partner_id))
        with self.assertRaises(ValidationError):  # once
            self.c_agent.with_user(self.portal_a).action_rate(1, "changed my mind")
        # the token of the rating (mail links /rate/<token>/...) does not change it either
        self.c_agent.sudo().rating_apply(1, token=rating.access_token, feedback="rewritten")
        self.assertEqual((self.c_agent.customer_rating, rating.rating, rating.feedback), ("4", 4.0, "Good job"))
        # nobody else reads it
        with self.assertRaises(AccessError):
            self.c_agent.with_user(self.portal_b).read(["customer_rating"])
        with self.assertRaises(AccessError):
            self.env["rating.rating"].with_user(self.portal_b).search_read([], ["rating"])
        with self.assertRaises(AccessError):
            rating.with_user(self.portal_a).write({"rating": 1})
        # a new resolution is rated again
        self.c_agent.action_reopen()
        self.assertFalse(self.c_agent.customer_rating)
        self.c_agent.action_submit_approval()
        self.c_agent.with_user(self.service_manager).action_approve()
        self.c_agent.action_resolve()
        self.c_agent.with_user(self.portal_a).action_rate(5, "Better now")
        self.assertEqual(self.c_agent.customer_rating, "5")
        # stored once, by rating.mixin: both resolutions' ratings kept there, the complaint
        # only points at the current one
        self.assertEqual((self.c_agent.customer_rating_id.rating, self.c_agent.customer_rating_comment),
                         (5.0, "Better now"))
        self.assertEqual(sorted(self.c_agent.rating_ids.filtered("consumed").mapped("rating")), [4.0, 5.0])
        self.assertFalse(self.c_agent._fields["customer_rating"].store)

    def test_hole_portal_name_with_markup_is_escaped_in_the_staff_chatter(self):
        self.portal_a.partner_id.name = '<a href="https://evil.example.com">Click me</a>'
        env = self.env(user=self.portal_a)
        complaint = intake.create_complaint(env, {"problem_type": "late_delivery", "description": "Late again"}, [])
        note = complaint.message_ids.filtered(lambda m: "submitted on the portal" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertNotIn('<a href="https://evil.example.com">', note.body)
        self.assertIn("&lt;a href=", note.body)
