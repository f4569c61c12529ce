"""One definition per rule: on time, the NPS and the month in the company's time zone
give the same figures whether one waybill / one customer is computed (the ORM's
compute, the customer's NPS) or every one at once (the set-based statements, the KPI
report), record by record on the same generated data."""
import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests.common import TransactionCase

from ..models.logistics_satisfaction_criterion import nps_score
from ..models.logistics_shipment import ON_TIME_SQL
from .common import KpiCase

FLAGS = tuple(ON_TIME_SQL)


class TestRuleAgreement(KpiCase, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cust = cls.customer("Rule Shipper")
        cls.env.company.partner_id.tz = "Asia/Shanghai"

    # ------------------------------------------------------------------ on time
    def flags(self, shipments):
        self.env.invalidate_all()
        return {s.name: tuple(s[name] for name in FLAGS) for s in shipments}

    def single_flags(self, shipments):
        """The flags as the ORM computes them for these waybills (one at a time: create, write)."""
        self.env.invalidate_all()
        result = {}
        for shipment in shipments:
            for name in FLAGS:
                self.env.add_to_compute(shipment._fields[name], shipment)
            # read: computed now, for this waybill alone
            result[shipment.name] = tuple(shipment[name] for name in FLAGS)
        self.env.flush_all()
        return result

    def assertSameFlags(self, batch, single):
        self.assertEqual(set(batch), set(single))
        for name in sorted(batch):
            self.assertEqual(dict(zip(FLAGS, batch[name], strict=True)), dict(zip(FLAGS, single[name], strict=True)),
                             name)

    def generate_waybills(self):
        """Waybills at the tolerances' edges (30 min pickup, 60 min delivery), early, late,
        not done (overdue, within the tolerance, planned later), without a planned delivery,
        and random ones; none planned within minutes of a tolerance edge of now."""
        now = fields.Datetime.now()
        base = now - timedelta(days=3)
        cases = [
            ("edge", base, 30, 60),                # on time at the minute
            ("past edge", base, 31, 61),           # one minute late
            ("early", base, -45, -120),
            ("late", base, 600, 900),
            ("overdue", now - timedelta(minutes=31 + 5), None, None),
            ("within tolerance", now - timedelta(minutes=20), None, None),
            ("planned later", now + timedelta(hours=5), None, None),
            ("picked up, delivery overdue", now - timedelta(hours=30), 10, None),
            ("picked up, delivery ahead", now - timedelta(hours=2), 0, None),
        ]
        shipments = self.env["logistics.shipment"]
        for name, pickup, late, arrival_late in cases:
            values = {"name": "RULE-%s" % name, "pickup_actual": False, "delivery_actual": False}
            if late is not None:
                values["pickup_actual"] = pickup + timedelta(minutes=late)
            if arrival_late is not None:
                values["delivery_actual"] = pickup + timedelta(hours=24, minutes=arrival_late)
            shipments |= self.ship(self.cust, pickup, **values)
        shipments |= self.ship(self.cust, base, name="RULE-no planned delivery", delivery_planned=False,
                               delivery_actual=False)
        rnd = random.Random(25)
        for index in range(40):
            pickup = now - timedelta(days=rnd.randint(2, 40), hours=rnd.randint(0, 23), minutes=rnd.randint(0, 59))
            values = {"name": "RULE-random-%02d" % index}
            values["pickup_actual"] = rnd.random() < 0.9 and pickup + timedelta(minutes=rnd.randint(-30, 60))
            done = values["pickup_actual"] and rnd.random() < 0.85 \
                and pickup + timedelta(hours=24, minutes=rnd.randint(-60, 120))
            values["delivery_actual"] = done if done and done < now else False
            shipments |= self.ship(self.cust, pickup, **values)
        return shipments

    def test_on_time_one_waybill_and_every_waybill_agree(self):
        shipments = self.generate_waybills()
        single = self.flags(shipments)                 # as created, one compute per waybill
        self.assertEqual(single["RULE-edge"][:2], (True, True))
        self.assertEqual(single["RULE-past edge"][:2], (False, False))
        self.assertEqual(single["RULE-overdue"][2], True)           # late, counted
        self.assertEqual(single["RULE-within tolerance"][2], False)  # not yet counted
        self.assertEqual(single["RULE-picked up, delivery overdue"][1:], (False, True, True))
        self.assertEqual(single["RULE-no planned delivery"][3], False)
        for index in range(len(FLAGS)):                # both outcomes of every flag
            self.assertEqual({values[index] for values in single.values()}, {True, False}, FLAGS[index])
        # every waybill at once (a tolerance changed): the same flags
        self.env.flush_all()
        self.env.cr.execute("UPDATE logistics_shipment SET dispatch_on_time = NULL, arrival_on_time = NULL, "
                            "dispatch_due = NULL, arrival_due = NULL WHERE id IN %s", [tuple(shipments.ids)])
        self.env["logistics.shipment"]._recompute_on_time_all()
        self.assertSameFlags(self.flags(shipments), single)
        # other tolerances: the statement, then the single compute on the same rows
        param = self.env["ir.config_parameter"].sudo().set_param
        param("logistics_kpi.dispatch_tolerance_minutes", "45")
        param("logistics_kpi.arrival_tolerance_minutes", "0")
        self.env["logistics.shipment"]._recompute_on_time_all()
        batch = self.flags(shipments)
        self.assertNotEqual(batch, single)
        self.assertSameFlags(batch, self.single_flags(shipments))
        # the hourly job: time passes for what is not done yet (its plan moved 40 minutes back)
        self.env.flush_all()
        self.env.cr.execute("UPDATE logistics_shipment SET pickup_planned = pickup_planned - interval '40 minutes' "
                            "WHERE id IN %s AND pickup_actual IS NULL", [tuple(shipments.ids)])
        self.env.cr.execute("UPDATE logistics_shipment SET delivery_planned = delivery_planned - interval '40 minutes' "
                            "WHERE id IN %s AND delivery_actual IS NULL", [tuple(shipments.ids)])
        self.env["logistics.shipment"]._cron_mark_overdue()
        batch = self.flags(shipments)
        self.assertTrue(batch["RULE-within tolerance"][2])
        self.assertSameFlags(batch, self.single_flags(shipments))
        self.assertFalse(batch["RULE-planned later"][2])

    # ------------------------------------------------------------------ month
    def test_month_of_a_record_in_its_company_time_zone(self):
        """23:30 on the last day and 00:30 on the 1st, local time, in companies east and
        west of UTC and one without a time zone (China's): a waybill's month (computed for
        it alone), a survey answer's month (the KPI report, every answer at once) and the
        company's time zone as Python reads it (res.company._logistics_tz) agree."""
        Company = self.env["res.company"]
        new_york = Company.create({"name": "Rule New York Co"})
        new_york.partner_id.tz = "America/New_York"
        no_tz = Company.create({"name": "Rule No TZ Co"})
        no_tz.partner_id.tz = False
        self.assertEqual(no_tz._logistics_tz(), "Asia/Shanghai")
        survey = self.env.ref("logistics_kpi.survey_satisfaction")
        first = date.today().replace(day=1) - relativedelta(months=2)
        moments = [(first - timedelta(days=1), time(23, 30)), (first, time(0, 30)), (first, time(0, 0)),
                   (first + relativedelta(months=1) - timedelta(days=1), time(23, 59)),
                   (first + relativedelta(months=1), time(0, 30))]
        expected = {}
        for company in (self.env.company, new_york, no_tz):
            tz = pytz.timezone(company._logistics_tz())
            customer = self.customer("Rule Month %s" % company.name)
            campaign = self.env["logistics.survey.campaign"].create({
                "name": "Rule month %s" % company.name, "kind": "periodic", "period_months": 12,
                "survey_id": survey.id, "company_id": company.id, "partner_ids": [Command.set(customer.ids)],
                "quiet_days": 0})
            for index, (day, moment) in enumerate(moments):
                when = tz.localize(datetime.combine(day, moment)).astimezone(pytz.utc).replace(tzinfo=None)
                local = fields.Datetime.context_timestamp(company.with_context(tz=company._logistics_tz()), when)
                month = local.date().replace(day=1)
                shipment = self.ship(customer, when, name="RULE-M-%s-%d" % (company.id, index),
                                     company_id=company.id)
                self.assertEqual(shipment.month, month, (company.name, when))
                expected[(customer.id, month)] = expected.get((customer.id, month), 0) + 1
                self.campaign_answer(campaign, customer, "m%d" % index, 9, 4, when)
        self.assertEqual({month for _c, month in expected},
                         {first - relativedelta(months=1), first, first + relativedelta(months=1)})
        Report = self.env["logistics.kpi.report"]
        customers = [c for c, _m in expected]
        for count in ("nps_count", "shipment_count"):   # answers (every one at once), waybills
            rows = Report.search_read([("partner_id", "in", customers), (count, ">", 0)],
                                      ["partner_id", "month", count])
            self.assertEqual({(row["partner_id"][0], row["month"]): row[count] for row in rows}, expected, count)

    # ------------------------------------------------------------------ NPS
    def test_nps_of_a_customer_and_of_the_report_agree(self):
        """Answers 0-10 at the promoter and detractor edges (6, 7, 8, 9), passives only,
        one answer, none, a test entry and an unfinished answer (neither counts), over
        three months with answers at 23:30 and 00:30 local time: the customer's NPS
        (_satisfaction_scores, one customer and period), the KPI report's (every customer
        and month at once) and nps_score on the same answers agree."""
        survey = self.env.ref("logistics_kpi.survey_satisfaction")
        tz = pytz.timezone(self.env.company._logistics_tz())
        first = date.today().replace(day=1) - relativedelta(months=3)
        months = [first + relativedelta(months=m) for m in range(3)]
        plans = {
            "edges": [10, 9, 8, 7, 6, 0],
            "passives": [7, 8, 7],
            "one promoter": [9],
            "detractors": [6, 5, 0, 6],
            "none": [],
        }
        rnd = random.Random(25)
        for index in range(6):
            plans["random %d" % index] = [rnd.randint(0, 10) for _i in range(rnd.randint(0, 7))]
        customers, answers = {}, defaultdict(list)
        aside = tz.localize(datetime.combine(months[0] + timedelta(days=10), time(12))).astimezone(
            pytz.utc).replace(tzinfo=None)
        for label, scores in plans.items():
            customer = self.customer("Rule NPS %s" % label)
            customers[label] = customer
            campaign = self.env["logistics.survey.campaign"].create({
                "name": "Rule NPS %s" % label, "kind": "periodic", "period_months": 12, "survey_id": survey.id,
                "partner_ids": [Command.set(customer.ids)], "quiet_days": 0})
            for index, score in enumerate(scores):
                month = months[index % 3]
                # alternately the first minutes of the month and the last of the month before
                moment = datetime.combine(month, time(0, 30)) if index % 2 else \
                    datetime.combine(month + relativedelta(months=1) - timedelta(days=1), time(23, 30))
                when = tz.localize(moment).astimezone(pytz.utc).replace(tzinfo=None)
                self.campaign_answer(campaign, customer, "n%d" % index, score, 3, when)
                answers[(customer.id, moment.date().replace(day=1))].append(score)
            if scores:  # neither counts: a test entry and an answer not finished
                test_entry = self.campaign_answer(campaign, customer, "test", 0, 1, aside)
                test_entry.test_entry = True
                self.env["survey.user_input"].create({
                    "survey_id": survey.id, "partner_id": customer.id, "customer_id": customer.id,
                    "campaign_id": campaign.id, "campaign_key": "open", "state": "in_progress", "date_done": aside,
                    "user_input_line_ids": [Command.create({
                        "question_id": self.env.ref("logistics_kpi.survey_question_nps").id,
                        "answer_type": "numerical_box", "value_numerical_box": 0})]})
        ids = [c.id for c in customers.values()]
        Report = self.env["logistics.kpi.report"]
        rows = Report.search_read([("partner_id", "in", ids), ("nps_count", ">", 0)],
                                  ["partner_id", "month", "nps", "nps_count"])
        report = {(row["partner_id"][0], row["month"]): row for row in rows}
        self.assertEqual(set(report), set(answers))
        # the report's NPS of a customer over several months: promoters minus detractors summed
        totals = {group["partner_id"][0]: group["nps"] for group in Report.read_group(
            [("partner_id", "in", ids), ("nps_count", ">", 0)], ["nps"], ["partner_id"], lazy=False)}
        Criterion = self.env["logistics.satisfaction.criterion"]
        seen = set()
        for customer in customers.values():
            for month in months:
                last_day = month + relativedelta(months=1) - timedelta(days=1)
                single = Criterion._satisfaction_scores([customer.id], month, last_day)[customer.id][1]
                scores = answers.get((customer.id, month), [])
                self.assertEqual(single is None, not scores, (customer.name, month))
                if scores:
                    row = report[(customer.id, month)]
                    self.assertAlmostEqual(single, nps_score(scores), msg=(customer.name, month))
                    self.assertAlmostEqual(row["nps"], single, msg=(customer.name, month))
                    self.assertEqual(row["nps_count"], len(scores))
                    seen.add(round(single, 6))
            # the customer's NPS over the three months at once, against the report's sum
            everything = [s for (cid, _m), scores in answers.items() if cid == customer.id for s in scores]
            whole = Criterion._satisfaction_scores([customer.id], months[0], months[-1] + relativedelta(months=1,
                                                                                                          days=-1))
            self.assertEqual(whole[customer.id][1] is None, not everything)
            if everything:
                self.assertAlmostEqual(whole[customer.id][1], nps_score(everything), msg=customer.name)
                self.assertAlmostEqual(totals[customer.id], whole[customer.id][1], msg=customer.name)
        self.assertTrue({100.0, -100.0, 0.0} <= seen, seen)  # the edges were reached
