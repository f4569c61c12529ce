from datetime import date, timedelta

from odoo import fields
from odoo.tests.common import SavepointCase

from odoo.addons.logistics_crm.tests.common import SmtpSinkMixin

from .common import KpiCase, month_start


class TestMonthlyStatement(SmtpSinkMixin, KpiCase, SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestMonthlyStatement, cls).setUpClass()
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
        super(TestMonthlyStatement, self).setUp()
        # only the mails of this test are delivered (demo data may have queued others)
        self.mail_floor = max(self.env["mail.mail"].search([], limit=1, order="id desc").ids or [0])

    def deliver(self):
        self.env["mail.mail"].search([("state", "=", "outgoing"), ("id", ">", self.mail_floor)]).send()

    def test_cron_twice_sends_once(self):
        Statement = self.env["logistics.customer.statement"]
        self.assertTrue(self.key.is_key_account)
        Statement._cron_send_monthly()
        Statement._cron_send_monthly()
        statements = Statement.search([("partner_id", "in", self.ours.ids)])
        self.assertEqual(statements.mapped("partner_id"), self.key | self.opted)
        self.assertEqual(set(statements.mapped("month")), {fields.Date.to_string(self.last_month.date())})
        self.assertEqual(set(statements.mapped("state")), {"sent"})
        self.deliver()
        Statement._cron_send_monthly()
        self.deliver()
        ours = [m for m in self.smtp.messages
                if set(m["to"]) & {"stmt.key.account@example.com", "stmt.opted.in@example.com"}]
        self.assertEqual(sorted(r for m in ours for r in m["to"]),
                         ["stmt.key.account@example.com", "stmt.opted.in@example.com"])
        self.assertFalse(self.smtp.to("stmt.plain@example.com"))
        attachments = [part for part in ours[0]["message"].iter_attachments()]
        self.assertEqual(len(attachments), 1)

    def test_one_statement_per_customer_and_month(self):
        from psycopg2 import IntegrityError
        from odoo.tools import mute_logger
        Statement = self.env["logistics.customer.statement"]
        month = fields.Date.to_string(self.last_month.date())
        Statement.create({"partner_id": self.plain.id, "month": month})
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                Statement.create({"partner_id": self.plain.id, "month": month})

    def test_statement_content(self):
        statement = self.env["logistics.customer.statement"].create({
            "partner_id": self.key.id, "month": fields.Date.to_string(self.last_month.date())})
        self.assertEqual(statement.shipment_count, 2)
        self.assertEqual(statement.dispatch_on_time_rate, 50.0)
        lines = {line["kpi"]: line for line in statement._report_lines()}
        self.assertEqual(lines["dispatch_on_time_rate"]["previous"], 100.0)
        self.assertEqual(lines["dispatch_on_time_rate"]["change"], -50.0)
        self.assertEqual(lines["shipment_count"]["change"], 1)
        zh = statement.with_context(lang="zh_CN")
        zh.partner_id.lang = "zh_CN"
        self.assertEqual({l["kpi"]: l["label"] for l in zh._report_lines()}["dispatch_on_time_rate"], "派车及时率 %")
        html = self.env.ref("logistics_kpi.action_report_customer_statement").render_qweb_html(
            statement.ids)[0].decode()
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

    def test_mail_in_the_customer_language(self):
        self.key.lang = "zh_CN"
        self.env.ref("base.lang_en").active = True
        self.opted.lang = "en_US"
        self.env["logistics.customer.statement"]._cron_send_monthly()
        self.deliver()
        mail = self.smtp.to("stmt.key.account@example.com")[0]
        self.assertIn("月度服务统计分析表", mail["subject"])
        english = self.smtp.to("stmt.opted.in@example.com")[0]
        self.assertIn("Monthly service statement", english["subject"])

    def test_month_must_be_first_day(self):
        from odoo.exceptions import ValidationError
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                self.env["logistics.customer.statement"].create({
                    "partner_id": self.plain.id, "month": fields.Date.to_string(date(2026, 3, 5))})
