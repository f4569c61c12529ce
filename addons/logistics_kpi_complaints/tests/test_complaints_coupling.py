from datetime import datetime, timedelta

from odoo import Command
from odoo.tests.common import TransactionCase

from odoo.addons.logistics_kpi.tests.common import KpiCase, month_start


class TestComplaintsCoupling(KpiCase, TransactionCase):
    """What the bridge reads from logistics.complaint: partner_id, received_date,
    closed_date, state and sla_status."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cust = cls.customer("Complaining Customer", manager=cls.am1)
        cls.Complaint = cls.env["logistics.complaint"]

    def complaint(self, received, closed=None, partner=None):
        complaint = self.Complaint.create({"partner_id": (partner or self.cust).id, "received_date": received})
        if closed:
            # set the closing date directly: the complaint workflow is logistics_complaints' business
            self.env.cr.execute("UPDATE logistics_complaint SET closed_date = %s WHERE id = %s",
                                (closed, complaint.id))
            complaint.invalidate_recordset()
        return complaint

    def test_complaints_per_thousand_shipments(self):
        month = month_start(1)
        for day in range(4):
            self.ship(self.cust, month + timedelta(days=day))
        self.complaint(month + timedelta(days=3))
        groups = self.env["logistics.kpi.report"].read_group(
            [("partner_id", "=", self.cust.id), ("month", "=", month.date())],
            ["complaint_count", "complaint_rate", "shipment_count"], [], lazy=False)
        self.assertEqual(groups[0]["complaint_count"], 1)
        self.assertEqual(groups[0]["complaint_rate"], 250.0)  # 1 complaint / 4 shipments
        statement = self.env["logistics.customer.statement"].create(
            {"partner_id": self.cust.id, "month": month.date()})
        self.assertEqual(statement.complaint_rate, 250.0)

    def test_complaint_month_in_company_time_zone(self):
        self.env.company.partner_id.tz = "Asia/Shanghai"
        self.complaint(datetime(2026, 3, 31, 23, 30))  # 07:30 on April 1st in Shanghai
        rows = self.env["logistics.kpi.report"].search_read(
            [("partner_id", "=", self.cust.id), ("complaint_count", ">", 0)], ["month"])
        self.assertEqual([row["month"] for row in rows], [datetime(2026, 4, 1).date()])

    def test_post_complaint_campaign_24h_after_closing(self):
        survey = self.env.ref("logistics_kpi.survey_satisfaction")
        campaign = self.env["logistics.survey.campaign"].create({
            "name": "After complaint", "kind": "post_complaint", "survey_id": survey.id,
            "partner_ids": [Command.set(self.cust.ids)], "quiet_days": 0, "delay_hours": 24})
        now = datetime.now()
        self.complaint(now - timedelta(days=3), closed=now - timedelta(hours=2))  # too early
        self.assertEqual(campaign.action_run(), 0)
        done = self.complaint(now - timedelta(days=4), closed=now - timedelta(hours=25))
        self.assertEqual(campaign.action_run(), 1)
        self.assertEqual(campaign.user_input_ids.campaign_key, "complaint-%d" % done.id)
        self.assertEqual(campaign.action_run(), 0)

    def test_dashboard_complaint_sla(self):
        now = datetime.now().replace(microsecond=0)
        kept = self.customer("Dashboard SLA Co", manager=self.am2)
        contact = self.env["res.partner"].create({"name": "SLA clerk", "parent_id": kept.id})
        # (state, sla_status): decided ones count, open on-track and cancelled ones do not
        cases = [("resolved", "on_track"), ("closed", "breached"), ("investigating", "breached"),
                 ("investigating", "on_track"), ("cancelled", "breached")]
        for state, sla in cases:
            complaint = self.complaint(now - timedelta(days=5), partner=contact)
            self.env.flush_all()   # the SLA computes first, then the state the case needs
            self.env.cr.execute("UPDATE logistics_complaint SET state = %s, sla_status = %s WHERE id = %s",
                                (state, sla, complaint.id))
            complaint.invalidate_recordset()
        line = self.env["logistics.team.dashboard"].search([("user_id", "=", self.am2.id)])
        self.assertEqual((line.complaint_count, line.complaint_sla_ok_count), (3, 1))
        self.assertAlmostEqual(line.sla_compliance_rate, 100.0 / 3)
