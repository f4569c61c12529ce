from datetime import timedelta

from odoo.tests.common import TransactionCase

from .common import HealthCase


class TestSignals(HealthCase, TransactionCase):
    """Each signal against the customer's own past, and a steady customer as the control."""

    def setUp(self):
        super().setUp()
        self.cust = self.customer("Health Customer")
        self.control = self.customer("Steady Customer", manager=self.am2)
        self.steady(self.control)

    def test_steady_customer_is_healthy(self):
        self.steady(self.cust)
        row = self.score(self.cust)
        self.assertEqual((row.score, row.risk), (100, "healthy"))
        self.assertIn("no warning sign", row.reason)
        self.assertEqual(self.cust.health_score, 100)
        self.assertEqual(self.cust.health_risk, "healthy")
        self.assertEqual(self.cust.health_date, self.week)

    def test_volume_trend(self):
        self.steady(self.cust, range(-34, -8), per_week=6)
        self.steady(self.cust, range(-8, 0), per_week=2)
        row = self.score(self.cust)
        self.assertAlmostEqual(row.shipments_base, 6.0)
        self.assertAlmostEqual(row.shipments_recent, 2.0)
        self.assertEqual(row.penalty_volume, 1.0)
        self.assertEqual(row.score, 80)     # the volume's 20 points
        self.assertIn("shipments 6.0 → 2.0 a week", row.reason)
        self.assertEqual(self.score(self.control).penalty_volume, 0.0)

    def test_volume_collapse_puts_a_regular_shipper_at_risk(self):
        param = self.env["ir.config_parameter"].sudo().set_param
        param("logistics_customer_health.volume_drop_at_risk", "50")
        self.steady(self.cust, range(-34, -8), per_week=6)
        self.steady(self.cust, range(-8, 0), per_week=2)        # 6 -> 2 a week: -67 %
        smaller = self.customer("Smaller Drop Customer")
        self.steady(smaller, range(-34, -8), per_week=6)
        self.steady(smaller, range(-8, 0), per_week=4)          # -33 %
        sporadic = self.customer("Sporadic Customer")
        self.steady(sporadic, range(-34, -8, 3), per_week=1)    # 9 shipments in 26 weeks, none since
        row = self.score(self.cust)
        self.assertEqual((row.score, row.risk), (80, "at_risk"))    # the score alone says healthy
        self.assertIn("shipments 6.0 → 2.0 a week", row.reason)
        self.assertEqual(self.score(smaller).risk, "healthy")
        self.assertEqual(self.score(sporadic).risk, "healthy")
        self.assertEqual(self.score(self.control).risk, "healthy")
        param("logistics_customer_health.volume_drop_at_risk", "0")     # off
        self.assertEqual(self.score(self.cust).risk, "healthy")

    def test_arrival_on_time(self):
        self.steady(self.cust, range(-34, -8))
        self.steady(self.cust, range(-8, 0), per_week=2)
        self.steady(self.cust, range(-8, 0), per_week=2, arrival_late_minutes=600)
        row = self.score(self.cust)
        self.assertEqual((row.arrival_base, row.arrival_recent), (100.0, 50.0))
        self.assertEqual(row.penalty_arrival, 1.0)
        self.assertEqual(row.penalty_dispatch, 0.0)
        self.assertIn("arrival on time 100 % → 50 %", row.reason)
        self.assertEqual(row.score, 80)

    def test_dispatch_on_time(self):
        self.steady(self.cust, range(-34, -8))
        self.steady(self.cust, range(-8, 0), per_week=3)
        self.steady(self.cust, range(-8, 0), per_week=1, late_minutes=300)
        row = self.score(self.cust)
        self.assertEqual(row.dispatch_recent, 75.0)
        self.assertEqual(row.penalty_dispatch, 1.0)     # 25 points lost: beyond the 20 of a full penalty
        self.assertIn("dispatch on time 100 % → 75 %", row.reason)

    def test_damage_and_documents(self):
        self.steady(self.cust, range(-34, -8))
        self.steady(self.cust, range(-8, 0), per_week=3)
        self.steady(self.cust, range(-8, 0), per_week=1, damaged=True, documents_accurate=False)
        row = self.score(self.cust)
        self.assertEqual((row.damage_base, row.damage_recent), (0.0, 25.0))
        self.assertEqual((row.docs_base, row.docs_recent), (100.0, 75.0))
        self.assertEqual((row.penalty_damage, row.penalty_docs), (1.0, 1.0))
        self.assertEqual(row.score, 90)     # quality: 10 points, whatever both parts say
        self.assertIn("damage 0.0 % → 25.0 %", row.reason)
        self.assertIn("accurate documents 100 % → 75 %", row.reason)

    def test_complaints(self):
        self.steady(self.cust)
        self.complaint(self.cust, -6, severity="high")
        self.complaint(self.cust, -3)        # same sub-cause within 90 days: a repeat
        self.complaint(self.cust, -20)       # the comparison period's
        self.env.flush_all()
        row = self.score(self.cust)
        self.assertEqual((row.complaint_count, row.complaint_serious_count, row.complaint_repeat_count),
                         (2, 1, 1))
        self.assertEqual(row.complaint_base_count, 1)
        breached = row.complaint_breached_count    # still open weeks later: breached
        self.assertEqual(breached, 2)
        expected = min(1.0, (2 + 1 + 1 + breached - 8 / 26.0) / 5)
        self.assertAlmostEqual(row.penalty_complaints, expected, places=4)
        self.assertIn("2 complaint(s)", row.reason)
        self.assertIn("1 repeat", row.reason)
        # cancelled complaints do not count
        self.env.cr.execute("UPDATE logistics_complaint SET state = 'cancelled' WHERE partner_id = %s",
                            [self.cust.id])
        self.assertEqual(self.score(self.cust).complaint_count, 0)

    def test_nps_and_satisfaction(self):
        self.steady(self.cust)
        self.answer(self.cust, -30, 10, 5)
        self.answer(self.cust, -4, 3, 3)
        self.env.flush_all()
        row = self.score(self.cust)
        self.assertEqual((row.nps_base, row.nps_recent), (100.0, -100.0))
        self.assertAlmostEqual(row.satisfaction_base, 100.0)
        self.assertAlmostEqual(row.satisfaction_recent, 60.0)
        self.assertEqual((row.penalty_nps, row.penalty_satisfaction), (1.0, 1.0))
        self.assertEqual(row.score, 85)
        self.assertIn("NPS 100 → -100", row.reason)
        # one answer only: nothing to compare with
        other = self.customer("One Answer")
        self.steady(other)
        self.answer(other, -4, 0, 1)
        self.assertEqual(self.score(other).penalty_nps, 0.0)

    def test_overdue_visits(self):
        self.steady(self.cust)
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_partner SET next_visit_date = %s WHERE id = %s",
                            [self.week - timedelta(days=30), self.cust.id])
        self.cust.invalidate_recordset()
        row = self.score(self.cust)
        self.assertEqual(row.visit_overdue_days, 30)
        self.assertAlmostEqual(row.penalty_visits, 0.5)
        self.assertIn("visit overdue by 30 days", row.reason)

    def test_invoiced_revenue(self):
        self.steady(self.cust)
        for days in range(70, 230, 14):
            self.invoice(self.cust, 10000.0, days_ago=days)
        row = self.score(self.cust)
        self.assertEqual(row.revenue_recent, 0.0)
        self.assertGreater(row.revenue_base, 0.0)
        self.assertEqual(row.penalty_revenue, 1.0)
        self.assertIn("invoiced", row.reason)

    def test_lost_customer_keeps_its_last_scores(self):
        self.steady(self.cust)
        row = self.score(self.cust)
        self.cust.write({"lost_reason_id": self.env["logistics.lost.reason"].create({"name": "Price"}).id})
        self.assertEqual(self.cust.lifecycle, "lost")
        self.assertFalse(self.score(self.cust, week=1))
        self.assertEqual(self.cust.health_date, self.week)
        self.assertEqual(self.cust.health_score, row.score)

    def test_reason_in_the_readers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.steady(self.cust, range(-34, -8), per_week=6)
        self.steady(self.cust, range(-8, 0), per_week=2)
        row = self.score(self.cust)
        english = self.env["logistics.health.engine"].with_context(lang="en_US").env._(
            "shipments %(before)s → %(after)s a week")
        chinese = self.env["logistics.health.engine"].with_context(lang="zh_CN").env._(
            "shipments %(before)s → %(after)s a week")
        self.assertNotEqual(english, chinese, "zh_CN translation of the reason")
        # the same score reads in the reader's language, whatever the customer's
        self.assertIn("shipments 6.0 → 2.0 a week", self.cust.with_context(lang="en_US").health_reason)
        reason_zh = self.cust.with_context(lang="zh_CN").health_reason
        self.assertNotIn("shipments", reason_zh)
        self.assertIn(chinese % {"before": "6.0", "after": "2.0"}, reason_zh)
        self.assertEqual(row.with_context(lang="zh_CN").reason, reason_zh)

    def test_older_week_does_not_overwrite_the_partner(self):
        self.steady(self.cust)
        self.score(self.cust)
        self.steady(self.cust, range(-40, -34), per_week=20)
        old = self.score(self.cust, week=-3)
        self.assertTrue(old)
        self.assertEqual(self.cust.health_date, self.week)

    def test_health_date_is_the_last_scored_week(self):
        self.steady(self.cust)
        Partner = self.env["res.partner"]
        self.assertFalse(self.cust.health_date)
        self.assertNotIn(self.cust, Partner.search([("health_date", "!=", False)]))
        self.assertIn(self.cust, Partner.search([("health_date", "=", False)]))
        self.score(self.cust, week=-1)
        self.assertEqual(self.cust.health_date, self.week - timedelta(weeks=1))
        self.score(self.cust)
        self.assertEqual(self.cust.health_date, self.week)
        self.assertIn(self.cust, Partner.search([("health_date", ">=", self.week)]))
        self.assertNotIn(self.cust, Partner.search([("health_date", "<", self.week)]))
        self.assertIn(self.cust, Partner.search([("health_date", "!=", False)]))
