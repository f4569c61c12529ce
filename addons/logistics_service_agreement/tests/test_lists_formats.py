"""Issue 24, lists and formats: the agreement KPIs' month as a month, the review pack's
months in the customer's language (not 2026-11), its year without a thousands separator."""
from datetime import datetime

from lxml import etree

from odoo.tests import TransactionCase
from odoo.tools.safe_eval import safe_eval

from odoo.addons.logistics_crm.tools import format_month

from .common import AgreementCase


def view_arch(env, model, view_type, view_id=False):
    return etree.fromstring(env[model].get_views([(view_id, view_type)])["views"][view_type]["arch"])


class TestAgreementListsAndFormats(AgreementCase, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Review = cls.env["logistics.business.review"]
        cls.year, cls.quarter = cls.Review._last_quarter()
        cls.first = datetime(cls.year, 3 * int(cls.quarter) - 2, 3, 9, 0)
        cls.cust_a.write({"industry_influence": True, "customer_tier": "a"})
        for index in range(3):
            cls.ship(cls.cust_a, cls.first.replace(day=3 + index), late_minutes=120 if index == 0 else 0)

    def test_agreement_kpis_month_list(self):
        arch = view_arch(self.env(user=self.am1), "logistics.agreement.kpi.report", "list")
        self.assertEqual(arch.find("field[@name='month']").get("widget"), "logistics_month")

    def test_review_pack_months_in_the_customers_language(self):
        review = self.Review._get_or_create(self.cust_a, self.year, self.quarter)
        months = review._months()
        for lang in ("zh_CN", "en_US"):
            self.cust_a.lang = lang
            data = review._review_data()
            self.assertEqual(data["month_labels"], [format_month(self.env, month, lang) for month in months])
            self.assertEqual([line["month"] for line in data["satisfaction"]], data["month_labels"])
            html = review._render_html().decode()
            page = etree.fromstring(html, etree.HTMLParser())
            headers = [th.xpath("string()").strip()
                       for th in page.xpath("//table[contains(@class, 'o_review_kpi_table')]//th")][1:]
            self.assertEqual(headers, data["month_labels"], lang)
        self.assertRegex(format_month(self.env, months[0], "zh_CN"), r"^\d{4}年\d{1,2}月$")

    def test_review_year_plain(self):
        for view_type in ("form", "list"):
            node = view_arch(self.env(user=self.am1), "logistics.business.review", view_type).find(
                ".//field[@name='year']")
            self.assertIs(safe_eval(node.get("options"))["enable_formatting"], False, view_type)
