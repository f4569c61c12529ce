"""Issue 24, lists and formats: a statement's month as a month (list, form, PDF, portal,
mail), KPIs without data as "–" in forms and lists as in the PDF, the survey on survey's
own scales with one answer per invitation (no "Retry"), a campaign that sends nothing
says why, the report wizard's year without a thousands separator."""
from datetime import timedelta

from lxml import etree

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests.common import HttpCase, TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.logistics_crm.tests.common import PORTAL_PASSWORD, create_portal_user
from odoo.addons.logistics_crm.tools import format_month

from ..models.logistics_kpi_report import RATES
from .common import KpiCase, month_start

STATEMENT_KPIS = ("shipment_count", "dispatch_on_time_rate", "arrival_on_time_rate", "document_accuracy_rate",
                  "damage_rate", "complaint_rate", "satisfaction_index", "nps")


def view_arch(env, model, view_type, view_id=False):
    return etree.fromstring(env[model].get_views([(view_id, view_type)])["views"][view_type]["arch"])


def options(node):
    return safe_eval(node.get("options") or "{}")


def assert_kpi_widgets(test, arch, model, names):
    """Each of ``names`` shows "–" without data: the suite's KPI widget, told by a field of
    the model that is in the view too."""
    present = {node.get("name") for node in arch.iter("field")}
    for name in names:
        nodes = arch.xpath("//field[@name='%s']" % name)
        test.assertTrue(nodes, name)
        for node in nodes:
            test.assertEqual(node.get("widget"), "logistics_kpi", name)
            told_by = options(node).get("data_field") or options(node).get("missing_field")
            test.assertIn(told_by, model._fields, name)
            test.assertIn(told_by, present, "%s: %s must be in the view" % (name, told_by))


