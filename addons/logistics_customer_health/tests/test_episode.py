from datetime import timedelta

from odoo.tests.common import TransactionCase

from .common import HealthCase


class TestEpisode(HealthCase, TransactionCase):
    """Entering "at risk" gives one activity per episode; reruns are idempotent."""

    def setUp(self):
        super().setUp()
        self.am1.lang = "en_US"     # the activity is written in its manager's language
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

    def leave_at_risk(self):
        """The customer's last scored week says "watch" (the episode is over)."""
        self.env.cr.execute("""
            UPDATE logistics_health_score SET risk = 'watch'
             WHERE partner_id = %s AND date = (SELECT MAX(date) FROM logistics_health_score WHERE partner_id = %s)
        """, [self.cust.id, self.cust.id])
        self.env.invalidate_all()
        self.assertEqual(self.cust.health_risk, "watch")

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
        self.leave_at_risk()
        self.score(self.cust, week=2)
        self.assertEqual(len(self.activities()), 1)

    def test_open_activity_blocks_a_second_one(self):
        self.score(self.cust)
        self.leave_at_risk()
        self.score(self.cust, week=1)
        self.assertEqual(len(self.activities()), 1)

    def test_key_account_notifies_the_service_managers(self):
        self.cust.industry_influence = True
        self.assertTrue(self.cust.is_key_account)
        (self.manager | self.manager2).lang = "en_US"   # one note per language of the readers
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

    def test_activity_in_the_managers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.am1.lang = "zh_CN"
        self.score(self.cust)
        phrase = self.env["logistics.health.engine"].with_context(lang="zh_CN").env._(
            "arrival on time %(before)s %% → %(after)s %%")
        self.assertNotIn("arrival on time", phrase)
        self.assertIn(phrase.split("%")[0].strip(), self.activities().note)

    def test_partners_read_their_last_scored_week(self):
        """Risk, score and date searches see each customer's last week only."""
        Partner = self.env["res.partner"]
        steady = self.customer("Steady Customer", manager=self.am2)
        self.steady(steady, range(-40, 0), per_week=6)
        self.assertEqual(self.score(self.cust).risk, "at_risk")
        self.assertEqual(self.score(steady).risk, "healthy")
        never = self.customer("Never Scored Customer")
        mine = [("id", "in", (self.cust | steady | never).ids)]
        self.assertEqual(Partner.search(mine + [("health_risk", "=", "at_risk")]), self.cust)
        self.assertEqual(Partner.search(mine + [("health_risk", "in", ("healthy", "watch"))]), steady)
        self.assertEqual(Partner.search(mine + [("health_risk", "!=", "at_risk")]), steady | never)
        self.assertEqual(Partner.search(mine + [("health_risk", "=", False)]), never)
        self.assertEqual(Partner.search(mine + [("health_risk", "in", ("healthy", False))]), steady | never)
        self.assertEqual(Partner.search(mine + [("health_score", "<", 50)]), self.cust)
        self.assertEqual(Partner.search(mine + [("health_date", "=", self.week)]), self.cust | steady)
        # the at-risk week is followed by a healthy one: no longer at risk
        self.env.cr.execute("""
            INSERT INTO logistics_health_score (partner_id, date, score, risk, recent_weeks, base_weeks)
            VALUES (%s, %s, 90, 'healthy', 8, 26)""", [self.cust.id, self.week + timedelta(weeks=1)])
        self.env.invalidate_all()
        self.assertEqual(Partner.search(mine + [("health_risk", "=", "at_risk")]), Partner)
        self.assertEqual((self.cust.health_risk, self.cust.health_score), ("healthy", 90))
        self.assertEqual(Partner.search(mine + [("health_score", ">=", 90)]), self.cust | steady)
        current = self.env["logistics.health.score"].search(
            [("partner_id", "in", (self.cust | steady).ids), ("is_current", "=", True)])
        self.assertEqual(current.mapped("date"), [self.week + timedelta(weeks=1), self.week])
        history = self.env["logistics.health.score"].search([("partner_id", "=", self.cust.id)])
        self.assertEqual(history.mapped("is_current"), [True, False])     # read, not only searched
        self.assertEqual(self.env["logistics.team.dashboard"].search(
            [("user_id", "=", self.am1.id)]).health_at_risk_count, 0)

    def test_bad_searches_are_refused_with_a_message(self):
        from odoo.exceptions import UserError
        Partner = self.env["res.partner"]
        for domain in ([("health_score", "<", "abc")], [("health_date", ">", "not a date")],
                       [("health_risk", "like", "risk")], [("health_score", "in", [1, 2])]):
            with self.assertRaises(UserError, msg=domain):
                Partner.search(domain)
