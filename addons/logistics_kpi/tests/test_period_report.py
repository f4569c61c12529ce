from datetime import datetime, timedelta

from odoo.tests.common import TransactionCase

from .common import KpiCase


class TestPeriodReportAndDashboard(KpiCase, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cust = cls.customer("Period Customer", manager=cls.am1)
        cls.north, cls.south = cls.env["res.country.state"].search([], limit=2)
        # 2025 Q4: October 1 shipment, November 4 (peak), December 2; mean 2.33:
        # peak >= 115 % of the mean, off-season <= 85 %
        for month, count in ((10, 1), (11, 4), (12, 2)):
            for n in range(count):
                cls.ship(cls.cust, datetime(2025, month, 3 + n, 8, 0),
                         late_minutes=90 if n == 0 else 0,
                         dest_state_id=(cls.north if n % 2 == 0 else cls.south).id,
                         damaged=(month == 12 and n == 1))

    def test_quarterly_report(self):
        wizard = self.env["logistics.kpi.period.wizard"].create(
            {"year": 2025, "period": "q4", "partner_id": self.cust.id})
        data = wizard.with_context(lang="en_US")._report_data()
        self.assertEqual(data["total"]["shipment_count"], 7)
        self.assertAlmostEqual(data["total"]["dispatch_on_time_rate"], 100.0 * 4 / 7)
        self.assertAlmostEqual(data["total"]["accident_rate"], 1000.0 / 7)
        self.assertIn("2025", data["peak"])
        self.assertEqual([m["season"] for m in data["months"]], ["Off-season", "Peak", "Normal"])
        regions = {r["region_id"][0]: r["shipment_count"] for r in data["regions"]}
        self.assertEqual(regions, {self.north.id: 4, self.south.id: 3})
        html = self.env["ir.actions.report"]._render_qweb_html(
            "logistics_kpi.action_report_kpi_period", wizard.ids)[0].decode()
        self.assertIn(self.north.name, html)
        self.assertIn("Satisfaction index", html)
        self.assertIn("NPS", html)
        empty = self.env["logistics.kpi.period.wizard"].create(
            {"year": 2025, "period": "q1", "partner_id": self.cust.id})._report_data()
        self.assertFalse(empty["total"].get("shipment_count"))

    def test_dashboard_visits_and_growth(self):
        Visit = self.env["logistics.visit"]
        start = datetime.now().replace(microsecond=0) - timedelta(hours=1)  # done: not in the future
        done = Visit.create({"partner_id": self.cust.id, "user_id": self.am1.id, "date_start": start})
        done.write({"state": "done"})
        Visit.create({"partner_id": self.cust.id, "user_id": self.am1.id, "date_start": start})
        line = self.env["logistics.team.dashboard"].search([("user_id", "=", self.am1.id)])
        self.assertEqual((line.visits_planned, line.visits_done, line.visit_completion_rate), (2, 1, 50.0))
        self.assertEqual(line.account_count, 1)

    def test_dashboard_retention_growth_sla(self):
        now = datetime.now().replace(microsecond=0)
        kept = self.customer("Dashboard Kept", manager=self.am2)
        gone = self.customer("Dashboard Gone", manager=self.am2)
        self.ship(kept, now - timedelta(days=400), revenue=1000.0)
        self.ship(kept, now - timedelta(days=30), revenue=1500.0)
        self.ship(gone, now - timedelta(days=500), revenue=1000.0)
        line = self.env["logistics.team.dashboard"].search([("user_id", "=", self.am2.id)])
        self.assertEqual((line.account_count, line.prior_active_count, line.retained_count), (2, 2, 1))
        self.assertAlmostEqual(line.retention_rate, 50.0)
        self.assertAlmostEqual(line.revenue_growth, -25.0)  # 1,500 against 2,000
        self.assertEqual(line.satisfaction_count, 0)


    def test_quarterly_report_satisfaction_and_nps(self):
        from odoo import Command
        survey = self.env.ref("logistics_kpi.survey_satisfaction")
        campaign = self.env["logistics.survey.campaign"].create({
            "name": "Quarter campaign", "kind": "periodic", "survey_id": survey.id,
            "partner_ids": [Command.set(self.cust.ids)], "quiet_days": 0})
        for key, nps, when in (("q1", 10, datetime(2025, 10, 20, 8)), ("q2", 9, datetime(2025, 11, 20, 8)),
                               ("q3", 2, datetime(2025, 12, 20, 8)), ("other", 0, datetime(2026, 1, 20, 8))):
            self.campaign_answer(campaign, self.cust, key, nps, 4, when)
        wizard = self.env["logistics.kpi.period.wizard"].create(
            {"year": 2025, "period": "q4", "partner_id": self.cust.id})
        total = wizard._report_data()["total"]
        self.assertAlmostEqual(total["nps"], 100.0 / 3)  # 2 promoters, 1 detractor (January not counted)
        self.assertAlmostEqual(total["satisfaction_index"], 80.0)
        html = self.env["ir.actions.report"]._render_qweb_html(
            "logistics_kpi.action_report_kpi_period", wizard.ids)[0].decode()
        self.assertIn("33.3", html)
        self.assertIn("80.0", html)
