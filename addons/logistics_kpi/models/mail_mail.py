import logging
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, getaddresses, parseaddr

from odoo import api, fields, models, modules, tools
from odoo.tools.mail import email_split_and_format, generate_tracking_message_id, html2plaintext

_logger = logging.getLogger(__name__)


class MailMail(models.Model):
    _inherit = "mail.mail"

    logistics_campaign_id = fields.Many2one(
        "logistics.survey.campaign", string="Survey campaign", index="btree_not_null", ondelete="set null",
        readonly=True, help="Invitation or reminder of a satisfaction survey campaign (delivered in batches).")

    def _send(self, auto_commit=False, raise_exception=False, smtp_session=None, alias_domain_id=False,
              mail_server=False, post_send_callback=None):
        """The mail queue delivers campaign invitations in a batch: the SMTP session
        Odoo opened for the batch, one read of the mails, and the sent ones removed
        together; every other mail goes Odoo's way, one by one."""
        campaign = self.filtered(lambda mail: mail.logistics_campaign_id and mail.state == "outgoing"
                                 and not mail.attachment_ids and not mail.recipient_ids)
        others = self - campaign
        if campaign:
            campaign._send_campaign_batch(smtp_session, mail_server, raise_exception, post_send_callback,
                                          auto_commit=auto_commit)
        if others:
            return super(MailMail, others)._send(
                auto_commit=auto_commit, raise_exception=raise_exception, smtp_session=smtp_session,
                alias_domain_id=alias_domain_id, mail_server=mail_server, post_send_callback=post_send_callback)
        return True

    @staticmethod
    def _campaign_mime(mail, email_from):
        """The invitation as a MIME message (html and its text version), built with
        the light compat32 email API: most of the time of Odoo's own message
        building goes to parsing its headers again, once per mail."""
        message = MIMEMultipart("alternative")
        message["Subject"] = Header(mail.subject or "", "utf-8")
        name, address = parseaddr(email_from)
        message["From"] = formataddr((name, address), "utf-8")
        message["To"] = ", ".join(formataddr(pair, "utf-8") for pair in getaddresses([mail.email_to or ""]))
        message["Message-Id"] = mail.message_id or generate_tracking_message_id("campaign")
        message["Date"] = formatdate()
        body = mail.body_html or ""
        message.attach(MIMEText(html2plaintext(body), "plain", "utf-8"))
        message.attach(MIMEText(body, "html", "utf-8"))
        return message, address

    def _send_campaign_batch(self, smtp_session, mail_server, raise_exception, post_send_callback,
                             auto_commit=False):
        """Deliver the invitations; from the mail queue (``auto_commit``) each delivered
        mail is marked sent and committed at once, as Odoo does for its own mails: a
        server killed in the middle of a batch sends again at most the mail it was on,
        not the whole batch."""
        IrMailServer = self.env["ir.mail_server"]
        default_from = IrMailServer._get_default_from_address()
        bounce = IrMailServer._get_default_bounce_address()
        direct = smtp_session is not None and not modules.module.current_test
        sent, failed = self.browse(), {}
        for mail in self:
            try:
                if direct:  # over the batch's SMTP session, as Odoo's send_email does
                    message, from_address = self._campaign_mime(mail, mail.email_from or default_from)
                    recipients = [address for _name, address in getaddresses([mail.email_to or ""]) if address]
                    smtp_session.sendmail(bounce or from_address, recipients, message.as_string())
                    sent |= mail
                    self._campaign_mail_delivered(mail, auto_commit)
                    continue
                message = IrMailServer.build_email(
                    email_from=mail.email_from or default_from,
                    email_to=email_split_and_format(mail.email_to),
                    subject=mail.subject or "",
                    body=mail.body_html or "",
                    body_alternative=html2plaintext(mail.body_html or ""),
                    reply_to=mail.reply_to or False,
                    message_id=mail.message_id,
                    subtype="html",
                )
                IrMailServer.send_email(message, mail_server_id=mail_server and mail_server.id or None,
                                        smtp_session=smtp_session)
                sent |= mail
                self._campaign_mail_delivered(mail, auto_commit)
            except Exception as error:  # a refused address: that mail fails, the batch goes on
                if raise_exception:
                    raise
                _logger.info("Campaign mail %s not delivered: %s", mail.id, error)
                failed[mail] = tools.exception_to_unicode(error)
        for mail, reason in failed.items():
            mail.write({"state": "exception", "failure_reason": reason})
        if post_send_callback and sent:
            post_send_callback(sent.ids)
        to_delete = sent.filtered("auto_delete")
        (sent - to_delete).write({"state": "sent"})
        to_delete.sudo().unlink()
        return True

    def _campaign_mail_delivered(self, mail, auto_commit):
        """From the mail queue: the delivered mail is sent, committed before the next one."""
        if auto_commit is True:
            self.env.cr.execute("UPDATE mail_mail SET state = 'sent', failure_reason = NULL WHERE id = %s",
                                [mail.id])
            mail.invalidate_recordset(["state", "failure_reason"])
            self.env.cr.commit()  # pylint: disable=invalid-commit  # the mail queue: one commit per delivery

    # ------------------------------------------------------------ SMTP server unreachable
    def _postprocess_sent_message(self, success_pids, failure_reason=False, failure_type=None):
        """Odoo marks the mails of a batch whose SMTP connection failed as failed (the
        notifications get ``mail_smtp``, the mails none): the suite's mails keep the
        failure type, so the mail queue retries them once the server answers again."""
        if failure_type == "mail_smtp":
            self._logistics_mails().filtered(lambda mail: mail.state == "exception").write(
                {"failure_type": "mail_smtp"})
        return super()._postprocess_sent_message(success_pids, failure_reason=failure_reason,
                                                 failure_type=failure_type)

    def _logistics_mails(self):
        """The mails of ``self`` the suite sends: campaign invitations and reminders, statements."""
        statement_mails = self.env["logistics.customer.statement"].sudo().search(
            [("mail_id", "in", self.ids)]).mapped("mail_id")
        return self.filtered("logistics_campaign_id") | statement_mails

    @api.model
    def _logistics_requeue_unreachable(self):
        """The suite's mails that failed because the SMTP server could not be reached go
        back to the queue (the queue tries them again; a refused address stays failed)."""
        failed = self.sudo().search([("state", "=", "exception"), ("failure_type", "=", "mail_smtp")])
        mails = failed._logistics_mails()
        if mails:
            mails.write({"state": "outgoing", "failure_type": False})
        return mails

    @api.model
    def process_email_queue(self, ids=None, batch_size=1000):
        self._logistics_requeue_unreachable()
        return super().process_email_queue(ids=ids, batch_size=batch_size)
