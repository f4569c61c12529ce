"""The quarterly business review pack looks like the company's document (issue 24): company
block in the body, the suite's paperformat, each KPI month by month as a chart against its
target, and no document-layout wizard on print."""
from datetime import datetime

from odoo.tests import TransactionCase

from odoo.addons.logistics_kpi.tests.test_report_documents import brand

from .common import AgreementCase


class TestReviewDocument(AgreementCase, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        brand(cls.env.company)
        Review = cls.env["logistics.business.review"]
        year, quarter = Review._last_quarter()
        first = datetime(year, 3 * int(quarter) - 2, 3, 9, 0)
        for index in range(4):  # one late dispatch of four: 75 %, under the 90 % target
            cls.ship(cls.cust_a, first.replace(day=3 + index), late_minutes=120 if index == 0 else 0)
        cls.review = Review._get_or_create(cls.cust_a, year, quarter)

    def test_company_block_and_kpi_charts(self):
        html = self.review._render_html().decode()
        self.assertEqual(html.count('class="o_logistics_company_block"'), 1)
        self.assertIn("测试迅捷物流有限公司", html)
        self.assertIn("浦东新区测试路 88 号", html)
        self.assertIn('src="data:image/png;base64,', html)
        self.assertNotIn('class="header', html)
        # one chart per agreed KPI (dispatch, arrival, accuracy, damage), the target dashed
        self.assertIn("o_review_kpi_charts", html)
        self.assertEqual(html.count('class="o_logistics_chart"'), 4)
        self.assertIn('stroke-dasharray="6,4"', html)
        self.assertIn("#c0392b", html)  # the missed dispatch month in red
        self.assertIn(">75.0</text>", html)

    def test_paperformat_and_no_layout_wizard(self):
        report = self.env.ref("logistics_service_agreement.action_report_business_review")
        self.assertEqual(report.get_paperformat(), self.env.ref("logistics_kpi.paperformat_logistics_a4"))
        self.env.company.external_report_layout_id = False
        action = report.with_user(self.env.ref("base.user_admin")).report_action(self.review)
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "logistics_service_agreement.report_business_review")