class TestKpiListsAndFormats(KpiCase, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_zh = cls.customer("Fmt Zh Customer", lang="zh_CN", industry_influence=True)
        cls.last_month = month_start(1)
        cls.ship(cls.customer_zh, cls.last_month)
        cls.ship(cls.customer_zh, cls.last_month + timedelta(days=2), late_minutes=120)
        cls.Statement = cls.env["logistics.customer.statement"]
        cls.statement = cls.Statement.create({"partner_id": cls.customer_zh.id, "month": cls.last_month.date()})
        cls.survey = cls.env.ref("logistics_kpi.survey_satisfaction")
        cls.campaign = cls.env.ref("logistics_kpi.campaign_periodic_a")

    # ------------------------------------------------------------------ months
    def test_statement_month_is_a_month(self):
        month = self.last_month.date()
        zh, en = format_month(self.env, month, "zh_CN"), format_month(self.env, month, "en_US")
        self.assertRegex(zh, r"^\d{4}年\d{1,2}月$")
        self.assertEqual(en, month.strftime("%B %Y"))
        self.assertEqual(self.statement.with_context(lang="zh_CN").display_name, "Fmt Zh Customer " + zh)
        self.assertEqual(self.statement.with_context(lang="en_US").display_name, "Fmt Zh Customer " + en)
        # list and form: the month widget (2026年11月, not 2026年11月01日), fixed once made
        for view_type in ("list", "form"):
            node = view_arch(self.env(user=self.am1), self.Statement._name, view_type).find(".//field[@name='month']")
            self.assertEqual(node.get("widget"), "logistics_month", view_type)
        form = view_arch(self.env(user=self.am1), self.Statement._name, "form")
        self.assertEqual(form.find(".//field[@name='month']").get("readonly"), "id")

    def test_statement_pdf_months(self):
        html = self.env["ir.actions.report"]._render_qweb_html(
            "logistics_kpi.action_report_customer_statement", self.statement.ids)[0].decode()
        month = self.last_month.date()
        page = etree.fromstring(html, etree.HTMLParser())
        self.assertEqual(page.xpath("string(//span[contains(@class, 'o_statement_month')])"),
                         format_month(self.env, month, "zh_CN"))
        # the chart's months too, the customer's language, no day
        self.assertIn(format_month(self.env, month.replace(day=1) - timedelta(days=1), "zh_CN"), html)
        self.assertNotIn(month.strftime("%Y-%m-%d"), html)

    # ------------------------------------------------------------------ "–" without data
    def test_statement_kpis_without_data_are_dashes_as_in_the_pdf(self):
        statement = self.statement
        missing = set(statement.kpi_missing.split())
        self.assertEqual(missing & {"satisfaction_index", "nps"}, {"satisfaction_index", "nps"})
        self.assertFalse(missing & {"shipment_count", "dispatch_on_time_rate", "document_accuracy_rate"})
        self.assertEqual((statement.satisfaction_index, statement.nps), (0.0, 0.0))
        pdf = {line["kpi"]: statement._format(line["current"], line["kind"]) for line in statement._report_lines()}
        for name in STATEMENT_KPIS:
            self.assertEqual(pdf[name] == "–", name in missing, name)
        form = view_arch(self.env(user=self.am1), self.Statement._name, "form")
        assert_kpi_widgets(self, form, self.Statement, STATEMENT_KPIS)
        # an answer in the month: index and NPS measured
        self.campaign_answer(self.campaign, self.customer_zh, "fmt-1", 10, 4, self.last_month + timedelta(days=3))
        statement.invalidate_recordset()
        self.assertFalse(set(statement.kpi_missing.split()) & {"satisfaction_index", "nps"})
        self.assertEqual(statement.nps, 100.0)

    def test_partner_satisfaction_without_answers_is_a_dash(self):
        quiet = self.customer("Fmt No Answers")
        self.assertEqual(set(quiet.kpi_missing.split()), {"satisfaction_index", "nps"})
        self.assertEqual((quiet.satisfaction_index, quiet.nps), (0.0, 0.0))
        self.campaign_answer(self.campaign, quiet, "fmt-2", 0, 5, self.last_month + timedelta(days=3))
        quiet.invalidate_recordset()
        self.assertEqual(quiet.kpi_missing, "")
        self.assertEqual((quiet.satisfaction_index, quiet.nps), (100.0, -100.0))
        form = view_arch(self.env(user=self.am1), "res.partner", "form")
        assert_kpi_widgets(self, form, self.env["res.partner"], ("satisfaction_index", "nps"))

    def test_report_and_dashboard_lists_show_dashes(self):
        Report = self.env["logistics.kpi.report"]
        arch = view_arch(self.env(user=self.am1), Report._name, "list")
        rates = [name for name in RATES if arch.find("field[@name='%s']" % name) is not None]
        self.assertGreaterEqual(len(rates), 8)
        assert_kpi_widgets(self, arch, Report, rates)
        # the widget's field says whether there is data: the rate's denominator
        for name in rates:
            told_by = options(arch.find("field[@name='%s']" % name))["data_field"]
            self.assertEqual(told_by, RATES[name][1], name)
        self.assertEqual(arch.find("field[@name='month']").get("widget"), "logistics_month")
        Dashboard = self.env["logistics.team.dashboard"]
        arch = view_arch(self.env(user=self.manager), Dashboard._name, "list")
        assert_kpi_widgets(self, arch, Dashboard,
                           ("retention_rate", "revenue_growth", "sla_compliance_rate", "satisfaction_index"))

    def test_report_wizard_year_plain(self):
        arch = view_arch(self.env(user=self.am1), "logistics.kpi.period.wizard", "form")
        self.assertIs(options(arch.find(".//field[@name='year']")).get("enable_formatting"), False)

    # ------------------------------------------------------------------ surveys
    def test_survey_asks_on_scales(self):
        scored = self.survey.question_ids.filtered(lambda q: q.criterion_id or q.is_nps)
        self.assertEqual(len(scored), 7)
        for question in scored:
            self.assertEqual(question.question_type, "scale", question.title)
            self.assertEqual((question.scale_min, question.scale_max), (0, 10) if question.is_nps else (1, 5))
            self.assertTrue(question.scale_min_label and question.scale_max_label, question.title)

    def test_scale_answers_score_the_index_and_the_nps(self):
        customer = self.customer("Fmt Scale Answers")
        when = self.last_month + timedelta(days=3)
        for key, nps, score in (("fmt-a", 10, 5), ("fmt-b", 6, 1)):
            user_input = self.env["survey.user_input"].create({
                "survey_id": self.survey.id, "partner_id": customer.id, "customer_id": customer.id,
                "campaign_id": self.campaign.id, "campaign_key": key})
            lines = [question._logistics_answer_values(nps if question.is_nps else score)
                     for question in self.survey.question_ids if question.is_nps or question.criterion_id]
            self.assertEqual({line["answer_type"] for line in lines}, {"scale"})
            user_input.write({"user_input_line_ids": [Command.create(line) for line in lines],
                              "state": "done", "date_done": when})
        # index: (100 + 20) / 2; NPS: one promoter, one detractor
        self.assertAlmostEqual(customer.satisfaction_index, 60.0, places=1)
        self.assertEqual(customer.nps, 0.0)
        self.assertEqual(customer.kpi_missing, "")

    def campaign_for(self, *customers, **values):
        return self.env["logistics.survey.campaign"].create(dict({
            "name": "Fmt campaign", "kind": "periodic", "tier": "a", "survey_id": self.survey.id,
            "partner_ids": [Command.set([c.id for c in customers])], "quiet_days": 0}, **values))

    def test_one_answer_per_invitation_no_retry(self):
        self.assertTrue(self.survey.is_attempts_limited)
        self.assertEqual(self.survey.attempts_limit, 1)
        customer = self.customer("Fmt Retry", customer_tier="a")
        self.campaign_for(customer).action_run()
        invitation = self.env["survey.user_input"].search([("customer_id", "=", customer.id)])
        self.assertEqual(len(invitation), 1)
        self.assertTrue(invitation.invite_token)
        self.assertTrue(self.survey._has_attempts_left(invitation.partner_id, invitation.email,
                                                       invitation.invite_token))
        invitation.write({"user_input_line_ids": [Command.create(
            self.env.ref("logistics_kpi.survey_question_nps")._logistics_answer_values(9))], "state": "done"})
        # survey's end page: no "Retry" / "Take Again" once answered
        end = str(self.env["ir.qweb"]._render("survey.survey_button_retake",
                                              {"survey": self.survey, "answer": invitation}))
        self.assertNotIn("/survey/retry/", end)
        self.assertFalse(self.survey._has_attempts_left(invitation.partner_id, invitation.email,
                                                        invitation.invite_token))
        # the customer's next invitation (another period, another campaign) is a new attempt
        self.campaign_for(customer, name="Fmt next period").action_run()
        following = self.env["survey.user_input"].search([("customer_id", "=", customer.id)]) - invitation
        self.assertEqual(len(following), 1)
        self.assertNotEqual(following.invite_token, invitation.invite_token)
        self.assertTrue(self.survey._has_attempts_left(following.partner_id, following.email,
                                                       following.invite_token))

    def test_campaign_sending_nothing_says_why(self):
        Campaign = self.env["logistics.survey.campaign"].with_context(lang="en_US")
        tier_c = self.customer("Fmt Tier C", customer_tier="c")
        nobody = Campaign.browse(self.campaign_for(tier_c).id)
        result = nobody.action_send_due()
        self.assertEqual((result["type"], result["tag"]), ("ir.actions.client", "display_notification"))
        self.assertEqual(result["params"]["type"], "warning")
        self.assertIn("no customer matches the campaign", result["params"]["message"])

        ready = self.customer("Fmt Ready", customer_tier="a")
        no_mail = self.customer("Fmt No Mail", customer_tier="a")
        no_mail.email = False
        opted = self.customer("Fmt Opted", customer_tier="a", survey_opt_out=True)
        campaign = Campaign.browse(self.campaign_for(ready, no_mail, opted).id)
        result = campaign.action_send_due()
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(result["params"]["message"], "1 invitation(s) sent.")
        result = campaign.action_send_due()
        self.assertEqual(result["params"]["type"], "warning")
        self.assertEqual(result["params"]["message"],
                         "No invitation sent: of 3 customer(s) due, 1 already invited this period, "
                         "1 opted out of surveys, and 1 without an e-mail address.")
        self.assertEqual((campaign.last_due, campaign.last_skipped_invited), (3, 1))
        campaign.active = False
        with self.assertRaises(UserError):
            campaign.action_send_due()

    def test_campaign_response_rate_without_invitations_is_a_dash(self):
        Campaign = self.env["logistics.survey.campaign"]
        for view_type in ("form", "list"):
            arch = view_arch(self.env(user=self.manager), Campaign._name, view_type)
            assert_kpi_widgets(self, arch, Campaign, ("response_rate",))
            self.assertEqual(options(arch.find(".//field[@name='response_rate']"))["data_field"], "sent_count")
        form = view_arch(self.env(user=self.manager), Campaign._name, "form")
        button = form.find(".//button[@name='action_send_due']")
        self.assertIsNotNone(button, "the form's button says what it did")


@tagged("post_install", "-at_install")
class TestKpiPortalMonths(KpiCase, HttpCase):

    def test_my_statements_months(self):
        customer = self.customer("Fmt Portal Customer", lang="zh_CN")
        month = month_start(1).date()
        statement = self.env["logistics.customer.statement"].create({
            "partner_id": customer.id, "month": month, "state": "sent"})
        user = create_portal_user(self.env, customer, login="fmt.portal")
        user.partner_id.lang = "zh_CN"
        self.authenticate("fmt.portal", PORTAL_PASSWORD)
        page = self.url_open("/my/statements").text
        self.assertIn("/my/statements/%d/pdf" % statement.id, page)
        cells = etree.fromstring(page, etree.HTMLParser()).xpath("//span[contains(@class, 'o_statement_month')]/text()")
        self.assertEqual(cells, [format_month(self.env, month, "zh_CN")])
        self.assertRegex(cells[0], r"^\d{4}年\d{1,2}月$")
