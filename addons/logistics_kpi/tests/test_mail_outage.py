from datetime import timedelta

import psycopg2

from odoo import api, fields
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

from .. import uninstall_hook
from .common import KpiCase


class TestSmtpOutage(KpiCase, TransactionCase):
    """The mail server cannot be reached during the monthly run: the mails wait, a
    Service Manager sees them failed, the mail queue sends them when it answers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key = cls.customer("Outage Key Account", industry_influence=True)
        cls.campaign = cls.env.ref("logistics_kpi.campaign_periodic_a")

    def unreachable(self, mails):
        """What Odoo's mail queue does when it cannot connect to the SMTP server
        (mail.mail.send: the batch failed, post-processed as ``mail_smtp``)."""
        mails.write({"state": "exception", "failure_reason": "[Errno 111] Connection refused"})
        mails._postprocess_sent_message(success_pids=[], failure_type="mail_smtp")

    def test_outage_visible_then_sent_by_the_queue(self):
        Statement = self.env["logistics.customer.statement"]
        Statement._cron_send_monthly()
        statement = Statement.search([("partner_id", "=", self.key.id)])
        self.assertEqual(statement.state, "sent")
        invitation = self.env["mail.mail"].sudo().create({
            "subject": "Outage invitation", "body_html": "<p>survey</p>", "auto_delete": True,
            "email_to": "outage.contact@example.com", "logistics_campaign_id": self.campaign.id})
        mails = statement.mail_id | invitation
        self.unreachable(mails)
        self.assertEqual(set(mails.mapped("state")), {"exception"})
        self.assertEqual(set(mails.mapped("failure_type")), {"mail_smtp"})
        # the Service Manager sees it: the statement filter and field, the campaign's count
        as_manager = Statement.with_user(self.manager)
        failed = as_manager.search([("delivery_failed", "=", True), ("partner_id", "=", self.key.id)])
        self.assertEqual(failed, statement)
        self.assertIn("Connection refused", failed.delivery_failure)
        self.assertEqual(self.campaign.with_user(self.manager).failed_mail_count, 1)
        # a mail another module failed to send is Odoo's to retry, not the suite's
        other = self.env["mail.mail"].sudo().create({
            "subject": "Not ours", "body_html": "<p>x</p>", "email_to": "other@example.com"})
        self.unreachable(other)
        self.assertFalse(other.failure_type)
        # the server answers again: the next queue run sends them (delivery is skipped in
        # test mode, the mails are processed as sent: auto-deleted)
        self.env["mail.mail"].process_email_queue(ids=mails.ids + other.ids)
        self.assertFalse(mails.exists())
        self.assertEqual(other.state, "exception")
        self.assertFalse(statement.delivery_failed)
        self.assertFalse(as_manager.search([("delivery_failed", "=", True), ("partner_id", "=", self.key.id)]))
        self.assertEqual(self.campaign.failed_mail_count, 0)

    def test_refused_address_stays_failed(self):
        """Only an unreachable server is retried: a mail the server refused stays failed."""
        mail = self.env["mail.mail"].sudo().create({
            "subject": "Refused", "body_html": "<p>x</p>", "email_to": "refused@example.com",
            "logistics_campaign_id": self.campaign.id})
        mail.write({"state": "exception", "failure_reason": "550 no such user"})
        mail._postprocess_sent_message(success_pids=[], failure_type="mail_email_invalid")
        self.env["mail.mail"].process_email_queue(ids=mail.ids)
        self.assertEqual(mail.state, "exception")
        self.assertEqual(self.campaign.failed_mail_count, 1)


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
