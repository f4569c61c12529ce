from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

from .common import KpiCase, month_start


class TestMonthlyStatement(KpiCase, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key = cls.customer("Stmt Key Account", industry_influence=True)
        cls.opted = cls.customer("Stmt Opted In", statement_opt_in=True)
        cls.plain = cls.customer("Stmt Plain")
        cls.last_month = month_start(1)
        cls.month_before = month_start(2)
        for partner in (cls.key, cls.opted, cls.plain):
            cls.ship(partner, cls.last_month)
            cls.ship(partner, cls.last_month + timedelta(days=2), late_minutes=120)
        cls.ship(cls.key, cls.month_before)  # previous month: 1 of 1 on time
        cls.ours = cls.key | cls.opted | cls.plain

    def setUp(self):
        super().setUp()
        self.floor = self.mail_floor()

    def our_mails(self):
        return self.mails_since(self.floor).filtered(lambda m: "Stmt" in (m.email_to or ""))

    def test_cron_twice_sends_once(self):
        Statement = self.env["logistics.customer.statement"]
        self.assertTrue(self.key.is_key_account)
        Statement._cron_send_monthly()
        Statement._cron_send_monthly()
        statements = Statement.search([("partner_id", "in", self.ours.ids)])
        self.assertEqual(statements.mapped("partner_id"), self.key | self.opted)
        self.assertEqual(set(statements.mapped("month")), {self.last_month.date()})
        self.assertEqual(set(statements.mapped("state")), {"sent"})
        Statement._cron_catch_up()
        mails = self.our_mails()
        self.assertEqual(sorted(mails.mapped("email_to")),
                         ['"Stmt Key Account" <stmt.key.account@example.com>',
                          '"Stmt Opted In" <stmt.opted.in@example.com>'])
        for mail in mails:
            self.assertEqual(len(mail.attachment_ids), 1)
            self.assertEqual(mail.attachment_ids.res_model, "logistics.customer.statement")

    def test_catch_up_retries_a_failed_pdf_once(self):
        """The PDF of one statement fails: it stays a draft, the others go; the
        daily catch-up sends it later, once."""
        Statement = self.env["logistics.customer.statement"]
        # a real failure of the report engine: the statement's report template is broken for one run
        view = self.env.ref("logistics_kpi.report_customer_statement_document")
        arch = view.arch_db
        view.arch_db = arch.replace(
            '<div class="page">', '<div class="page"><t t-out="doc.partner_id.no_such_field"/>', 1)
        with mute_logger("odoo.addons.logistics_kpi.models.logistics_customer_statement"):
            Statement._cron_send_monthly()
        statements = Statement.search([("partner_id", "in", self.ours.ids)])
        self.assertEqual(set(statements.mapped("state")), {"draft"})
        self.assertTrue(all(statements.mapped("send_error")))
        self.assertFalse(self.our_mails())
        view.arch_db = arch
        self.assertGreaterEqual(Statement._cron_catch_up(), 2)  # (with the demo key accounts')
        self.assertEqual(set(statements.mapped("state")), {"sent"})
        self.assertEqual(len(self.our_mails()), 2)
        self.assertEqual(Statement._cron_catch_up(), 0)
        Statement._cron_send_monthly()
        self.assertEqual(len(self.our_mails()), 2)

    def test_catch_up_requeues_a_failed_mail_not_a_second_one(self):
        Statement = self.env["logistics.customer.statement"]
        Statement._cron_send_monthly()
        statement = Statement.search([("partner_id", "=", self.key.id)])
        mail = statement.mail_id
        mail.write({"state": "exception", "failure_reason": "SMTP connection refused"})
        self.assertEqual(Statement._cron_catch_up(), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(len(self.our_mails()), 2)  # the same two mails, none more
        self.assertEqual(Statement._cron_catch_up(), 0)

    def test_one_statement_per_customer_and_month(self):
        from psycopg2 import IntegrityError
        Statement = self.env["logistics.customer.statement"]
        month = self.last_month.date()
        Statement.create({"partner_id": self.plain.id, "month": month})
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            Statement.create({"partner_id": self.plain.id, "month": month})

    def test_statement_content(self):
        statement = self.env["logistics.customer.statement"].create({
            "partner_id": self.key.id, "month": self.last_month.date()})
        self.assertEqual(statement.shipment_count, 2)
        self.assertEqual(statement.dispatch_on_time_rate, 50.0)
        lines = {line["kpi"]: line for line in statement._report_lines()}
        self.assertEqual(lines["dispatch_on_time_rate"]["previous"], 100.0)
        self.assertEqual(lines["dispatch_on_time_rate"]["change"], -50.0)
        self.assertEqual(lines["shipment_count"]["change"], 1)
        zh = statement.with_context(lang="zh_CN")
        zh.partner_id.lang = "zh_CN"
        labels = {line["kpi"]: line["label"] for line in zh._report_lines()}
        self.assertEqual(labels["dispatch_on_time_rate"], "派车及时率 %")
        html = self.env["ir.actions.report"]._render_qweb_html(
            "logistics_kpi.action_report_customer_statement", statement.ids)[0].decode()
        self.assertIn("Stmt Key Account", html)
        self.assertIn("-50.0", html)
        self.assertIn("<svg", html)
        bars = statement._report_chart()
        self.assertEqual([b["count"] for b in bars][-2:], [1, 2])
        # a measured zero is a value, not "no data"
        self.assertEqual(lines["damage_rate"]["current"], 0.0)
        self.assertEqual(lines["damage_rate"]["change"], 0.0)
        self.assertEqual(statement._format(lines["damage_rate"]["current"], "permille"), "0.00")
        self.assertEqual(statement._format(False, "permille"), "–")
        self.assertEqual(lines["satisfaction_index"]["change"], None)  # no survey answered
        self.assertEqual(lines["nps"]["current"], False)

    def test_statement_shows_satisfaction_index_and_nps(self):
        self.env.ref("base.lang_en").active = True
        self.key.lang = "en_US"
        survey = self.env.ref("logistics_kpi.survey_satisfaction")
        campaign = self.env["logistics.survey.campaign"].create({
            "name": "Statement campaign", "kind": "periodic", "survey_id": survey.id,
            "partner_ids": [Command.set(self.key.ids)], "quiet_days": 0})
        answered = self.last_month + timedelta(days=5)
        for key, nps, score in (("s1", 10, 5), ("s2", 3, 4)):
            self.campaign_answer(campaign, self.key, key, nps, score, answered)
        statement = self.env["logistics.customer.statement"].create({
            "partner_id": self.key.id, "month": self.last_month.date()})
        self.assertAlmostEqual(statement.nps, 0.0)  # one promoter, one detractor
        self.assertAlmostEqual(statement.satisfaction_index, 90.0)  # 100 and 80
        lines = {line["kpi"]: line for line in statement._report_lines()}
        self.assertAlmostEqual(lines["satisfaction_index"]["current"], 90.0)
        html = self.env["ir.actions.report"]._render_qweb_html(
            "logistics_kpi.action_report_customer_statement", statement.ids)[0].decode()
        self.assertIn("Satisfaction index", html)
        self.assertIn("90.0", html)
        self.assertIn("NPS", html)

    def test_mail_in_the_customer_language(self):
        self.key.lang = "zh_CN"
        self.env.ref("base.lang_en").active = True
        self.opted.lang = "en_US"
        self.env["logistics.customer.statement"]._cron_send_monthly()
        mails = self.our_mails()
        chinese = mails.filtered(lambda m: "stmt.key.account@example.com" in m.email_to)
        self.assertIn("月度服务统计分析表", chinese.subject)
        english = mails.filtered(lambda m: "stmt.opted.in@example.com" in m.email_to)
        self.assertIn("Monthly service statement", english.subject)

    def test_month_must_be_first_day(self):
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.env["logistics.customer.statement"].create({
                "partner_id": self.plain.id, "month": date(2026, 3, 5)})
