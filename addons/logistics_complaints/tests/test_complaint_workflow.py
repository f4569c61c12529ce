from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests.common import SavepointCase

from odoo.addons.logistics_crm.tests.common import click

from .common import ComplaintFixtures, translated


class TestComplaintWorkflow(ComplaintFixtures, SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestComplaintWorkflow, cls).setUpClass()
        cls._setup_fixtures(cls, cls.env)

    def _investigating(self):
        complaint = self._complaint(env=self.env(user=self.agent), user_id=self.agent.id)
        complaint.action_acknowledge()
        complaint.action_investigate()
        return complaint

    def _pending_approval(self):
        complaint = self._investigating()
        complaint.write({"cause_analysis": "Cause", "corrective_action": "Measure"})
        complaint.action_submit_approval()
        return complaint

    def _approved(self):
        complaint = self._pending_approval()
        complaint.sudo(self.service_manager).action_approve()
        return complaint

    def _resolved(self):
        complaint = self._approved()
        complaint.write({"resolution": "Done"})
        complaint.action_resolve()
        return complaint

    def test_reference_from_sequence_and_commercial_partner(self):
        complaint = self._complaint(partner_id=self.contact_a.id, contact_id=False)
        self.assertTrue(complaint.name.startswith("CMP/"), complaint.name)
        self.assertEqual(complaint.partner_id, self.customer_a)
        self.assertEqual(complaint.contact_id, self.contact_a)
        other = self._complaint()
        self.assertNotEqual(complaint.name, other.name)

    def test_full_path_logs_each_step_with_user(self):
        complaint = self._investigating()
        complaint.write({"cause_analysis": "Truck broke down", "corrective_action": "Backup truck pool"})
        complaint.action_submit_approval()
        complaint.sudo(self.service_manager).action_approve()
        self.assertEqual(complaint.approved_by_id, self.service_manager)
        complaint.write({"resolution": "Delivered, 5% discount"})
        complaint.action_resolve()
        self.assertTrue(complaint.resolved_date)
        complaint.write({"unreachable_reason": "No answer after three calls"})
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")
        notes = complaint.message_ids.mapped("body")
        for step in ("Complaint acknowledged.", "Investigation started.",
                     "Cause analysis and corrective measures submitted for approval.",
                     "Corrective measures approved.", "Complaint resolved.", "Complaint closed after the revisit."):
            text = translated(self.env, step)
            self.assertTrue(any(text in (b or "") for b in notes), step)
        approved = translated(self.env, "Corrective measures approved.")
        approval = complaint.message_ids.filtered(lambda m: approved in (m.body or ""))
        self.assertIn(self.service_manager.name, approval[0].body)
        self.assertEqual(approval[0].author_id, self.service_manager.partner_id)

    def test_submit_needs_analysis_and_measures(self):
        complaint = self._investigating()
        with self.assertRaises(UserError):
            complaint.action_submit_approval()
        complaint.cause_analysis = "Cause"
        with self.assertRaises(UserError):
            complaint.action_submit_approval()
        self.assertEqual(complaint.state, "investigating")

    def test_only_service_managers_approve_or_reject(self):
        complaint = self._pending_approval()
        with self.assertRaises(AccessError):
            complaint.sudo(self.agent).action_approve()
        with self.assertRaises(AccessError):
            complaint.sudo(self.account_manager).action_reject("no")
        self.assertEqual(complaint.state, "pending_approval")

    def test_reject_needs_reason_and_returns_to_investigating(self):
        complaint = self._pending_approval()
        as_manager = complaint.sudo(self.service_manager)
        with self.assertRaises(UserError):
            as_manager.action_reject()
        as_manager.action_reject("The measure does not remove the root cause")
        self.assertEqual(complaint.state, "investigating")
        self.assertIn("root cause", complaint.reject_reason)
        self.assertTrue(any("root cause" in (m.body or "") for m in complaint.message_ids))
        self.assertIn(translated(self.env, "Measures rejected, back to investigation. Reason: %s")
                      % "The measure does not remove the root cause", complaint.message_ids.mapped("body")[0])

    def test_reject_and_cancel_buttons_of_the_form(self):
        # the buttons pass the context where a reason may be given: the reason
        # written in the form's field is the one kept
        complaint = self._pending_approval()
        as_manager = complaint.sudo(self.service_manager)
        with self.assertRaises(UserError):
            click(as_manager, "action_reject")
        as_manager.reject_reason = "Measure too vague"
        click(as_manager, "action_reject")
        self.assertEqual((complaint.state, complaint.reject_reason), ("investigating", "Measure too vague"))
        with self.assertRaises(UserError):
            click(complaint, "action_cancel")
        complaint.cancel_reason = "Customer withdrew it"
        click(complaint, "action_cancel")
        self.assertEqual((complaint.state, complaint.cancel_reason), ("cancelled", "Customer withdrew it"))

    def test_resolve_needs_resolution_note(self):
        complaint = self._approved()
        with self.assertRaises(UserError):
            complaint.action_resolve()
        self.assertEqual(complaint.state, "approved")

    def test_close_needs_revisit_or_reason(self):
        complaint = self._resolved()
        with self.assertRaises(UserError):
            complaint.action_close()
        complaint.action_revisit_now()
        with self.assertRaises(UserError):  # satisfaction still missing
            complaint.action_close()
        complaint.revisit_satisfaction = "4"
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")

    def test_steps_out_of_order_are_refused(self):
        complaint = self._complaint()
        for action in ("action_investigate", "action_submit_approval", "action_resolve", "action_close",
                       "action_reopen"):
            with self.assertRaises(UserError, msg=action):
                getattr(complaint, action)()
        with self.assertRaises(UserError):
            complaint.sudo(self.service_manager).action_approve()
        self.assertEqual(complaint.state, "new")

    def test_cancel_needs_reason_and_reopen(self):
        complaint = self._complaint()
        with self.assertRaises(UserError):
            complaint.action_cancel()
        complaint.action_cancel("Duplicate of another complaint")
        self.assertEqual(complaint.state, "cancelled")
        complaint.action_reopen()
        self.assertEqual(complaint.state, "new")

    def test_subcategory_must_match_category(self):
        with self.assertRaises(ValidationError):
            self._complaint(category="sales", subcategory_id=self.sub_late.id)

    def test_negative_amount_refused(self):
        with self.assertRaises(Exception):
            with self.env.cr.savepoint():
                self._complaint(claimed_amount=-5)

    def test_agent_cannot_delete_but_manager_can_delete_new(self):
        complaint = self._complaint(user_id=self.agent.id)
        with self.assertRaises(AccessError):
            complaint.sudo(self.agent).unlink()
        complaint.sudo(self.service_manager).unlink()
        self.assertFalse(complaint.exists())

    def test_seeded_subcategories_cover_the_six_categories(self):
        subs = self.env["logistics.complaint.subcategory"].search([])
        self.assertEqual(set(subs.mapped("category")),
                         {"operations", "sales", "supplier", "agent", "customer", "force_majeure"})
        self.assertGreaterEqual(len(subs.filtered(lambda s: s.category == "operations")), 7)

    def test_close_with_follow_up_visit_of_logistics_crm(self):
        complaint = self._resolved()
        complaint.action_plan_revisit()
        visit = complaint.visit_id
        self.assertEqual(visit.visit_type, "complaint_followup")
        self.assertEqual(visit.partner_id, self.customer_a)
        with self.assertRaises(UserError):  # planned, not done yet
            complaint.action_close()
        self.assertEqual(visit.user_id, self.account_manager)
        as_manager = visit.sudo(self.account_manager)
        as_manager.write({"date_start": complaint.resolved_date, "satisfaction": "5", "outcome": "Happy"})
        as_manager.action_done()
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.revisit_satisfaction, "5")
        self.assertEqual(complaint.revisit_user_id, visit.user_id)
