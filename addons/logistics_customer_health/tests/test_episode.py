from odoo.tests.common import TransactionCase

from .common import HealthCase


class TestEpisode(HealthCase, TransactionCase):
    """Entering "at risk" gives one activity per episode; reruns are idempotent."""

    def setUp(self):
        super().setUp()
        self.cust = self.customer("Sliding Customer", manager=self.am1)
        self.steady(self.cust, range(-40, -8), per_week=6)
        # the last weeks: fewer shipments, all late, complaints
        self.steady(self.cust, range(-8, 0), per_week=2, arrival_late_minutes=900, late_minutes=300)
        self.complaint(self.cust, -4, severity="critical")
        self.complaint(self.cust, -2, severity="high")
        self.env.flush_all()
        self.activity_type = self.env.ref("logistics_customer_health.mail_activity_type_at_risk")

    def activities(self):
        return self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "=", self.cust.id),
            ("activity_type_id", "=", self.activity_type.id)])

    def test_one_activity_per_episode(self):
        row = self.score(self.cust)
        self.assertEqual(row.risk, "at_risk", row.reason)
        activity = self.activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.am1)
        self.assertIn("arrival on time", activity.note)
        # the same week again: no new row, no new activity
        rows = self.env["logistics.health.score"].search_count([("partner_id", "=", self.cust.id)])
        self.score(self.cust)
        self.assertEqual(self.env["logistics.health.score"].search_count([("partner_id", "=", self.cust.id)]), rows)
        self.assertEqual(len(self.activities()), 1)
        # next week, still at risk, the activity done meanwhile: same episode, nothing new
        activity.action_feedback(feedback="Called them")
        self.assertEqual(self.score(self.cust, week=1).risk, "at_risk")
        self.assertEqual(len(self.activities().with_context(active_test=False)), 0)
        self.assertEqual(self.env["mail.message"].search_count([
            ("model", "=", "res.partner"), ("res_id", "=", self.cust.id),
            ("mail_activity_type_id", "=", self.activity_type.id)]), 1)
        # the risk leaves "at risk" (episode over), then comes back: a new activity
        self.env.cr.execute("UPDATE res_partner SET health_risk = 'watch' WHERE id = %s", [self.cust.id])
        self.cust.invalidate_recordset()
        self.score(self.cust, week=2)
        self.assertEqual(len(self.activities()), 1)

    def test_open_activity_blocks_a_second_one(self):
        self.score(self.cust)
        self.env.cr.execute("UPDATE res_partner SET health_risk = 'watch' WHERE id = %s", [self.cust.id])
        self.cust.invalidate_recordset()
        self.score(self.cust, week=1)
        self.assertEqual(len(self.activities()), 1)

    def test_key_account_notifies_the_service_managers(self):
        self.cust.industry_influence = True
        self.assertTrue(self.cust.is_key_account)
        self.score(self.cust)
        note = self.env["mail.message"].search([("model", "=", "res.partner"), ("res_id", "=", self.cust.id),
                                               ("body", "ilike", "Key account at risk")])
        self.assertEqual(len(note), 1)
        self.assertIn(self.manager.partner_id, note.partner_ids)
        self.assertIn(self.manager2.partner_id, note.partner_ids)
        self.assertNotIn(self.am2.partner_id, note.partner_ids)

    def test_not_notified_when_not_a_key_account(self):
        self.score(self.cust)
        self.assertFalse(self.env["mail.message"].search([
            ("model", "=", "res.partner"), ("res_id", "=", self.cust.id), ("body", "ilike", "Key account at risk")]))

    def test_button_rescores_and_checks_the_user(self):
        from odoo.exceptions import AccessError
        self.cust.with_user(self.am1).action_compute_health()
        self.assertEqual(self.cust.health_risk, "at_risk")
        with self.assertRaises(AccessError):
            self.cust.with_user(self.agent).action_compute_health()

    def test_team_dashboard_and_list(self):
        self.score(self.cust)
        row = self.env["logistics.team.dashboard"].search([("user_id", "=", self.am1.id)])
        self.assertEqual(row.health_at_risk_count, 1)
        action = row.action_view_accounts_at_risk()
        partners = self.env["res.partner"].search(action["domain"] + [("health_risk", "=", "at_risk")])
        self.assertEqual(partners, self.cust)
