from datetime import timedelta

from odoo import fields
from odoo.tests.common import SavepointCase

from .common import ComplaintFixtures, ago


def dt(value):
    return fields.Datetime.from_string(value)


class TestComplaintSla(ComplaintFixtures, SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestComplaintSla, cls).setUpClass()
        cls._setup_fixtures(cls, cls.env)
        cls.env["logistics.complaint.sla.policy"].search([]).unlink()
        cls.Complaint = cls.env["logistics.complaint"]

    def test_default_deadlines_12_and_48_hours(self):
        complaint = self._complaint(received_date="2026-03-02 08:00:00")
        self.assertEqual(complaint.response_deadline, "2026-03-02 20:00:00")
        self.assertEqual(complaint.resolution_deadline, "2026-03-04 08:00:00")

    def test_policy_matrix_most_specific_wins(self):
        Policy = self.env["logistics.complaint.sla.policy"]
        Policy.create({"customer_tier": "a", "response_hours": 6, "resolution_hours": 30})
        Policy.create({"customer_tier": "a", "severity": "critical", "response_hours": 2, "resolution_hours": 8})
        Policy.create({"severity": "critical", "response_hours": 10, "resolution_hours": 40})
        received = "2026-03-02 08:00:00"
        critical_a = self._complaint(received_date=received, severity="critical")
        normal_a = self._complaint(received_date=received, severity="normal")
        critical_c = self._complaint(received_date=received, severity="critical", partner_id=self.customer_b.id,
                                     contact_id=False)
        normal_c = self._complaint(received_date=received, partner_id=self.customer_b.id, contact_id=False)
        self.assertEqual(critical_a.response_deadline, "2026-03-02 10:00:00")
        self.assertEqual(critical_a.resolution_deadline, "2026-03-02 16:00:00")
        self.assertEqual(normal_a.response_deadline, "2026-03-02 14:00:00")
        self.assertEqual(critical_c.response_deadline, "2026-03-02 18:00:00")
        self.assertEqual(normal_c.response_deadline, "2026-03-02 20:00:00")  # default 12 h
        self.assertEqual(critical_a.sla_policy_id.response_hours, 2)

    def test_working_time_calendar(self):
        calendar = self.env.ref("resource.resource_calendar_std")  # Mon-Fri 08-12, 13-17
        self.env.user.company_id.partner_id.tz = "UTC"
        self.env["logistics.complaint.sla.policy"].create({
            "customer_tier": "c", "response_hours": 4, "resolution_hours": 16, "calendar_id": calendar.id})
        # Friday 2026-03-06 15:00 UTC: 2 h left on Friday, the rest on Monday
        complaint = self._complaint(received_date="2026-03-06 15:00:00", partner_id=self.customer_b.id,
                                    contact_id=False)
        self.assertEqual(complaint.response_deadline, "2026-03-09 10:00:00")
        # 2 h Friday + 8 h Monday + 6 h Tuesday
        self.assertEqual(complaint.resolution_deadline, "2026-03-10 15:00:00")

    def test_status_boundaries(self):
        # 12 h to respond: at risk from 75 % (9 h), breached at 12 h
        on_track = self._complaint(received_date=ago(hours=8, days=0))
        at_risk = self._complaint(received_date=ago(hours=9.5))
        breached = self._complaint(received_date=ago(hours=12, days=0))
        self.assertEqual(on_track.response_sla_status, "on_track")
        self.assertEqual(on_track.sla_status, "on_track")
        self.assertEqual(at_risk.response_sla_status, "at_risk")
        self.assertEqual(at_risk.resolution_sla_status, "on_track")
        self.assertEqual(at_risk.sla_status, "at_risk")
        self.assertEqual(breached.response_sla_status, "breached")
        self.assertEqual(breached.sla_status, "breached")
        # stored and searchable
        found = self.Complaint.search([("id", "in", (on_track | at_risk | breached).ids),
                                       ("sla_status", "=", "breached")])
        self.assertEqual(found, breached)

    def test_response_in_time_stays_on_track_and_times_are_recorded(self):
        complaint = self._complaint(received_date=ago(hours=3))
        complaint.action_acknowledge()
        self.assertTrue(complaint.first_response_date)
        self.assertAlmostEqual(complaint.response_hours, 3.0, delta=0.1)
        self.assertEqual(complaint.response_sla_status, "on_track")
        # late resolution: breached once resolved after the deadline
        late = self._complaint(received_date=ago(hours=50))
        late.write({"first_response_date": ago(hours=49)})
        self.assertEqual(late.response_sla_status, "on_track")
        self.assertEqual(late.resolution_sla_status, "breached")
        late.write({"state": "approved", "resolution": "done"})
        late.action_resolve()
        self.assertAlmostEqual(late.resolution_hours, 50.0, delta=0.1)
        self.assertEqual(late.resolution_sla_status, "breached")

    def test_agent_public_reply_counts_as_first_response(self):
        complaint = self._complaint(received_date=ago(hours=1), user_id=self.agent.id)
        complaint.sudo(self.agent).message_post(body="Internal note", subtype="mail.mt_note",
                                                message_type="comment")
        self.assertFalse(complaint.first_response_date)
        complaint.sudo(self.agent).message_post(body="We are on it", subtype="mail.mt_comment",
                                                message_type="comment")
        self.assertTrue(complaint.first_response_date)

    def test_sql_refresh_matches_python_rule(self):
        complaint = self._complaint(received_date=ago(hours=5))
        self.assertEqual(complaint.sla_status, "on_track")
        # time passes: move the clock by moving the receipt back
        self.env.cr.execute("""UPDATE logistics_complaint SET received_date = received_date - interval '4 hours',
                                      response_deadline = response_deadline - interval '4 hours',
                                      response_risk_date = response_risk_date - interval '4 hours',
                                      resolution_deadline = resolution_deadline - interval '4 hours',
                                      resolution_risk_date = resolution_risk_date - interval '4 hours'
                                WHERE id = %s""", (complaint.id,))
        complaint.invalidate_cache()
        changed = self.Complaint._sql_refresh_sla_status()
        self.assertIn(complaint.id, changed)
        self.assertEqual(complaint.response_sla_status, "at_risk")
        self.assertEqual(self.Complaint._sql_refresh_sla_status(), [], "second refresh changes nothing")

    def test_tier_at_intake_is_frozen_for_the_sla(self):
        self.env["logistics.complaint.sla.policy"].create(
            {"customer_tier": "a", "response_hours": 6, "resolution_hours": 30})
        complaint = self._complaint(received_date="2026-03-02 08:00:00")
        self.assertEqual(complaint._fields["customer_tier"].string, "Tier at intake")
        self.assertEqual(complaint.customer_tier, "a")
        self.assertEqual(complaint.response_deadline, "2026-03-02 14:00:00")
        # the customer changes tier: through the ORM, and through the SQL of the tier engine
        self.customer_a.customer_tier = "b"
        self.env.cr.execute("UPDATE res_partner SET customer_tier = 'c' WHERE id = %s", (self.customer_a.id,))
        self.env["res.partner"].invalidate_cache(["customer_tier"], self.customer_a.ids)
        complaint.severity = "high"  # the deadlines are recomputed, on the tier at intake
        self.assertEqual(complaint.customer_tier, "a")
        self.assertEqual(complaint.response_deadline, "2026-03-02 14:00:00")
        later = self._complaint(received_date="2026-03-02 08:00:00")
        self.assertEqual(later.customer_tier, "c")
        self.assertEqual(later.response_deadline, "2026-03-02 20:00:00")
        # another customer is another intake
        complaint.write({"partner_id": self.customer_b.id, "contact_id": False})
        self.assertEqual(complaint.customer_tier, "c")
