from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests.common import TransactionCase

from odoo.addons.logistics_crm.tests.common import click

from .common import ComplaintFixtures, workflow_to


class TestComplaintWorkflow(ComplaintFixtures, TransactionCase):

    def _as_agent(self, **values):
        return self._complaint(env=self.env(user=self.agent), user_id=self.agent.id, **values)

    def _at(self, state):
        return workflow_to(self._as_agent(), state, self.service_manager)

    def test_reference_from_sequence_and_commercial_partner(self):
        complaint = self._complaint(partner_id=self.contact_a.id, contact_id=False)
        self.assertTrue(complaint.name.startswith("CMP/"), complaint.name)
        self.assertEqual(complaint.partner_id, self.customer_a)
        self.assertEqual(complaint.contact_id, self.contact_a)
        self.assertNotEqual(complaint.name, self._complaint().name)

    def test_full_path_logs_each_step_with_user(self):
        complaint = self._at("approved")
        self.assertEqual(complaint.approved_by_id, self.service_manager)
        complaint.write({"resolution": "Delivered, 5% discount"})
        complaint.action_resolve()
        self.assertTrue(complaint.resolved_date)
        complaint.write({"customer_unreachable": True, "unreachable_reason": "No answer after three calls"})
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")
        bodies = complaint.message_ids.mapped("body")
        for step in ("Complaint acknowledged.", "Investigation started.",
                     "Cause analysis and corrective measures submitted for approval.",
                     "Corrective measures approved.", "Complaint resolved.", "Complaint closed after the revisit."):
            self.assertTrue(any(step in (b or "") for b in bodies), step)
        approval = complaint.message_ids.filtered(lambda m: "Corrective measures approved." in (m.body or ""))
        self.assertIn(self.service_manager.name, approval.body)
        self.assertEqual(approval.author_id, self.service_manager.partner_id)

    def test_submit_needs_analysis_and_measures(self):
        complaint = self._at("investigating")
        with self.assertRaises(UserError):
            complaint.action_submit_approval()
        complaint.cause_analysis = "Cause"
        with self.assertRaises(UserError):
            complaint.action_submit_approval()
        self.assertEqual(complaint.state, "investigating")

    def test_only_service_managers_approve_or_reject(self):
        complaint = self._at("pending_approval")
        with self.assertRaises(AccessError):
            complaint.with_user(self.agent).action_approve()
        with self.assertRaises(AccessError):
            complaint.with_user(self.account_manager).action_reject("no")
        self.assertEqual(complaint.state, "pending_approval")

    def test_reject_through_the_reason_wizard(self):
        complaint = self._at("pending_approval")
        as_manager = complaint.with_user(self.service_manager)
        # the Reject button asks for the reason
        action = click(as_manager.with_context(reason_action="reject"), "action_open_reason_wizard")
        self.assertEqual(action["res_model"], "logistics.complaint.reason.wizard")
        Wizard = self.env["logistics.complaint.reason.wizard"].with_user(self.service_manager).with_context(
            **action["context"])
        wizard = Wizard.create({"reason": "The measure does not remove the root cause"})
        self.assertEqual((wizard.complaint_ids, wizard.reason_action), (complaint, "reject"))
        wizard.action_confirm()
        self.assertEqual(complaint.state, "investigating")
        self.assertEqual(complaint.reject_reason, "The measure does not remove the root cause")
        self.assertIn("Measures rejected, back to investigation. Reason: The measure does not remove the root cause",
                      complaint.message_ids[0].body)
        # an agent cannot reject through the wizard either
        complaint.write({"cause_analysis": "Better cause"})
        complaint.action_submit_approval()
        with self.assertRaises(AccessError):
            self.env["logistics.complaint.reason.wizard"].with_user(self.agent).create(
                {"complaint_ids": [(6, 0, complaint.ids)], "reason_action": "reject", "reason": "x"}).action_confirm()
        self.assertEqual(complaint.state, "pending_approval")

    def test_reject_and_cancel_need_a_reason(self):
        complaint = self._at("pending_approval")
        with self.assertRaises(UserError):
            click(complaint.with_user(self.service_manager), "action_reject")
        self.assertEqual(complaint.state, "pending_approval")
        cancelled = self._complaint()
        with self.assertRaises(UserError):
            cancelled.action_cancel()
        cancelled.action_cancel("Duplicate of another complaint")
        self.assertEqual((cancelled.state, cancelled.cancel_reason), ("cancelled", "Duplicate of another complaint"))
        cancelled.action_reopen()
        self.assertEqual(cancelled.state, "new")

    def test_resolve_needs_resolution_note(self):
        complaint = self._at("approved")
        with self.assertRaises(UserError):
            complaint.action_resolve()
        self.assertEqual(complaint.state, "approved")

    def test_close_needs_the_revisit_with_comment_or_unreachable_reason(self):
        complaint = self._at("resolved")
        with self.assertRaises(UserError):
            complaint.action_close()
        complaint.action_revisit_now()
        complaint.revisit_satisfaction = "4"
        with self.assertRaises(UserError):  # the comment is missing
            complaint.action_close()
        complaint.revisit_comment = "Happy with the replacement"
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")

    def test_close_customer_unreachable_needs_reason(self):
        complaint = self._at("resolved")
        complaint.customer_unreachable = True
        with self.assertRaises(UserError):
            complaint.action_close()
        complaint.unreachable_reason = "Three calls, no answer"
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")

    def test_steps_out_of_order_are_refused(self):
        complaint = self._complaint()
        for action in ("action_investigate", "action_submit_approval", "action_resolve", "action_close",
                       "action_reopen"):
            with self.assertRaises(UserError, msg=action):
                getattr(complaint, action)()
        with self.assertRaises(UserError):
            complaint.with_user(self.service_manager).action_approve()
        self.assertEqual(complaint.state, "new")

    def test_subcategory_must_match_category(self):
        with self.assertRaises(ValidationError):
            self._complaint(category="sales", subcategory_id=self.sub_late.id)

    def test_contact_works_for_the_customer(self):
        other = self.env["res.partner"].create({"name": "Bob of B", "parent_id": self.customer_b.id})
        with self.assertRaises(ValidationError):
            self._complaint(contact_id=other.id)

    def test_negative_amount_refused(self):
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():  # the amounts_positive CHECK
            self._complaint(claimed_amount=-5)

    def test_agent_cannot_delete_but_manager_can_delete_new(self):
        complaint = self._complaint(user_id=self.agent.id)
        with self.assertRaises(AccessError):
            complaint.with_user(self.agent).unlink()
        complaint.with_user(self.service_manager).unlink()
        self.assertFalse(complaint.exists())
        started = self._at("acknowledged")
        with self.assertRaises(UserError):
            started.with_user(self.service_manager).unlink()

    def test_seeded_subcategories_cover_the_six_categories(self):
        subs = self.env["logistics.complaint.subcategory"].search([])
        self.assertEqual(set(subs.mapped("category")),
                         {"operations", "sales", "supplier", "agent", "customer", "force_majeure"})
        self.assertGreaterEqual(len(subs.filtered(lambda s: s.category == "operations")), 7)

    def test_close_with_follow_up_visit_of_logistics_crm(self):
        complaint = self._at("resolved")
        complaint.action_plan_revisit()
        visit = complaint.visit_id
        self.assertEqual((visit.visit_type, visit.partner_id), ("complaint_followup", self.customer_a))
        with self.assertRaises(UserError):  # planned, not done yet
            complaint.action_close()
        self.assertEqual(visit.user_id, self.account_manager)
        as_manager = visit.with_user(self.account_manager)
        as_manager.write({"date_start": complaint.resolved_date, "satisfaction": "5", "outcome": "Happy"})
        as_manager.action_done()
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.revisit_satisfaction, "5")
        self.assertEqual(complaint.revisit_user_id, visit.user_id)
        self.assertIn("Happy", complaint.revisit_comment)

    def test_views_load_for_each_role(self):
        for user in (self.agent, self.account_manager, self.service_manager):
            views = self.Complaint.with_user(user).get_views(
                [(False, "form"), (False, "list"), (False, "kanban"), (False, "search"), (False, "pivot")])
            form = views["views"]["form"]["arch"]
            self.assertIn('name="cause_analysis"', form)
            self.assertEqual('name="action_approve"' in form, user == self.service_manager, user.login)
        settings = self.env["res.config.settings"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("complaint_warning_points", settings)
