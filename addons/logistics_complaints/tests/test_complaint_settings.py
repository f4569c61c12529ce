from datetime import timedelta

from odoo.tests.common import TransactionCase

from odoo.addons.logistics_crm.tests.settings_case import SettingsCase

from ..models.logistics_sla_mixin import SETTINGS, sla_param
from .common import ComplaintFixtures, ago


class TestComplaintSettings(SettingsCase, ComplaintFixtures, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["logistics.complaint.sla.policy"].search([]).unlink()  # the settings' hours apply

    def test_saved_through_the_settings_form(self):
        calendar = self.env.ref("resource.resource_calendar_std")
        self.save_settings(complaint_response_hours=6, complaint_repeat_days=0, complaint_warning_points="30, 60",
                           complaint_calendar_id=calendar)
        self.assertEqual(self.stored("logistics_complaints.response_hours"), "6.0")
        self.assertEqual(self.stored("logistics_complaints.calendar_id"), str(calendar.id))
        # a 0 is stored as 0 (Odoo stores no parameter for it: the default 90 would come back)
        self.assertEqual(self.stored("logistics_complaints.repeat_days"), "0")
        values = SETTINGS.read(self.env)
        self.assertEqual((values["response_hours"], values["repeat_days"], values["warning_points"],
                          values["calendar_id"]), (6.0, 0, "30, 60", calendar.id))
        form = self.settings_form()
        self.assertEqual((form.complaint_repeat_days, form.complaint_calendar_id), (0, calendar))
        complaint = self._complaint(received_date=ago(hours=1))
        self.assertEqual((complaint.response_time_allowed, complaint.sla_calendar_id), (6.0, calendar))

    def test_bad_values_refused_naming_the_setting(self):
        for values, label, problem in (
                ({"complaint_response_hours": 0}, "Default response time (h)", "SLA hours must be positive"),
                ({"complaint_resolution_hours": -2}, "Default resolution time (h)", "SLA hours must be positive"),
                ({"complaint_repeat_days": -1}, "Repeat window (days)", "cannot be negative"),
                ({"complaint_at_risk_ratio": 1.5}, "At risk after (share of the time)", "between 0 and 1"),
                ({"complaint_warning_points": "50,eighty"}, "Warnings at (% of the time)", "e.g. 50,80")):
            self.assertRefused(values, label, problem)
        self.assertFalse(self.stored("logistics_complaints.at_risk_ratio"))

    def test_bad_stored_value_read_as_default_with_one_warning(self):
        Complaint = self.env["logistics.complaint"]
        self.assertReadAsDefault("logistics_complaints.at_risk_ratio", "1.5", lambda: Complaint._sla_ratios()[1], 0.75)
        self.assertReadAsDefault("logistics_complaints.warning_points", "fifty, eighty",
                                 lambda: Complaint._sla_ratios()[0], [0.5, 0.8])
        self.assertReadAsDefault("logistics_complaints.response_hours", "-4",
                                 lambda: sla_param(self.env, "response_hours"), 12.0)
        self.assertReadAsDefault("logistics_complaints.calendar_id", "the standard one",
                                 lambda: sla_param(self.env, "calendar_id"), 0)
        self.assertReadAsDefault("logistics_complaints.escalation_batch", "0",
                                 lambda: sla_param(self.env, "escalation_batch"), 500)
        # a complaint gets its deadlines, the escalation cron runs, the settings form opens
        complaint = self._complaint(received_date=ago(hours=1))
        self.assertEqual(complaint.response_deadline, complaint.received_date + timedelta(hours=12))
        self.assertFalse(complaint.sla_calendar_id)
        Complaint._cron_escalate()
        form = self.settings_form()
        self.assertEqual((form.complaint_at_risk_ratio, form.complaint_warning_points, form.complaint_response_hours),
                         (0.75, "50,80", 12.0))
