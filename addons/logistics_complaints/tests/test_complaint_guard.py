from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests.common import TransactionCase

from .common import ComplaintFixtures, ago, workflow_to


class TestComplaintWorkflowGuard(ComplaintFixtures, TransactionCase):
    """The workflow fields are set by the action methods (and crons, portal), not by a plain write;
    what was approved stays approved, what was received stays received."""

    def _at(self, state):
        complaint = self._complaint(env=self.env(user=self.agent), user_id=self.agent.id)
        return workflow_to(complaint, state, self.service_manager)

    def _refused(self, complaint, vals):
        with self.assertRaises(UserError, msg=vals), self.env.cr.savepoint():
            complaint.write(vals)
        self.env.invalidate_all()

    def test_nobody_approves_by_writing_the_state(self):
        complaint = self._at("pending_approval")
        for user in (self.agent, self.account_manager, self.service_manager):
            as_user = complaint.with_user(user)
            self._refused(as_user, {"state": "approved"})
            self._refused(as_user, {"state": "approved", "approved_by_id": user.id, "approved_date": ago(hours=1)})
        self.assertEqual(complaint.state, "pending_approval")
        self.assertFalse(complaint.approved_by_id or complaint.approved_date)
        complaint.with_user(self.service_manager).action_approve()
        self.assertEqual((complaint.state, complaint.approved_by_id), ("approved", self.service_manager))

    def _a_rating(self, complaint):
        return self.env["rating.rating"].sudo().create({
            "res_model_id": self.env["ir.model"]._get_id(complaint._name), "res_id": complaint.id,
            "partner_id": complaint.partner_id.id, "rating": 5, "consumed": True})

    def test_dates_escalations_and_rating_are_guarded(self):
        complaint = self._complaint(user_id=self.agent.id)
        as_agent = complaint.with_user(self.agent)
        for vals in ({"first_response_date": ago(hours=1)}, {"acknowledged_date": ago(hours=1)},
                     {"resolved_date": ago(hours=1)}, {"closed_date": ago(hours=1)},
                     {"response_escalation": 1.0}, {"resolution_escalation": 0.5},
                     {"customer_rating_id": self._a_rating(complaint).id},
                     {"subject": "allowed", "state": "closed"}):
            self._refused(as_agent, vals)
        self.assertEqual(complaint.subject, "Late delivery")
        self.assertFalse(complaint.first_response_date or complaint.response_escalation or complaint.customer_rating)
        as_agent.write({"subject": "Two days late", "cause_analysis": "Truck broke down"})
        self.assertEqual(complaint.subject, "Two days late")

    def test_a_context_key_from_the_client_does_not_bypass_the_guard(self):
        complaint = self._complaint(user_id=self.agent.id)
        self._refused(complaint.with_user(self.agent).with_context(logistics_workflow=True), {"state": "resolved"})
        self.assertEqual(complaint.state, "new")

    def test_create_starts_new(self):
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self._complaint(env=self.env(user=self.agent), state="approved")
        self.assertEqual(self._complaint(env=self.env(user=self.agent), state="new").state, "new")

    def test_received_date_is_fixed_once_acknowledged(self):
        complaint = self._complaint(env=self.env(user=self.agent), user_id=self.agent.id)
        complaint.write({"received_date": ago(hours=2)})  # still new: a typo can be corrected
        complaint.action_acknowledge()
        self._refused(complaint.with_user(self.agent), {"received_date": ago(hours=5)})
        self._refused(complaint.with_user(self.service_manager), {"received_date": ago(hours=5)})
        self.assertAlmostEqual((complaint.acknowledged_date - complaint.received_date).total_seconds(), 7200, delta=60)

    def test_changing_approved_content_asks_for_approval_again(self):
        complaint = self._at("approved")
        complaint.with_user(self.agent).write({"resolution": "Replacement sent"})  # not what was approved
        self.assertEqual(complaint.state, "approved")
        complaint.with_user(self.agent).write({"corrective_action": "Another measure"})
        self.assertEqual(complaint.state, "pending_approval")
        self.assertFalse(complaint.approved_by_id or complaint.approved_date)
        self.assertIn("submitted for approval again", complaint.message_ids[0].body)
        complaint.with_user(self.service_manager).action_approve()
        complaint.with_user(self.agent).write({"cause_analysis": "Another cause"})
        self.assertEqual(complaint.state, "pending_approval")

    def test_resolved_content_is_refused(self):
        complaint = self._at("resolved")
        for vals in ({"cause_analysis": "Rewritten"}, {"corrective_action": "Rewritten"}, {"resolution": "Rewritten"}):
            self._refused(complaint.with_user(self.agent), vals)
        self.assertEqual((complaint.cause_analysis, complaint.resolution), ("Cause", "Done"))
        complaint.with_user(self.agent).action_reopen()
        complaint.with_user(self.agent).write({"resolution": "Done again"})
        self.assertEqual(complaint.resolution, "Done again")

    def _flush_tracking(self):
        """What the end of a request does: the tracking messages are written."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def test_workflow_and_superuser_still_write(self):
        complaint = self._complaint(env=self.env(user=self.agent), user_id=self.agent.id)
        self._flush_tracking()  # the creation is its own request
        complaint.action_acknowledge()
        self._flush_tracking()
        complaint.action_investigate()
        self._flush_tracking()
        complaint.write({"cause_analysis": "Cause", "corrective_action": "Measure"})
        complaint.action_submit_approval()
        self._flush_tracking()
        self.assertTrue(complaint.first_response_date and complaint.acknowledged_date)
        # the tracking of each state change is the agent's, not the superuser's
        tracked = self.env["mail.tracking.value"].sudo().search([
            ("mail_message_id.model", "=", "logistics.complaint"), ("mail_message_id.res_id", "=", complaint.id),
            ("field_id.name", "=", "state")]).mail_message_id
        self.assertEqual(len(tracked), 3)
        self.assertEqual(tracked.author_id, self.agent.partner_id)
        # the portal timeline reads the states from these tracking values
        self.assertEqual([label for _date, label in complaint._portal_timeline()],
                         ["Acknowledged", "Investigating", "Pending approval"])
        self.assertEqual([label for _date, label in complaint.with_context(lang="zh_CN")._portal_timeline()],
                         ["已受理", "调查中", "待审批"])
        # a complaint brought in without its history (the demo, an import): the steps' own dates
        imported = self._complaint().sudo().with_context(tracking_disable=True)
        received = imported.received_date
        imported.write({"state": "resolved", "acknowledged_date": received + timedelta(hours=2),
                        "approved_date": received + timedelta(hours=20),
                        "resolved_date": received + timedelta(hours=30),
                        "first_response_date": received + timedelta(hours=2), "resolution": "Done"})
        self.assertEqual([label for _date, label in imported.with_context(lang="zh_CN")._portal_timeline()],
                         ["已受理", "已批准", "已解决"])
        complaint.sudo().write({"state": "approved", "resolution": "Done"})
        complaint.with_user(self.agent).action_resolve()
        self.assertEqual(complaint.state, "resolved")
        complaint.with_user(self.agent).action_reopen()
        self.assertEqual(complaint.state, "investigating")
        self.assertFalse(complaint.resolved_date)
