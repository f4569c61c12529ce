"""The monthly statement as the customer receives it: a real PDF from wkhtmltopdf."""
import io
import subprocess
import unicodedata
from datetime import timedelta

from odoo.tests.common import HttpCase
from odoo.tools.pdf import PdfFileReader

from .common import month_start


class TestStatementPdf(HttpCase):
    """HttpCase: wkhtmltopdf fetches the report stylesheets from the running server."""

    def _customer(self, name, lang):
        return self.env["res.partner"].create({
            "name": name, "is_company": True, "customer_rank": 1, "lang": lang,
            "email": "%s@example.com" % name.lower().replace(" ", ".")})

    def _ship(self, partner, pickup, late_minutes):
        delivery = pickup + timedelta(days=1)
        return self.env["logistics.shipment"].create({
            "name": "PDF-%s-%s" % (partner.id, pickup.day), "partner_id": partner.id,
            "pickup_planned": pickup, "pickup_actual": pickup + timedelta(minutes=late_minutes),
            "delivery_planned": delivery, "delivery_actual": delivery})

    def test_statements_of_two_customers_in_their_languages_in_one_pdf(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("web.base.url", self.base_url())
        params.set_param("report.url", self.base_url())
        params.set_param("logistics_kpi.dispatch_tolerance_minutes", "30")
        self.env.ref("base.lang_en").active = True
        chinese = self._customer("PDF Huanan Trading", "zh_CN")
        english = self._customer("PDF Baltic Freight", "en_US")
        month = month_start(1)
        for partner in (chinese, english):
            self._ship(partner, month, 0)
            self._ship(partner, month + timedelta(days=2), 120)  # late: 50 % on time
        Statement = self.env["logistics.customer.statement"]
        statements = Statement.create({"partner_id": chinese.id, "month": month.date()})
        statements |= Statement.create({"partner_id": english.id, "month": month.date()})

        pdf, fmt = self.env["ir.actions.report"].with_context(force_report_rendering=True)._render_qweb_pdf(
            "logistics_kpi.action_report_customer_statement", statements.ids)
        self.assertEqual(fmt, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertGreaterEqual(len(PdfFileReader(io.BytesIO(pdf)).pages), 2)
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf,
                              stdout=subprocess.PIPE, check=True).stdout.decode()
        # pdftotext reads some glyphs of the CJK font as Kangxi radicals (⽉ for 月)
        text = unicodedata.normalize("NFKC", text)
        chinese_part, english_part = text.split("PDF Baltic Freight", 1)
        self.assertIn("PDF Huanan Trading", chinese_part)
        # the Chinese customer's page in Chinese, with the glyphs in the PDF
        self.assertIn("月度服务统计分析表", chinese_part)
        self.assertIn("单证流转准确率", chinese_part)
        self.assertIn("Monthly service statement", text.split("PDF Huanan Trading", 1)[1])
        self.assertNotIn("月度服务统计分析表", english_part)
        self.assertIn("50.0", english_part)  # dispatch on time: 1 of 2
