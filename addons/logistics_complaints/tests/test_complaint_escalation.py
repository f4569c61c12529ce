from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.tests.common import TransactionCase

from .common import ComplaintFixtures, ago


class TestComplaintEscalation(ComplaintFixtures, TransactionCase):
    """Per clock (response, resolution): warnings at 50 % and 80 % of the time, the breach notice
    to the Service Managers at 100 %, each once per clock and episode."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["logistics.complaint.sla.policy"].search([]).unlink()
        cls.env["ir.config_parameter"].sudo().set_param("logistics_complaints.warning_points", "50,80")
        cls.Complaint._cron_escalate()  # the complaints already there are handled: only ours are new
        # the breach notes read in the managers' language, the company's when theirs differ: English here
        cls.env.company.partner_id.lang = "en_US"

    def _warnings(self, complaint):
        return self.env["mail.activity"].search([("res_model", "=", "logistics.complaint"),
                                                 ("res_id", "=", complaint.id)], order="id")

    def _breaches(self, complaint):
        # the breach notice: a note notifying the Service Managers, in their language (the
        # company's when they differ), so found by what it is rather than by its words
        managers = self.env.ref("logistics_crm.group_service_manager").users.partner_id
        return complaint.message_ids.filtered(
            lambda m: m.message_type == "notification" and m.partner_ids and m.partner_ids <= managers)

    def test_warnings_at_the_configured_points_then_the_breach(self):
        complaint = self._complaint(received_date=ago(hours=1), user_id=self.agent.id)  # 12 h to respond
        self.assertEqual(self.Complaint._cron_escalate(), 0)
        self._move_clock(complaint, 5)  # 6 h: 50 %
        self.assertEqual(self.Complaint._cron_escalate(), 1)
        self.assertEqual(len(self._warnings(complaint)), 1,
                         self._warnings(complaint).mapped(lambda a: (a.activity_type_id.name, a.summary)))
        self.assertIn("50 %", self._warnings(complaint).summary)
        self.assertEqual(self._warnings(complaint).user_id, self.agent)
        self.assertEqual(complaint.sla_status, "on_track")
        self._move_clock(complaint, 3.7)  # 9.7 h: past at risk (75 %) and the 80 % warning
        self.Complaint._cron_escalate()
        self.assertEqual(complaint.sla_status, "at_risk")
        self.assertEqual(len(self._warnings(complaint)), 2)
        self.assertIn("80 %", self._warnings(complaint)[1].summary)
        self.assertFalse(self._breaches(complaint))
        self._move_clock(complaint, 2.5)  # 12.2 h: breached
        self.Complaint._cron_escalate()
        self.assertEqual(complaint.response_sla_status, "breached")
        breach = self._breaches(complaint)
        self.assertEqual(len(breach), 1)
        self.assertIn(self.service_manager.partner_id, breach.partner_ids)
        self.assertIn(self.service_manager.partner_id, breach.notification_ids.res_partner_id)
        self.assertTrue(complaint.risk_escalated and complaint.breach_escalated)
        # one digest per language and time zone of the managers, each in its readers' language
        managers = self.env.ref("logistics_crm.group_service_manager").users.filtered(
            lambda u: u.active and not u.share and not u._is_superuser() and u.email)
        groups = {(u.lang, u.partner_id._logistics_tz()) for u in managers}
        digests = self.env["mail.mail"].search([("body_html", "ilike", complaint.name)])
        self.assertEqual(len(digests), len(groups))
        digest = digests.filtered(lambda m: self.service_manager.email in m.email_to)
        self.assertEqual(len(digest), 1)
        self.assertIn("SLA deadlines breached", digest.subject)   # cmp.sm reads English
        # again and again: nothing new
        self.assertEqual(self.Complaint._cron_escalate(), 0)
        self.assertEqual((len(self._warnings(complaint)), len(self._breaches(complaint))), (2, 1))

    def test_a_late_first_run_sends_only_the_breach(self):
        complaint = self._complaint(received_date=ago(hours=13))
        self.Complaint._cron_escalate()
        self.assertFalse(self._warnings(complaint))
        self.assertEqual(len(self._breaches(complaint)), 1)

    def test_second_clock_escalates_on_its_own(self):
        complaint = self._complaint(received_date=ago(hours=13), user_id=self.agent.id)
        self.Complaint._cron_escalate()
        self.assertEqual(len(self._breaches(complaint)), 1)  # the response clock
        complaint.action_acknowledge()  # answered (late): the response clock stops
        self._move_clock(complaint, 36)  # 49 h: the resolution deadline (48 h) passes
        self.Complaint._cron_escalate()
        self.assertEqual(len(self._breaches(complaint)), 2)
        self.assertIn("resolution", self._breaches(complaint)[0].body)
        self.assertEqual(complaint.resolution_sla_status, "breached")

    def test_unassigned_complaint_goes_to_account_manager(self):
        complaint = self._complaint(received_date=ago(hours=7))
        self.Complaint._cron_escalate()
        self.assertEqual(self._warnings(complaint).user_id, self.account_manager)

    def test_resolved_complaints_are_not_escalated(self):
        complaint = self._complaint(received_date=ago(hours=13))
        complaint.sudo()._workflow_write({"state": "resolved", "resolved_date": ago(hours=12.5),
                                          "first_response_date": ago(hours=0.5)})
        self.assertEqual(complaint.sla_status, "breached")
        self.assertFalse(complaint.sla_next_escalation)
        self.Complaint._cron_escalate()
        self.assertFalse(self._breaches(complaint))

    def test_reopened_complaint_escalates_again(self):
        complaint = self._complaint(received_date=ago(hours=50), user_id=self.agent.id)
        complaint.sudo()._workflow_write({"first_response_date": ago(hours=49), "state": "approved"})
        self.Complaint._cron_escalate()
        self.assertEqual(len(self._breaches(complaint)), 1)
        complaint.write({"resolution": "Done"})
        complaint.action_resolve()
        self.Complaint._cron_escalate()
        self.assertEqual(len(self._breaches(complaint)), 1)
        complaint.action_reopen()  # a new episode of the resolution clock
        self.Complaint._cron_escalate()
        self.assertEqual(len(self._breaches(complaint)), 2)
        self.Complaint._cron_escalate()
        self.assertEqual(len(self._breaches(complaint)), 2)

    def test_batches_loop_until_nothing_is_left(self):
        self.env["ir.config_parameter"].sudo().set_param("logistics_complaints.escalation_batch", "2")
        warned = self.Complaint.browse()
        for _i in range(5):
            warned |= self._complaint(received_date=ago(hours=7), user_id=self.agent.id)
        breached = self.Complaint.browse()
        for hours in (13, 14, 15):
            breached |= self._complaint(received_date=ago(hours=hours))
        self.assertEqual(self.Complaint._cron_escalate(), 8)
        for complaint in warned:
            self.assertEqual(len(self._warnings(complaint)), 1)
        for complaint in breached:
            self.assertEqual(len(self._breaches(complaint)), 1)
        self.assertEqual(self.Complaint._cron_escalate(), 0)

    def test_nothing_due_costs_one_query_however_many_are_open(self):
        for _i in range(30):
            self._complaint(received_date=ago(hours=1))
        self.Complaint._cron_escalate()
        self.env.flush_all()
        with self.assertQueryCount(1):
            self.Complaint._cron_escalate()

    def test_cron_record_runs_the_method(self):
        cron = self.env.ref("logistics_complaints.ir_cron_complaint_escalation")
        complaint = self._complaint(received_date=ago(hours=13))
        cron.method_direct_trigger()
        self.assertEqual(len(self._breaches(complaint)), 1)

    def test_progress_reported_to_the_scheduler(self):
        self.env["ir.config_parameter"].sudo().set_param("logistics_complaints.escalation_batch", "2")
        for hours in (13, 14, 15):
            self._complaint(received_date=ago(hours=hours))
        cron = self.env.ref("logistics_complaints.ir_cron_complaint_escalation")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id, "remaining": 0, "done": 0})
        self.assertEqual(self.Complaint.with_context(ir_cron_progress_id=progress.id)._cron_escalate(), 3)
        self.assertEqual((progress.done, progress.remaining), (3, 0))

    def test_warning_points_from_the_settings(self):
        settings = self.env["res.config.settings"].create({"complaint_warning_points": "30"})
        settings.execute()
        complaint = self._complaint(received_date=ago(hours=4), user_id=self.agent.id)  # 33 % of 12 h
        self.Complaint._cron_escalate()
        self.assertEqual(len(self._warnings(complaint)), 1)
        self.assertIn("30 %", self._warnings(complaint).summary)
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"complaint_warning_points": "50,eighty"})

    def test_at_risk_share_from_the_settings_moves_the_open_complaints(self):
        complaint = self._complaint(received_date=ago(hours=7), user_id=self.agent.id)  # 58 % of 12 h
        self.Complaint._cron_escalate()
        self.assertEqual(complaint.response_sla_status, "on_track")
        self.env["res.config.settings"].create({"complaint_at_risk_ratio": 0.55}).execute()
        self.assertEqual(complaint.response_sla_status, "at_risk")
        self.assertEqual(complaint.response_risk_date, complaint.received_date + timedelta(hours=6.6))
        self.assertEqual(complaint.response_deadline, complaint.received_date + timedelta(hours=12))
