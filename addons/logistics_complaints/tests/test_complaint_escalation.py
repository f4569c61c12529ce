from odoo.tests.common import SavepointCase

from .common import ComplaintFixtures, ago, translated


class TestComplaintEscalation(ComplaintFixtures, SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestComplaintEscalation, cls).setUpClass()
        cls._setup_fixtures(cls, cls.env)
        cls.env["logistics.complaint.sla.policy"].search([]).unlink()
        cls.Complaint = cls.env["logistics.complaint"]
        # the demo complaints are escalated once, so that only ours are new
        cls.Complaint._cron_escalate()

    def _activities(self, complaint):
        return self.env["mail.activity"].search([("res_model", "=", "logistics.complaint"),
                                                 ("res_id", "=", complaint.id)])

    def _breach_messages(self, complaint):
        subject = translated(self.env, "SLA breached: %s") % complaint.name
        return complaint.message_ids.filtered(lambda m: m.subject == subject)

    def test_cron_run_twice_escalates_once(self):
        at_risk = self._complaint(received_date=ago(hours=10), user_id=self.agent.id)
        breached = self._complaint(received_date=ago(hours=13), user_id=self.agent2.id)
        on_track = self._complaint(received_date=ago(hours=1), user_id=self.agent.id)
        first = self.Complaint._cron_escalate()
        second = self.Complaint._cron_escalate()
        self.assertEqual(first["at_risk"], [at_risk.id])
        self.assertEqual(first["breached"], [breached.id])
        self.assertEqual(second, {"at_risk": [], "breached": []})
        activities = self._activities(at_risk)
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.agent)
        self.assertFalse(self._activities(on_track))
        messages = self._breach_messages(breached)
        self.assertEqual(len(messages), 1)
        self.assertIn(self.service_manager.partner_id, messages.partner_ids)
        self.assertIn(self.service_manager.partner_id, messages.mapped("notification_ids.res_partner_id"))
        self.assertFalse(self._breach_messages(at_risk))
        digests = self.env["mail.mail"].search([("body_html", "ilike", breached.name)])
        self.assertEqual(len(digests), 1)
        self.assertIn(self.service_manager.email, digests.email_to)
        self.assertNotIn(at_risk.name, digests.body_html)

    def test_at_risk_then_breached_gets_both_once(self):
        complaint = self._complaint(received_date=ago(hours=10), user_id=self.agent.id)
        self.Complaint._cron_escalate()
        # the deadline passes
        self.env.cr.execute("UPDATE logistics_complaint SET response_deadline = %s WHERE id = %s",
                            (ago(hours=0.1), complaint.id))
        complaint.invalidate_cache()
        self.Complaint._cron_escalate()
        self.Complaint._cron_escalate()
        self.assertEqual(complaint.sla_status, "breached")
        self.assertEqual(len(self._activities(complaint)), 1)
        self.assertEqual(len(self._breach_messages(complaint)), 1)

    def test_unassigned_complaint_goes_to_account_manager(self):
        complaint = self._complaint(received_date=ago(hours=10))
        self.Complaint._cron_escalate()
        self.assertEqual(self._activities(complaint).user_id, self.account_manager)

    def test_resolved_complaints_are_not_escalated(self):
        complaint = self._complaint(received_date=ago(hours=13))
        complaint.write({"state": "resolved", "resolved_date": ago(hours=12.5),
                         "first_response_date": ago(hours=0.5)})
        self.assertEqual(complaint.sla_status, "breached")
        self.Complaint._cron_escalate()
        self.assertFalse(self._breach_messages(complaint))

    def test_batches_loop_until_nothing_is_left(self):
        self.env["ir.config_parameter"].sudo().set_param("logistics_complaints.escalation_batch", "2")
        at_risk = self.Complaint.browse()
        for _i in range(5):
            at_risk |= self._complaint(received_date=ago(hours=10), user_id=self.agent.id)
        breached = self._complaint(received_date=ago(hours=13)) | self._complaint(received_date=ago(hours=14)) \
            | self._complaint(received_date=ago(hours=15))
        first = self.Complaint._cron_escalate()
        self.assertEqual(sorted(first["at_risk"]), at_risk.ids)
        self.assertEqual(sorted(first["breached"]), breached.ids)
        self.assertTrue(all(at_risk.mapped("risk_escalated")))
        self.assertTrue(all(breached.mapped("breach_escalated")))
        for complaint in at_risk:
            self.assertEqual(len(self._activities(complaint)), 1)
        for complaint in breached:
            self.assertEqual(len(self._breach_messages(complaint)), 1)
        self.assertEqual(self.Complaint._cron_escalate(), {"at_risk": [], "breached": []})
        self.assertEqual(len(self._activities(at_risk[0])), 1)

    def test_reopened_breach_is_not_reported_again(self):
        complaint = self._complaint(received_date=ago(hours=50), user_id=self.agent.id)
        self.Complaint._cron_escalate()
        self.assertEqual(len(self._breach_messages(complaint)), 1)
        complaint.action_cancel("Duplicate of a phone call")
        complaint.action_reopen()
        self.assertEqual(complaint.sla_status, "breached")
        self.assertEqual(self.Complaint._cron_escalate(), {"at_risk": [], "breached": []})
        self.assertEqual(len(self._breach_messages(complaint)), 1)
