"""Issue 24, lists and formats: the churn alert at the top of the partner form (an Odoo
alert, whatever the tab), the health score among the customer list's columns, "–" for a
week's figure without data (not 0) and for a customer never scored."""
from lxml import etree

from odoo.tests.common import TransactionCase
from odoo.tools.safe_eval import safe_eval

from ..models.logistics_health_score import FIGURES
from .common import HealthCase


def view_arch(env, model, view_type, view_id=False):
    return etree.fromstring(env[model].get_views([(view_id, view_type)])["views"][view_type]["arch"])


class TestHealthListsAndFormats(HealthCase, TransactionCase):

    def test_churn_alert_at_the_top_of_the_sheet(self):
        arch = view_arch(self.env(user=self.am1), "res.partner", "form")
        sheet = arch.find(".//sheet")
        alert = sheet.find("div[@name='health_churn_alert']")
        self.assertIsNotNone(alert, "a child of the sheet, not inside a tab")
        self.assertEqual(list(sheet).index(alert), 0, "the sheet's first element")
        self.assertEqual(alert.get("class").split()[:2], ["alert", "alert-warning"])
        self.assertEqual(alert.get("role"), "alert")
        # one line of text: the reason flows inline after the label
        reason = alert.find(".//field[@name='health_reason']")
        self.assertIn("d-inline", reason.get("class").split())
        self.assertFalse(arch.xpath("//page[@name='customer_health']//div[contains(@class, 'alert')]"))
        # shown exactly for an account at risk that is not lost
        invisible = alert.get("invisible")
        for values, shown in (({"is_company": True, "health_risk": "at_risk", "lifecycle": "active"}, True),
                              ({"is_company": True, "health_risk": "watch", "lifecycle": "active"}, False),
                              ({"is_company": True, "health_risk": "at_risk", "lifecycle": "lost"}, False),
                              ({"is_company": False, "health_risk": "at_risk", "lifecycle": "active"}, False)):
            self.assertEqual(not safe_eval(invisible, values), shown, values)

    def test_customer_list_shows_the_health(self):
        view = self.env.ref("logistics_crm.res_partner_view_list_customers")
        arch = view_arch(self.env(user=self.am1), "res.partner", "list", view.id)
        score = arch.find("field[@name='health_score']")
        self.assertEqual((score.get("optional"), score.get("widget")), ("show", "logistics_kpi"))
        self.assertEqual(safe_eval(score.get("options"))["data_field"], "health_date")
        self.assertIsNotNone(arch.find("field[@name='health_date']"))
        self.assertEqual(arch.find("field[@name='health_risk']").get("optional"), "show")
        shown = [n.get("name") for n in arch.iterchildren("field")
                 if n.get("optional") != "hide" and n.get("column_invisible") not in ("1", "True")]
        self.assertLessEqual(len(shown), 8, shown)

    def test_figures_without_data_are_dashes(self):
        cust = self.customer("Fmt Health")
        self.steady(cust, range(-34, 0), per_week=3)
        row = self.score(cust)
        missing = set(row.kpi_missing.split())
        # no survey answer: the NPS and index have no data; the shipments do
        self.assertLessEqual({"nps_recent", "nps_base", "satisfaction_recent", "satisfaction_base"}, missing)
        self.assertFalse(missing & {"shipments_recent", "shipments_base"})
        self.assertEqual(row.nps_recent, 0.0, "what the ORM reads for no value")
        self.answer(cust, -2, 9, 4)
        self.answer(cust, -20, 9, 4)
        row = self.score(cust)
        self.assertFalse(set(row.kpi_missing.split()) & {"nps_recent", "nps_base"})
        for view_type in ("form", "list"):
            arch = view_arch(self.env(user=self.am1), row._name, view_type)
            self.assertIsNotNone(arch.find(".//field[@name='kpi_missing']"), view_type)
            for node in arch.iter("field"):
                if node.get("name") in FIGURES:
                    self.assertEqual(node.get("widget"), "logistics_kpi", node.get("name"))
                    self.assertEqual(safe_eval(node.get("options"))["missing_field"], "kpi_missing")

    def test_never_scored_customer_shows_a_dash(self):
        cust = self.customer("Fmt Never Scored")
        self.assertFalse(cust.health_date)
        arch = view_arch(self.env(user=self.am1), "res.partner", "form")
        node = arch.find(".//page[@name='customer_health']//field[@name='health_score']")
        self.assertEqual(node.get("widget"), "logistics_kpi")
        self.assertEqual(safe_eval(node.get("options"))["data_field"], "health_date")
