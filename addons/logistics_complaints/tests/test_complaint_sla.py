from datetime import datetime

from odoo.tests.common import TransactionCase

from .common import ComplaintFixtures, ago


class TestComplaintSla(ComplaintFixtures, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["logistics.complaint.sla.policy"].search([]).unlink()

    def test_default_deadlines_12_and_48_hours(self):
        complaint = self._complaint(received_date=datetime(2026, 3, 2, 8))
        self.assertEqual(complaint.response_deadline, datetime(2026, 3, 2, 20))
        self.assertEqual(complaint.resolution_deadline, datetime(2026, 3, 4, 8))
        self.assertEqual(complaint.response_risk_date, datetime(2026, 3, 2, 17))  # 75 %

    def test_policy_matrix_most_specific_wins(self):
        Policy = self.env["logistics.complaint.sla.policy"]
        Policy.create({"customer_tier": "a", "response_hours": 6, "resolution_hours": 30})
        Policy.create({"customer_tier": "a", "severity": "critical", "response_hours": 2, "resolution_hours": 8})
        Policy.create({"severity": "critical", "response_hours": 10, "resolution_hours": 40})
        received = datetime(2026, 3, 2, 8)
        critical_a = self._complaint(received_date=received, severity="critical")
        normal_a = self._complaint(received_date=received, severity="normal")
        critical_c = self._complaint(received_date=received, severity="critical", partner_id=self.customer_b.id,
                                     contact_id=False)
        normal_c = self._complaint(received_date=received, partner_id=self.customer_b.id, contact_id=False)
        self.assertEqual(critical_a.response_deadline, datetime(2026, 3, 2, 10))
        self.assertEqual(critical_a.resolution_deadline, datetime(2026, 3, 2, 16))
        self.assertEqual(normal_a.response_deadline, datetime(2026, 3, 2, 14))
        self.assertEqual(critical_c.response_deadline, datetime(2026, 3, 2, 18))
        self.assertEqual(normal_c.response_deadline, datetime(2026, 3, 2, 20))  # default 12 h
        self.assertEqual(critical_a.sla_policy_id.response_hours, 2)

    def test_default_hours_from_the_settings(self):
        settings = self.env["res.config.settings"].create({"complaint_response_hours": 6,
                                                           "complaint_resolution_hours": 24})
        settings.execute()
        complaint = self._complaint(received_date=datetime(2026, 3, 2, 8))
        self.assertEqual(complaint.response_deadline, datetime(2026, 3, 2, 14))
        self.assertEqual(complaint.resolution_deadline, datetime(2026, 3, 3, 8))

    def test_working_time_calendar(self):
        calendar = self.env.ref("resource.resource_calendar_std")  # Mon-Fri 08-12, 13-17
        calendar.tz = "UTC"
        self.env.company.partner_id.tz = "UTC"
        self.env["logistics.complaint.sla.policy"].create({
            "customer_tier": "c", "response_hours": 4, "resolution_hours": 16, "calendar_id": calendar.id})
        # Friday 2026-03-06 15:00 UTC: 2 h left on Friday, the rest on Monday
        complaint = self._complaint(received_date=datetime(2026, 3, 6, 15), partner_id=self.customer_b.id,
                                    contact_id=False)
        self.assertEqual(complaint.response_deadline, datetime(2026, 3, 9, 10))
        # 2 h Friday + 8 h Monday + 6 h Tuesday
        self.assertEqual(complaint.resolution_deadline, datetime(2026, 3, 10, 15))

    def test_status_boundaries(self):
        # 12 h to respond: at risk from 75 % (9 h), breached at 12 h
        on_track = self._complaint(received_date=ago(hours=8))
        at_risk = self._complaint(received_date=ago(hours=9.5))
        breached = self._complaint(received_date=ago(hours=12))
        self.assertEqual((on_track.response_sla_status, on_track.sla_status), ("on_track", "on_track"))
        self.assertEqual((at_risk.response_sla_status, at_risk.resolution_sla_status, at_risk.sla_status),
                         ("at_risk", "on_track", "at_risk"))
        self.assertEqual((breached.response_sla_status, breached.sla_status), ("breached", "breached"))
        found = self.Complaint.search([("id", "in", (on_track | at_risk | breached).ids),
                                       ("sla_status", "=", "breached")])
        self.assertEqual(found, breached)

    def test_response_in_time_stays_on_track_and_times_are_recorded(self):
        complaint = self._complaint(received_date=ago(hours=3))
        complaint.action_acknowledge()
        self.assertAlmostEqual(complaint.response_hours, 3.0, delta=0.1)
        self.assertEqual(complaint.response_sla_status, "on_track")
        late = self._complaint(received_date=ago(hours=50))
        late.sudo()._workflow_write({"first_response_date": ago(hours=49)})
        self.assertEqual((late.response_sla_status, late.resolution_sla_status), ("on_track", "breached"))
        late.sudo()._workflow_write({"state": "approved"})
        late.write({"resolution": "done"})
        late.action_resolve()
        self.assertAlmostEqual(late.resolution_hours, 50.0, delta=0.1)
        self.assertEqual(late.resolution_sla_status, "breached")

    def test_agent_public_reply_counts_as_first_response(self):
        complaint = self._complaint(received_date=ago(hours=1), user_id=self.agent.id)
        complaint.with_user(self.agent).message_post(body="Internal note", subtype_xmlid="mail.mt_note",
                                                     message_type="comment")
        self.assertFalse(complaint.first_response_date)
        complaint.with_user(self.agent).with_context(mail_notify_force_send=False).message_post(
            body="We are on it", subtype_xmlid="mail.mt_comment", message_type="comment")
        self.assertTrue(complaint.first_response_date)

    def test_tier_at_intake_is_frozen_for_the_sla(self):
        self.env["logistics.complaint.sla.policy"].create(
            {"customer_tier": "a", "response_hours": 6, "resolution_hours": 30})
        complaint = self._complaint(received_date=datetime(2026, 3, 2, 8))
        self.assertEqual(complaint._fields["customer_tier"].string, "Tier at intake")
        self.assertEqual(complaint.customer_tier, "a")
        self.assertEqual(complaint.response_deadline, datetime(2026, 3, 2, 14))
        # the customer changes tier: through the ORM, and through SQL (the tier engine)
        self.customer_a.customer_tier = "b"
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_partner SET customer_tier = 'c' WHERE id = %s", (self.customer_a.id,))
        self.env["res.partner"].invalidate_model(["customer_tier"])
        complaint.severity = "high"  # the deadlines are recomputed, on the tier at intake
        self.assertEqual(complaint.customer_tier, "a")
        self.assertEqual(complaint.response_deadline, datetime(2026, 3, 2, 14))
        later = self._complaint(received_date=datetime(2026, 3, 2, 8))
        self.assertEqual((later.customer_tier, later.response_deadline), ("c", datetime(2026, 3, 2, 20)))
        complaint.write({"partner_id": self.customer_b.id, "contact_id": False})  # another intake
        self.assertEqual(complaint.customer_tier, "c")
