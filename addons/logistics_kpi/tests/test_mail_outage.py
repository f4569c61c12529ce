from datetime import datetime, timedelta

import psycopg2

from odoo import Command, api, fields
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

from odoo.addons.logistics_crm.tests.common import SmtpSinkMixin
from odoo.addons.logistics_crm.tools import format_month

from .. import uninstall_hook
from .common import KpiCase


class TestSmtpOutage(KpiCase, SmtpSinkMixin, TransactionCase):
    """The mail server is down during the monthly run (the real SMTP sink stopped): the mails
    wait, a Service Manager sees them failed, the mail queue sends each once when the server
    answers again; delivered as Odoo delivers its mails (the company's alias domain, a mail
    server whose from filter is that domain: From, Reply-To, Return-Path and bounce)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang("zh_CN")
        cls.alias_domain = env["mail.alias.domain"].create({"name": "sink.example"})
        env.company.write({"alias_domain_id": cls.alias_domain.id, "email": "service@xunjie-scm.example"})
        cls.en = cls.customer("Outage Key Account", industry_influence=True, lang="en_US")
        cls.zh = cls.customer("Huadong Instruments", industry_influence=True, lang="zh_CN")
        cls.zh_contact = env["res.partner"].create({
            "name": "王敏", "parent_id": cls.zh.id, "email": "wangmin@huadong.example", "lang": "zh_CN"})
        cls.zh.write({"statement_contact_id": cls.zh_contact.id, "survey_contact_id": cls.zh_contact.id})
        cls.campaign = env["logistics.survey.campaign"].create({
            "name": "Outage campaign", "kind": "periodic", "survey_id": env.ref("logistics_kpi.survey_satisfaction").id,
            "partner_ids": [Command.set((cls.en | cls.zh).ids)], "quiet_days": 0, "reminder_days": 0})
        cls.campaign.with_context(lang="en_US").subject = "How satisfied are you with us?"
        cls.campaign.with_context(lang="zh_CN").subject = "您对我们的服务满意吗？"
        cls.month = (fields.Date.today().replace(day=1) - timedelta(days=1)).replace(day=1)
        for partner in (cls.en, cls.zh):
            cls.ship(partner, datetime.combine(cls.month, datetime.min.time()) + timedelta(days=2, hours=9))

    def setUp(self):
        super().setUp()
        # the mail server sends for the alias domain only: Odoo sends as notifications@ that domain
        self.env["ir.mail_server"].sudo().search([]).write({"from_filter": "sink.example"})

    def queue(self, mails):
        """The mail queue's run (the cron's method) over ``mails``."""
        self.env["mail.mail"].process_email_queue(ids=mails.ids)
        self.env.invalidate_all()

    def test_outage_visible_then_sent_by_the_queue(self):
        Mail = self.env["mail.mail"].sudo()
        Statement = self.env["logistics.customer.statement"]
        statements = Statement.create([{"partner_id": partner.id, "month": self.month}
                                       for partner in (self.en, self.zh)])
        self.assertEqual(statements.with_context(force_report_rendering=True)._send_each(), 2)
        self.assertEqual(self.campaign.action_run(), 2)
        invitations = Mail.search([("logistics_campaign_id", "=", self.campaign.id)])
        mails = statements.mail_id | invitations
        self.assertEqual(len(mails), 4)
        # a mail another module could not send: Odoo's to retry, not the suite's
        other = Mail.create({"subject": "Not ours", "body_html": "<p>x</p>", "email_to": "other@example.com",
                             "email_from": self.env.company.email_formatted})
        self.smtp.stop()
        for _run in range(2):  # the queue runs again while the server is still down: nothing lost
            self.queue(mails | other)
            self.assertEqual(set(mails.exists().mapped("state")), {"exception"})
            self.assertEqual(len(mails.exists()), 4)
            self.assertEqual(set(mails.mapped("failure_type")), {"mail_smtp"})
        self.assertEqual((other.state, other.failure_type), ("exception", False))
        self.assertFalse(self.smtp.messages)
        # the Service Manager sees it: the statement filter and field, the campaign's count
        as_manager = Statement.with_user(self.manager)
        failed = as_manager.search([("delivery_failed", "=", True), ("partner_id", "in", (self.en | self.zh).ids)])
        self.assertEqual(failed, statements.with_user(self.manager))
        self.assertIn("Connection refused", failed[0].delivery_failure)
        self.assertEqual(self.campaign.with_user(self.manager).failed_mail_count, 2)
        # the server answers again: the next queue run delivers each mail once
        self.smtp.start()
        self.queue(mails | other)
        self.assertFalse(mails.exists(), "delivered, and deleted (auto_delete)")
        self.assertEqual(other.state, "exception")
        self.assertFalse(as_manager.search([("delivery_failed", "=", True), ("id", "in", statements.ids)]))
        self.assertEqual(self.campaign.failed_mail_count, 0)
        self.smtp.wait_for(4)
        self.assertEqual(len(self.smtp.messages), 4)
        company = self.env.company
        for message in self.smtp.messages:
            mail = message["message"]
            # Odoo's pipeline: From rewritten for the server's from filter (the company's name,
            # the alias domain's notification address), the company answers replies, bounces
            # go to the alias domain's bounce address (envelope and Return-Path)
            sender = mail["From"].addresses[0]
            self.assertEqual((sender.display_name, sender.addr_spec), (company.name, "notifications@sink.example"))
            self.assertEqual(mail["Reply-To"].addresses[0].addr_spec, company.email)
            self.assertEqual(message["from"], "bounce@sink.example")
            self.assertEqual(str(mail["Return-Path"]), "bounce@sink.example")
        # each recipient: one statement, one invitation, in its language
        for customer, contact, lang in ((self.en, self.en, "en_US"), (self.zh, self.zh_contact, "zh_CN")):
            received = self.smtp.to(contact.email)
            self.assertEqual([m["to"] for m in received], [[contact.email]] * 2)
            self.assertEqual([m["message"]["To"].addresses[0].display_name for m in received], [contact.name] * 2)
            month = format_month(self.env, self.month, lang)
            statement_mail, = [m for m in received if month in m["subject"]]
            self.assertIn(customer.name, statement_mail["subject"])
            if lang == "en_US":
                self.assertEqual(statement_mail["subject"],
                                 "Monthly service statement %s – %s" % (month, customer.name))
            pdf, = statement_mail["message"].iter_attachments()
            self.assertEqual(pdf.get_content_type(), "application/pdf")
            self.assertTrue(pdf.get_content().startswith(b"%PDF"))
            self.assertTrue(pdf.get_filename().endswith(".pdf"))
            self.assertIn(customer.name, pdf.get_filename())
            invitation_mail, = [m for m in received if m is not statement_mail]
            self.assertEqual(invitation_mail["subject"], self.campaign.with_context(lang=lang).subject)
            user_input = self.campaign.user_input_ids.filtered(lambda i, customer=customer: i.customer_id == customer)
            body = invitation_mail["message"].get_body(("html",)).get_content()
            self.assertIn('href="%s%s"' % (user_input.get_base_url(), user_input.get_start_url()), body)
        # the statements keep their PDF once their mail is gone
        for statement in statements:
            kept = self.env["ir.attachment"].search([("res_model", "=", statement._name),
                                                     ("res_id", "=", statement.id)])
            self.assertEqual(len(kept), 1)
            self.assertTrue(kept.raw.startswith(b"%PDF"))

    def test_refused_address_stays_failed(self):
        """Only an unreachable server is retried: a mail the server refused stays failed."""
        self.smtp.refused.add("refused@example.com")
        mail = self.env["mail.mail"].sudo().create({
            "subject": "Refused", "body_html": "<p>x</p>", "email_to": "refused@example.com", "auto_delete": True,
            "email_from": self.env.company.email_formatted, "logistics_campaign_id": self.campaign.id})
        for _run in range(2):
            self.queue(mail)
            self.assertEqual(mail.state, "exception")
            self.assertIn("550", mail.failure_reason)
        self.assertNotEqual(mail.failure_type, "mail_smtp")
        self.assertEqual(self.campaign.failed_mail_count, 1)
        self.assertFalse(self.smtp.messages)


class TestCampaignBatchInterrupted(TransactionCase):
    """The mail queue stops in the middle of a batch of invitations (the server is
    killed; here: a mail that cannot be built raises): the invitations delivered
    before are committed as sent, so the next queue run does not send them again."""

    def setUp(self):
        super().setUp()
        self.cr2 = self.registry.cursor()
        self.env2 = api.Environment(self.cr2, self.env.uid, {})
        self.addCleanup(self._cleanup)
        campaign = self.env2.ref("logistics_kpi.campaign_periodic_a")
        addresses = ["batch.%d@example.com" % index for index in range(2)] + ["no address at all"] + \
                    ["batch.%d@example.com" % index for index in range(3, 5)]
        self.mails = self.env2["mail.mail"].sudo().create([{
            "subject": "Batch %d" % index, "body_html": "<p>survey</p>", "email_to": address,
            "logistics_campaign_id": campaign.id} for index, address in enumerate(addresses)])
        self.cr2.commit()  # pylint: disable=invalid-commit  # the queue runs in its own transactions

    def _cleanup(self):
        self.cr2.rollback()
        self.cr2.execute("DELETE FROM mail_mail WHERE id IN %s", (tuple(self.mails.ids),))
        self.cr2.commit()  # pylint: disable=invalid-commit  # undoes what the interrupted run committed
        self.cr2.close()

    def test_delivered_invitations_are_not_sent_again(self):
        with self.assertRaises(AssertionError):  # no valid recipient: the batch stops there
            self.mails._send(auto_commit=True, raise_exception=True)
        self.cr2.rollback()
        self.env2.invalidate_all()
        self.assertEqual(self.mails.mapped("state"), ["sent", "sent", "outgoing", "outgoing", "outgoing"])


class TestStatementCronsConcurrent(TransactionCase):
    """The monthly cron and the daily catch-up send the same month's drafts at the same
    time (two cron workers; seen in make test-faults: 'could not serialize access due to
    concurrent update' failed the monthly job): each statement is sent by one job only,
    the other skips it without an error."""

    def setUp(self):
        super().setUp()
        self.cr2 = self.registry.cursor()
        self.env2 = api.Environment(self.cr2, self.env.uid, {})
        self.cr3 = self.registry.cursor()  # the other cron job
        self.addCleanup(self._cleanup)
        month = (fields.Date.today().replace(day=1) - timedelta(days=1)).replace(day=1)
        self.partners = self.env2["res.partner"].create([{
            "name": "Concurrent Statement %d" % index, "is_company": True, "customer_rank": 1,
            "statement_opt_in": True, "email": "concurrent.%d@example.com" % index} for index in range(3)])
        self.statements = self.env2["logistics.customer.statement"].create([{
            "partner_id": partner.id, "month": month} for partner in self.partners])
        self.cr2.commit()  # pylint: disable=invalid-commit  # the crons run in their own transactions
        for cr in (self.cr2, self.cr3):
            cr.execute("SET lock_timeout = '5s'")  # without the lock: an error, not a hung test

    def _cleanup(self):
        self.cr3.rollback()
        self.cr3.close()
        cr = self.cr2
        cr.rollback()
        cr.execute("DELETE FROM mail_mail WHERE email_to LIKE %s", ("%concurrent.%@example.com%",))
        cr.execute("DELETE FROM ir_attachment WHERE res_model = 'logistics.customer.statement' AND res_id IN %s",
                   (tuple(self.statements.ids),))
        cr.execute("DELETE FROM logistics_customer_statement WHERE id IN %s", (tuple(self.statements.ids),))
        cr.execute("DELETE FROM res_partner WHERE id IN %s", (tuple(self.partners.ids),))
        cr.commit()  # pylint: disable=invalid-commit  # undoes what the crons committed
        cr.close()

    def send_each(self):
        return self.statements.with_context(logistics_kpi_autocommit=True)._send_each()

    def states(self):
        self.cr3.rollback()
        self.cr3.execute("SELECT state, send_error FROM logistics_customer_statement WHERE id IN %s ORDER BY id",
                         (tuple(self.statements.ids),))
        return self.cr3.fetchall()

    def test_statement_being_sent_by_the_other_job_is_skipped(self):
        self.cr3.execute("SELECT id FROM logistics_customer_statement WHERE id = %s FOR UPDATE",
                         (self.statements[0].id,))
        self.assertEqual(self.send_each(), 2)
        self.assertEqual(self.states(), [("draft", None), ("sent", None), ("sent", None)])

    def test_statement_sent_meanwhile_is_not_sent_again(self):
        self.cr2.execute("SELECT count(*) FROM logistics_customer_statement")  # this job's snapshot
        self.cr3.execute("UPDATE logistics_customer_statement SET state = 'sent' WHERE id = %s",
                         (self.statements[0].id,))
        self.cr3.commit()  # pylint: disable=invalid-commit  # the other job sent it
        self.assertEqual(self.send_each(), 2)
        self.assertEqual(self.states(), [("sent", None), ("sent", None), ("sent", None)])
        self.cr2.rollback()
        self.cr2.execute("SELECT count(*) FROM mail_mail WHERE email_to LIKE %s", ("%concurrent.%@example.com%",))
        self.assertEqual(self.cr2.fetchone()[0], 2)


class TestUninstallHook(TransactionCase):
    """Uninstalling logistics_kpi: its campaigns (which restrict their invitations and the
    survey) go before Odoo deletes the addon's records, so nothing is left referenced."""

    def test_campaigns_no_longer_hold_the_survey(self):
        campaign = self.env.ref("logistics_kpi.campaign_periodic_a")
        customer = self.env["res.partner"].create({"name": "Uninstall Customer", "is_company": True,
                                                   "email": "uninstall@example.com"})
        self.env["survey.user_input"].sudo().create({
            "survey_id": campaign.survey_id.id, "partner_id": customer.id, "customer_id": customer.id,
            "campaign_id": campaign.id, "campaign_key": "uninstall"})
        self.env.flush_all()
        survey_id = campaign.survey_id.id
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.ForeignKeyViolation):
            with self.env.cr.savepoint():
                self.env.cr.execute("DELETE FROM survey_survey WHERE id = %s", [survey_id])
        uninstall_hook(self.env)
        self.env.cr.execute("DELETE FROM survey_survey WHERE id = %s", [survey_id])
        self.assertEqual(self.env.cr.rowcount, 1)

    def test_waybills_no_longer_hold_the_customers(self):
        customer = self.env.ref("logistics_crm.demo_customer_01")
        Shipment = self.env["logistics.shipment"]
        self.assertTrue(Shipment.search_count([("partner_id", "=", customer.id)]))
        self.env.flush_all()
        uninstall_hook(self.env)
        self.env.invalidate_all()
        self.assertFalse(Shipment.search_count([("partner_id", "=", customer.id)]))
