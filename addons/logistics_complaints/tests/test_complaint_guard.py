from odoo.exceptions import UserError
from odoo.tests.common import SavepointCase

from .common import ComplaintFixtures, ago


class TestComplaintWorkflowGuard(ComplaintFixtures, SavepointCase):
    """The workflow fields are set by the action methods (and crons, portal), not by a plain write."""

    @classmethod
    def setUpClass(cls):
        super(TestComplaintWorkflowGuard, cls).setUpClass()
        cls._setup_fixtures(cls, cls.env)

    def _pending_approval(self):
        complaint = self._complaint(env=self.env(user=self.agent), user_id=self.agent.id)
        complaint.action_acknowledge()
        complaint.action_investigate()
        complaint.write({"cause_analysis": "Cause", "corrective_action": "Measure"})
        complaint.action_submit_approval()
        return complaint

    def _refused(self, complaint, vals):
        with self.assertRaises(UserError, msg=vals):
            with self.env.cr.savepoint():
                complaint.write(vals)
        complaint.invalidate_cache()

    def test_agent_and_account_manager_cannot_approve_by_writing_the_state(self):
        complaint = self._pending_approval()
        for user in (self.agent, self.account_manager, self.service_manager):
            as_user = complaint.sudo(user)
            self._refused(as_user, {"state": "approved"})
            self._refused(as_user, {"state": "approved", "approved_by_id": user.id,
                                    "approved_date": ago(hours=1)})
        self.assertEqual(complaint.state, "pending_approval")
        self.assertFalse(complaint.approved_by_id)
        self.assertFalse(complaint.approved_date)
        # the action method does it, for a service manager only
        complaint.sudo(self.service_manager).action_approve()
        self.assertEqual(complaint.state, "approved")
        self.assertEqual(complaint.approved_by_id, self.service_manager)

    def test_dates_flags_and_rating_are_guarded(self):
        complaint = self._complaint(user_id=self.agent.id)
        as_agent = complaint.sudo(self.agent)
        for vals in ({"first_response_date": ago(hours=1)}, {"acknowledged_date": ago(hours=1)},
                     {"resolved_date": ago(hours=1)}, {"closed_date": ago(hours=1)},
                     {"risk_escalated": True}, {"breach_escalated": True}, {"customer_rating": "5"},
                     {"customer_rating_comment": "Great"}, {"rated_date": ago(hours=1)},
                     {"subject": "allowed", "state": "closed"}):
            self._refused(as_agent, vals)
        self.assertEqual(complaint.subject, "Late delivery")
        self.assertFalse(complaint.first_response_date or complaint.risk_escalated or complaint.customer_rating)
        # the other fields stay writable
        as_agent.write({"subject": "Two days late", "cause_analysis": "Truck broke down"})
        self.assertEqual(complaint.subject, "Two days late")

    def test_a_context_key_from_the_client_does_not_bypass_the_guard(self):
        complaint = self._complaint(user_id=self.agent.id)
        as_agent = complaint.sudo(self.agent).with_context(logistics_workflow=True)
        self._refused(as_agent, {"state": "resolved"})
        self.assertEqual(complaint.state, "new")

    def test_create_starts_new(self):
        with self.assertRaises(UserError):
            with self.env.cr.savepoint():
                self._complaint(env=self.env(user=self.agent), state="approved")
        complaint = self._complaint(env=self.env(user=self.agent), state="new", risk_escalated=False)
        self.assertEqual(complaint.state, "new")

    def test_workflow_and_superuser_still_write(self):
        complaint = self._pending_approval()
        self.assertEqual(complaint.state, "pending_approval")
        self.assertTrue(complaint.first_response_date and complaint.acknowledged_date)
        # the tracking of the state change is the agent's, not the superuser's
        tracked = complaint.sudo().message_ids.filtered(
            lambda m: "state" in m.tracking_value_ids.mapped("field"))
        self.assertEqual(tracked.mapped("author_id"), self.agent.partner_id)
        # internal code (sudo / superuser) is not restricted
        complaint.sudo().write({"state": "approved", "resolution": "Done"})
        complaint.sudo(self.agent).action_resolve()
        self.assertEqual(complaint.state, "resolved")
        complaint.sudo(self.agent).action_reopen()
        self.assertEqual(complaint.state, "investigating")
        self.assertFalse(complaint.resolved_date)
