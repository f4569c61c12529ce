"""One definition per rule, in the health engine: the weekly pass over every customer
and the rescoring of one customer give the same row; its complaints are those the
complaint model counts (a cancelled one is none, as in the complaints per 1,000
shipments), its NPS is the customer's NPS over the same weeks and its on-time rates
come from the waybills' own flags, record by record on generated customers."""
import random
from datetime import timedelta

from odoo.tests.common import TransactionCase

from odoo.addons.logistics_complaints.models.logistics_complaint import COUNTED_DOMAIN, STATES

from ..models.logistics_health_engine import SCORE_SIGNAL_COLUMNS
from .common import HealthCase

ROW_FIELDS = ("score", "risk", *SCORE_SIGNAL_COLUMNS)


class TestRuleAgreement(HealthCase, TransactionCase):

    def generate(self):
        """Customers with steady or slipping service, complaints in every state (cancelled
        too) in both periods, NPS answers at the promoter and detractor edges, none."""
        rnd = random.Random(25)
        customers = self.env["res.partner"]
        nps_plans = [[], [10, 9], [6, 9], [7, 8, 0], [9, 10, 6, 3]]
        for index in range(10):
            customer = self.customer("Rule Health %02d" % index, manager=self.am1 if index % 2 else self.am2)
            customers |= customer
            self.steady(customer, range(-34, -8), per_week=2 + index % 3)
            self.steady(customer, range(-8, 0), per_week=1 + index % 4,
                        late_minutes=rnd.choice([0, 0, 45]), arrival_late_minutes=rnd.choice([0, 90]),
                        damaged=index % 5 == 0)
            # random complaints, and every third customer a cancelled and a resolved one lately
            weeks = [(week, rnd.choice(STATES)[0]) for week in rnd.sample(range(-34, 0), rnd.randint(0, 5))]
            if index % 3 == 0:
                weeks += [(-3, "cancelled"), (-5, "resolved")]
            for week, state in weeks:
                complaint = self.complaint(customer, week, severity=rnd.choice(["normal", "high"]))
                self.env.flush_all()
                self.env.cr.execute("UPDATE logistics_complaint SET state = %s WHERE id = %s", (state, complaint.id))
            plan = nps_plans[index % len(nps_plans)]
            for position, score in enumerate(plan):   # in the survey period (13 weeks), and before it
                week = -20 - position if position % 2 else -2 - position
                self.answer(customer, week, score, 1 + score % 5)
        self.env.invalidate_all()
        return customers

    def rows(self, customers):
        self.env.invalidate_all()
        rows = self.env["logistics.health.score"].search(
            [("partner_id", "in", customers.ids), ("date", "=", self.week)])
        self.assertEqual(len(rows), len(customers))
        return {row.partner_id.name: {name: row[name] for name in ROW_FIELDS} for row in rows}

    def test_weekly_pass_and_one_customer_agree(self):
        customers = self.generate()
        self.engine._run(date=self.week, notify=False)                 # every customer at once
        batch = self.rows(customers)
        self.env.cr.execute("DELETE FROM logistics_health_score WHERE date = %s AND partner_id IN %s",
                            (self.week, tuple(customers.ids)))
        for customer in customers:                                     # one customer at a time
            self.engine._run(date=self.week, partners=customer, notify=False)
        single = self.rows(customers)
        for name in sorted(batch):
            self.assertEqual(batch[name], single[name], name)
        self.assertGreater(len({row["score"] for row in batch.values()}), 1)

    def test_figures_follow_the_rules_of_their_owners(self):
        customers = self.generate()
        self.engine._run(date=self.week, notify=False)
        params = self.engine._params(self.env.company, self.week)
        Complaint = self.env["logistics.complaint"]
        Shipment = self.env["logistics.shipment"]
        Criterion = self.env["logistics.satisfaction.criterion"]
        rows = self.rows(customers)
        cancelled = 0
        for customer in customers:
            row = rows[customer.name]
            # complaints: what the complaint model counts (not the cancelled ones)
            window = [("partner_id", "child_of", customer.id), ("company_id", "=", self.env.company.id)]
            recent = window + [("received_date", ">=", params["r_from"]), ("received_date", "<", params["d_from"])]
            base = window + [("received_date", ">=", params["b_from"]), ("received_date", "<", params["r_from"])]
            self.assertEqual(row["complaint_count"], Complaint.search_count(recent + COUNTED_DOMAIN), customer.name)
            self.assertEqual(row["complaint_base_count"], Complaint.search_count(base + COUNTED_DOMAIN),
                             customer.name)
            cancelled += Complaint.search_count(recent + [("state", "=", "cancelled")])
            # NPS: the customer's NPS of the same local days (one customer, one period)
            survey_day = params["d"] - timedelta(weeks=max(params["recent_weeks"], 13))
            recent_nps = Criterion._satisfaction_scores([customer.id], survey_day, params["d"] - timedelta(days=1))
            base_nps = Criterion._satisfaction_scores(
                [customer.id], survey_day - timedelta(weeks=params["base_weeks"]), survey_day - timedelta(days=1))
            for figure, scores in (("nps_recent", recent_nps), ("nps_base", base_nps)):
                expected = scores[customer.id][1]
                if expected is None:
                    self.assertFalse(row[figure], (customer.name, figure))
                else:
                    self.assertAlmostEqual(row[figure], expected, msg=(customer.name, figure))
            # on time: the waybills' flags (the one definition of on time)
            shipments = Shipment.search([("partner_id", "=", customer.id), ("pickup_planned", ">=", params["r_from"]),
                                         ("pickup_planned", "<", params["d_from"])])
            for flag, figure in (("dispatch", "dispatch_recent"), ("arrival", "arrival_recent")):
                due = shipments.filtered("%s_due" % flag)
                on_time = due.filtered("%s_on_time" % flag)
                self.assertAlmostEqual(row[figure], 100.0 * len(on_time) / len(due), msg=(customer.name, figure))
        self.assertTrue(cancelled, "the generated data has cancelled complaints in the recent weeks")
        self.assertTrue(any(row["nps_recent"] for row in rows.values()))
