"""The customer documents look like the company's (issue 24): the company's name, logo and
address in the body (the platform's wkhtmltopdf drops Odoo's header band), a small top
margin, charts instead of series written out, and no document-layout wizard on print."""
import base64
import io
import subprocess
import unicodedata
from datetime import datetime, timedelta

from PIL import Image

from odoo.tests.common import HttpCase, TransactionCase

from .common import KpiCase, month_start

SUITE_REPORTS = ("logistics_kpi.action_report_customer_statement", "logistics_kpi.action_report_kpi_period")


def png_logo():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), (23, 78, 145)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


def brand(company):
    """A company with its own name, logo and Shanghai address."""
    company.write({
        "name": "测试迅捷物流有限公司", "logo": png_logo(),
        "street": "浦东新区测试路 88 号", "city": "上海", "zip": "201203",
        "country_id": company.env.ref("base.cn").id, "phone": "+86 21 6000 0000",
        "email": "service@test-logistics.example.com"})
    return company


class TestReportDocuments(KpiCase, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        brand(cls.env.company)
        cls.cust = cls.customer("Documents Customer", manager=cls.am1)
        cls.north, cls.south = cls.env["res.country.state"].search([], limit=2)
        for month, count in ((10, 1), (11, 4), (12, 2)):
            for n in range(count):
                cls.ship(cls.cust, datetime(2025, month, 3 + n, 8, 0), late_minutes=90 if n == 0 else 0,
                         dest_state_id=(cls.north if n % 2 == 0 else cls.south).id)
        cls.statement = cls.env["logistics.customer.statement"].create(
            {"partner_id": cls.cust.id, "month": datetime(2025, 12, 1).date()})
        cls.wizard = cls.env["logistics.kpi.period.wizard"].create(
            {"year": 2025, "period": "q4", "partner_id": cls.cust.id})

    def html(self, report, records):
        return self.env["ir.actions.report"]._render_qweb_html(report, records.ids)[0].decode()

    def assert_company_block(self, html):
        self.assertEqual(html.count('class="o_logistics_company_block"'), 1)
        self.assertIn("测试迅捷物流有限公司", html)
        self.assertIn("浦东新区测试路 88 号", html)
        self.assertIn("201203", html)
        self.assertIn("+86 21 6000 0000", html)
        self.assertIn("service@test-logistics.example.com", html)
        self.assertIn('src="data:image/png;base64,', html)  # the logo
        # nothing in Odoo's header band, which the platform's wkhtmltopdf would drop
        self.assertNotIn('class="header', html)

    def test_statement_has_the_company_block_and_a_chart(self):
        html = self.html("logistics_kpi.action_report_customer_statement", self.statement)
        self.assert_company_block(html)
        self.assertIn("<svg", html)
        self.assertIn("o_logistics_chart", html)
        self.assertEqual(html.count("<rect"), 3)  # October to December have shipments
        self.assertIn(">4</text>", html)  # November's bar carries its count

    def test_period_report_has_the_company_block_and_charts(self):
        html = self.html("logistics_kpi.action_report_kpi_period", self.wizard)
        self.assert_company_block(html)
        self.assertIn("o_period_month_chart", html)
        self.assertEqual(html.count("<rect"), 3)  # one bar a month
        self.assertIn("#f28c28", html)  # November, the peak month, in the peak colour
        # the volume trend of each region is a line, not a wall of "month: count;"
        self.assertIn("o_logistics_trend", html)
        self.assertEqual(html.count("<polyline"), 2)  # one line per region
        self.assertNotIn("; </", html)

    def test_address_in_the_customer_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.cust.lang = "zh_CN"
        html = self.html("logistics_kpi.action_report_customer_statement", self.statement)
        self.assertIn("中国", html)  # the company's country, in the customer's language
        self.cust.lang = "en_US"
        html = self.html("logistics_kpi.action_report_customer_statement", self.statement)
        self.assertIn("China", html)

    def test_small_top_margin_without_header_spacing(self):
        for xmlid in SUITE_REPORTS:
            paperformat = self.env.ref(xmlid).get_paperformat()
            self.assertEqual(paperformat, self.env.ref("logistics_kpi.paperformat_logistics_a4"), xmlid)
            self.assertLessEqual(paperformat.margin_top, 15, xmlid)
            self.assertFalse(paperformat.header_spacing, xmlid)

    def test_rows_are_not_cut_across_pages(self):
        html = self.html("logistics_kpi.action_report_customer_statement", self.statement)
        self.assertRegex(html, r"\.o_logistics_document tr,[^{]*\{ page-break-inside: avoid; \}")

    def test_printing_never_opens_the_document_layout_wizard(self):
        self.env.company.external_report_layout_id = False
        self.assertTrue(self.env.is_admin())
        # Odoo's own reports open the wizard here: the condition the suite must not depend on
        preview = self.env.ref("web.action_report_externalpreview").report_action([])
        self.assertEqual(preview["type"], "ir.actions.act_window")
        self.assertEqual(preview["res_model"], "base.document.layout")
        action = self.wizard.action_print()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "logistics_kpi.report_kpi_period")
        action = self.env.ref("logistics_kpi.action_report_customer_statement").report_action(self.statement)
        self.assertEqual(action["type"], "ir.actions.report")
        # and the documents render without a layout chosen
        self.assertIn("o_logistics_company_block",
                      self.html("logistics_kpi.action_report_customer_statement", self.statement))


class TestStatementPdfLooksLikeTheCompany(HttpCase):
    """The PDF a Chinese customer receives: the company's name and address on page 1, at
    the top of the page (no blank band where Odoo's header would be)."""

    def test_company_name_and_address_at_the_top_of_the_pdf(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("web.base.url", self.base_url())
        params.set_param("report.url", self.base_url())
        brand(self.env.company)
        customer = self.env["res.partner"].create({
            "name": "PDF 华东贸易", "is_company": True, "customer_rank": 1, "lang": "zh_CN"})
        month = month_start(1)
        delivery = month + timedelta(days=1)
        self.env["logistics.shipment"].create({
            "name": "PDF-COMPANY-1", "partner_id": customer.id, "pickup_planned": month, "pickup_actual": month,
            "delivery_planned": delivery, "delivery_actual": delivery})
        statement = self.env["logistics.customer.statement"].create(
            {"partner_id": customer.id, "month": month.date()})
        pdf, fmt = self.env["ir.actions.report"].with_context(force_report_rendering=True)._render_qweb_pdf(
            "logistics_kpi.action_report_customer_statement", statement.ids)
        self.assertEqual(fmt, "pdf")
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf,
                              stdout=subprocess.PIPE, check=True).stdout.decode()
        text = unicodedata.normalize("NFKC", text)  # ⽉ (Kangxi radical) read for 月
        self.assertIn("测试迅捷物流有限公司", text)
        self.assertIn("浦东新区测试路 88 号", text)
        self.assertIn("上海", text)
        self.assertIn("月度服务统计分析表", text)
        # the company name is the first text of the page, within 30 mm of its top edge
        # (Odoo's A4 paperformat leaves 52 mm for a header band this wkhtmltopdf drops)
        bbox = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", "-", "-"], input=pdf,
                              stdout=subprocess.PIPE, check=True).stdout.decode()
        tops = [float(line.split('yMin="')[1].split('"')[0]) for line in bbox.splitlines() if "<word " in line]
        self.assertTrue(tops)
        self.assertLess(min(tops), 30 / 25.4 * 72)
