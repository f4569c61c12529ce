"""The monthly statement as the customer receives it: a real PDF from wkhtmltopdf."""
import io
import subprocess
import unicodedata
from datetime import timedelta

from PyPDF2 import PdfFileReader

import odoo.tests.common
from odoo import fields
from odoo.tests.common import HttpCase

from .common import dt, month_start


class TestStatementPdf(HttpCase):
    """HttpCase: wkhtmltopdf fetches the report stylesheets from the running server."""

    def _customer(self, name, lang):
        return self.env["res.partner"].create({
            "name": name, "is_company": True, "customer": True, "lang": lang,
            "email": "%s@example.com" % name.lower().replace(" ", ".")})

    def _ship(self, partner, pickup, late_minutes):
        delivery = pickup + timedelta(days=1)
        return self.env["logistics.shipment"].create({
            "name": "PDF-%s-%s" % (partner.id, pickup.day), "partner_id": partner.id,
            "pickup_planned": dt(pickup), "pickup_actual": dt(pickup + timedelta(minutes=late_minutes)),
            "delivery_planned": dt(delivery), "delivery_actual": dt(delivery)})

    def test_statements_of_two_customers_in_their_languages_in_one_pdf(self):
        base_url = "http://127.0.0.1:%s" % odoo.tests.common.PORT
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("web.base.url", base_url)
        params.set_param("report.url", base_url)
        params.set_param("logistics_kpi.dispatch_tolerance_minutes", "30")
        self.env.ref("base.lang_en").active = True
        chinese = self._customer("PDF Huanan Trading", "zh_CN")
        english = self._customer("PDF Baltic Freight", "en_US")
        month = month_start(1)
        for partner in (chinese, english):
            self._ship(partner, month, 0)
            self._ship(partner, month + timedelta(days=2), 120)  # late: 50 % on time
        Statement = self.env["logistics.customer.statement"]
        statements = Statement.create({"partner_id": chinese.id, "month": fields.Date.to_string(month.date())})
        statements |= Statement.create({"partner_id": english.id, "month": fields.Date.to_string(month.date())})

        # Odoo 11 renders HTML instead of PDF under a test cursor: the steps of
        # render_qweb_pdf, one by one (several documents: the compatibility layer
        # renders them one at a time and joins the pages)
        report = self.env.ref("logistics_kpi.action_report_customer_statement").with_context(debug=False)
        html = report.render_qweb_html(statements.ids)[0].decode()
        bodies, _html_ids, header, footer, args = report._prepare_html(html)
        self.assertEqual(len(bodies), 2)
        pdf = report._run_wkhtmltopdf(bodies, header=header, footer=footer, specific_paperformat_args=args)
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertGreaterEqual(PdfFileReader(io.BytesIO(pdf)).getNumPages(), 2)
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
