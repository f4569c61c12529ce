from odoo.tests import TransactionCase

from .common import AgreementCase, month_start


class TestKpiTarget(AgreementCase, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reason = cls.env.ref("logistics_service_agreement.delay_reason_carrier_late")
        start = month_start(1)
        cls.month = start.date()
        # 10 shipments last month: 2 dispatched late (one with a reason code), 1 with wrong documents
        cls.shipments = cls.env["logistics.shipment"]
        for index in range(10):
            values = {}
            late = 0
            if index in (0, 1):
                late = 120
                if index == 0:
                    values["delay_reason_id"] = cls.reason.id
            if index == 2:
                values["documents_accurate"] = False
            cls.shipments |= cls.ship(cls.cust_a, start.replace(day=2 + index), late_minutes=late, **values)
        # the other customer: no agreement, late shipments
        for index in range(4):
            cls.ship(cls.cust_b, start.replace(day=2 + index), late_minutes=120)

    def test_scorecard_met_missed(self):
        rows = {row["kpi"]: row for row in self.Agreement._scorecard(self.cust_a, [self.month])}
        self.assertEqual(set(rows), {"dispatch", "arrival", "accuracy", "damage"})
        self.assertAlmostEqual(rows["dispatch"]["actual"], 80.0)
        self.assertIs(rows["dispatch"]["met"], False)
        self.assertAlmostEqual(rows["dispatch"]["margin"], -10.0)
        self.assertIs(rows["arrival"]["met"], True)
        self.assertAlmostEqual(rows["arrival"]["margin"], 10.0)
        self.assertIs(rows["accuracy"]["met"], False)
        self.assertAlmostEqual(rows["accuracy"]["margin"], -5.0)
        self.assertIs(rows["damage"]["met"], True)
        self.assertAlmostEqual(rows["damage"]["margin"], 50.0)
        # a KPI without a target is not listed; no agreement: nothing
        self.agreement.damage_ceiling = 0
        self.assertNotIn("damage", {row["kpi"] for row in self.Agreement._scorecard(self.cust_a, [self.month])})
        self.assertEqual(self.Agreement._scorecard(self.cust_b, [self.month]), [])

    def test_report_view(self):
        Report = self.env["logistics.agreement.kpi.report"]
        found = Report.search([("partner_id", "=", self.cust_a.id), ("month", "=", self.month)])
        rows = {row.kpi: row for row in found}
        self.assertEqual(set(rows), {"dispatch", "arrival", "accuracy", "damage"})
        self.assertFalse(rows["dispatch"].met)
        self.assertAlmostEqual(rows["dispatch"].margin, -10.0)
        self.assertEqual((rows["dispatch"].numerator, rows["dispatch"].denominator, rows["dispatch"].missed_count),
                         (8, 10, 2))
        self.assertTrue(rows["damage"].met)
        self.assertAlmostEqual(rows["damage"].margin, 50.0)
        self.assertFalse(Report.search([("partner_id", "=", self.cust_b.id)]))
        misses = self.env["logistics.shipment"].search(rows["dispatch"].action_view_misses()["domain"])
        self.assertEqual(misses, self.shipments[:2])
        # account managers see their accounts' rows only
        self.assertEqual(Report.with_user(self.am2).search_count([("partner_id", "=", self.cust_a.id)]), 0)
        self.assertEqual(Report.with_user(self.am1).search_count([("partner_id", "=", self.cust_a.id)]), 4)
        self.assertEqual(Report.with_user(self.manager).search_count([("partner_id", "=", self.cust_a.id)]), 4)

    def test_misses_by_shipment_with_reason(self):
        misses = self.Agreement._kpi_misses(self.cust_a, self.month, self.month, {"dispatch", "accuracy"})
        self.assertEqual([(m["kpi"], m["shipment"]) for m in misses],
                         [("dispatch", self.shipments[0]), ("dispatch", self.shipments[1]),
                          ("accuracy", self.shipments[2])])
        self.assertEqual(misses[0]["reason"], self.reason)
        self.assertFalse(misses[1]["reason"])

    def test_statement_pdf_html(self):
        Statement = self.env["logistics.customer.statement"]
        statement = Statement.create({"partner_id": self.cust_a.id, "month": self.month})
        html = self.env["ir.actions.report"]._render_qweb_html(
            "logistics_kpi.action_report_customer_statement", statement.ids)[0].decode()
        self.assertIn("Against your service agreement", html)
        self.assertIn("Missed", html)
        self.assertIn("-10.0", html)
        self.assertIn(self.shipments[0].name, html)
        self.assertIn("[CA01] Carrier late", html)
        self.assertNotIn(self.shipments[3].name, html)
        other = Statement.create({"partner_id": self.cust_b.id, "month": self.month})
        html = self.env["ir.actions.report"]._render_qweb_html(
            "logistics_kpi.action_report_customer_statement", other.ids)[0].decode()
        self.assertNotIn("Against your service agreement", html)

    def test_team_dashboard(self):
        line = self.env["logistics.team.dashboard"].search([("user_id", "=", self.am1.id)])
        self.assertEqual(line.agreement_month, self.month)
        self.assertEqual((line.agreement_kpi_count, line.agreement_kpi_met_count, line.agreement_kpi_missed_count),
                         (4, 2, 2))
        self.assertAlmostEqual(line.agreement_met_rate, 50.0)
        self.assertAlmostEqual(line.agreement_worst_margin, -10.0)
        other = self.env["logistics.team.dashboard"].search([("user_id", "=", self.am2.id)])
        self.assertEqual(other.agreement_kpi_count, 0)
        action = line.action_view_agreement_kpis()
        self.assertEqual(action["domain"], [("account_manager_id", "=", self.am1.id)])
