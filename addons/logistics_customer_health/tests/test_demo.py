from datetime import timedelta

from odoo.tests.common import TransactionCase

from ..models.logistics_health_demo import LAST_SHIPPING_WEEK


class TestDemoStory(TransactionCase):
    """The demo's story, as installed: the sliding key account is flagged at least
    two months before its volume stops; the one with a bad week is never flagged."""

    def test_sliding_account_flagged_two_months_before_it_stops(self):
        sliding = self.env.ref("logistics_customer_health.demo_customer_sliding")
        self.assertTrue(sliding.is_key_account)
        history = self.env["logistics.health.score"].search([("partner_id", "=", sliding.id)], order="date")
        self.assertGreaterEqual(len(history), 20)
        flagged = history.filtered(lambda r: r.risk == "at_risk")
        self.assertTrue(flagged)
        last_shipment = max(self.env["logistics.shipment"].search([("partner_id", "=", sliding.id)]).mapped(
            "pickup_planned")).date()
        self.assertGreaterEqual(last_shipment, history[-1].date + timedelta(weeks=LAST_SHIPPING_WEEK))
        self.assertGreaterEqual((last_shipment - flagged[0].date).days, 61,
                                "flagged on %s, last shipment %s" % (flagged[0].date, last_shipment))
        # healthy half a year ago, at risk now, with its account manager's activity
        self.assertEqual(history[0].risk, "healthy")
        self.assertEqual(sliding.health_risk, "at_risk")
        # the reason (in the reader's language) says how arrivals on time fell
        self.assertGreater(history[-1].penalty_arrival, 0)
        self.assertEqual(sliding.health_reason, history[-1].reason)
        self.assertIn("%d %% → %d %%" % (round(history[-1].arrival_base), round(history[-1].arrival_recent)),
                      sliding.health_reason)
        activities = self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "=", sliding.id),
            ("activity_type_id", "=", self.env.ref("logistics_customer_health.mail_activity_type_at_risk").id)])
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, sliding.account_manager_id)

    def test_bad_week_is_not_flagged(self):
        recovering = self.env.ref("logistics_customer_health.demo_customer_recovering")
        history = self.env["logistics.health.score"].search([("partner_id", "=", recovering.id)])
        self.assertGreaterEqual(len(history), 20)
        self.assertFalse(history.filtered(lambda r: r.risk == "at_risk"))
        # the bad week was seen (arrival on time fell), yet the customer is healthy again
        self.assertTrue(history.filtered(lambda r: r.penalty_arrival > 0))
        self.assertNotEqual(recovering.health_risk, "at_risk")
