from datetime import datetime, timedelta

from odoo import fields
from odoo.tests.common import SavepointCase

from .common import KpiCase, month_start


class TestComplaintsCoupling(KpiCase, SavepointCase):
    """What logistics_kpi reads from logistics.complaint: partner_id, received_date,
    the closing date (date_closed or closed_date) and sla_status."""

    @classmethod
    def setUpClass(cls):
        super(TestComplaintsCoupling, cls).setUpClass()
        cls.cust = cls.customer("Complaining Customer", manager=cls.am1)
        cls.Complaint = cls.env["logistics.complaint"]
        cls.closed_field = "date_closed" if "date_closed" in cls.Complaint._fields else "closed_date"

    def complaint(self, received, closed=None):
        complaint = self.Complaint.create({"partner_id": self.cust.id,
                                           "received_date": fields.Datetime.to_string(received)})
        if closed:
            # set the closing date directly: the complaint workflow is logistics_complaints' business
            self.env.cr.execute('UPDATE logistics_complaint SET "%s" = %%s WHERE id = %%s' % self.closed_field,
                                (fields.Datetime.to_string(closed), complaint.id))
            complaint.invalidate_cache()
        return complaint

    def test_complaints_per_thousand_shipments(self):
        month = month_start(1)
        for day in range(4):
            self.ship(self.cust, month + timedelta(days=day))
        self.complaint(month + timedelta(days=3))
        groups = self.env["logistics.kpi.report"].read_group(
            [("partner_id", "=", self.cust.id), ("month", "=", fields.Date.to_string(month.date()))],
            ["complaint_count", "complaint_rate", "shipment_count"], [], lazy=False)
        self.assertEqual(groups[0]["complaint_count"], 1)
        self.assertEqual(groups[0]["complaint_rate"], 250.0)  # 1 complaint / 4 shipments

    def test_post_complaint_campaign_24h_after_closing(self):
        survey = self.env.ref("logistics_kpi.survey_satisfaction")
        campaign = self.env["logistics.survey.campaign"].create({
            "name": "After complaint", "kind": "post_complaint", "survey_id": survey.id,
            "partner_ids": [(6, 0, self.cust.ids)], "quiet_days": 0, "delay_hours": 24})
        now = datetime.now()
        self.complaint(now - timedelta(days=3), closed=now - timedelta(hours=2))  # too early
        self.assertEqual(campaign.action_run(), 0)
        done = self.complaint(now - timedelta(days=4), closed=now - timedelta(hours=25))
        self.assertEqual(campaign.action_run(), 1)
        self.assertEqual(campaign.user_input_ids.campaign_key, "complaint-%d" % done.id)
        self.assertEqual(campaign.action_run(), 0)
