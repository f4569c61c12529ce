"""One definition per rule, in the bridge: the complaints per 1,000 shipments count the
complaints the complaint model counts (not the cancelled ones), each in the month of
its company's time zone, record by record against the complaints one at a time."""
import random
from collections import Counter
from datetime import date, datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests.common import TransactionCase

from odoo.addons.logistics_complaints.models.logistics_complaint import COUNTED_DOMAIN, STATES
from odoo.addons.logistics_kpi.tests.common import KpiCase


class TestRuleAgreement(KpiCase, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.partner_id.tz = "Asia/Shanghai"
        cls.new_york = cls.env["res.company"].create({"name": "Rule Bridge New York Co"})
        cls.new_york.partner_id.tz = "America/New_York"
        cls.Complaint = cls.env["logistics.complaint"]

    def local_month(self, complaint):
        """The month of a complaint as Python reads its company's time zone (one complaint)."""
        company = complaint.company_id
        local = fields.Datetime.context_timestamp(company.with_context(tz=company._logistics_tz()),
                                                  complaint.received_date)
        return local.date().replace(day=1)

    def test_complaints_per_thousand_count_what_the_model_counts(self):
        first = date.today().replace(day=1) - relativedelta(months=2)
        edges = [(first - timedelta(days=1), time(23, 30)), (first, time(0, 30)),
                 (first + relativedelta(months=1) - timedelta(days=1), time(23, 30)),
                 (first + relativedelta(months=1), time(0, 30)), (first + timedelta(days=10), time(12, 0))]
        rnd = random.Random(25)
        customers = self.env["res.partner"]
        complaints = self.Complaint
        for company in (self.env.company, self.new_york):
            tz = pytz.timezone(company._logistics_tz())
            for label in ("complaints", "cancelled only", "no complaint"):
                customer = self.customer("Rule Bridge %s %s" % (company.name, label))
                customers |= customer
                contact = self.env["res.partner"].create({"name": "Clerk", "parent_id": customer.id})
                for day in range(3):                 # shipments in every month of the window
                    for month in range(-1, 2):
                        self.ship(customer, datetime.combine(first + relativedelta(months=month, days=day * 7),
                                                             time(8)), company_id=company.id)
                if label == "no complaint":
                    continue
                for index, (day, moment) in enumerate(edges * 2):
                    when = tz.localize(datetime.combine(day, moment)).astimezone(pytz.utc).replace(tzinfo=None)
                    complaint = self.Complaint.with_company(company).create({
                        "partner_id": (contact if index % 3 == 0 else customer).id, "received_date": when,
                        "company_id": company.id, "subject": "Rule %d" % index})
                    state = "cancelled" if label == "cancelled only" else rnd.choice(STATES)[0]
                    self.env.flush_all()
                    self.env.cr.execute("UPDATE logistics_complaint SET state = %s WHERE id = %s",
                                        (state, complaint.id))
                    complaints |= complaint
        self.env.invalidate_all()
        self.assertIn("cancelled", complaints.mapped("state"))
        # one complaint at a time: the model's domain, the month of its company's time zone
        counted = complaints.filtered_domain(COUNTED_DOMAIN)
        self.assertLess(len(counted), len(complaints))
        single = Counter((c.partner_id.commercial_partner_id.id, self.local_month(c)) for c in counted)
        self.assertEqual(len({month for _p, month in single}), 3)
        # every complaint at once: the KPI report's rows
        Report = self.env["logistics.kpi.report"]
        rows = Report.search_read([("partner_id", "in", customers.ids), ("complaint_count", ">", 0)],
                                  ["partner_id", "month", "complaint_count"])
        self.assertEqual(Counter({(r["partner_id"][0], r["month"]): r["complaint_count"] for r in rows}), single)
        # the rate of each customer and month: counted complaints per 1,000 shipments
        for customer in customers:
            for month in (first - relativedelta(months=1), first, first + relativedelta(months=1)):
                group = Report.read_group([("partner_id", "=", customer.id), ("month", "=", month)],
                                          ["complaint_rate", "complaint_count", "shipment_count"], [], lazy=False)[0]
                self.assertEqual(group["shipment_count"], 3)
                self.assertEqual(group["complaint_count"], single.get((customer.id, month), 0))
                self.assertAlmostEqual(group["complaint_rate"], 1000.0 * single.get((customer.id, month), 0) / 3)
