import logging
import smtplib

import psycopg2

from odoo import api, fields, models, tools

_logger = logging.getLogger(__name__)


class MailMail(models.Model):
    _inherit = "mail.mail"

    logistics_campaign_id = fields.Many2one(
        "logistics.survey.campaign", string="Survey campaign", index="btree_not_null", ondelete="set null",
        readonly=True, help="Invitation or reminder of a satisfaction survey campaign (delivered in batches).")

    def _send(self, auto_commit=False, raise_exception=False, smtp_session=None, alias_domain_id=False,
              mail_server=False, post_send_callback=None):
        """The mail queue delivers a campaign's invitations as a batch: each one prepared, built and
        sent as Odoo sends its mails (the mail's outgoing values, ir.mail_server's message and
        sending over the batch's SMTP session: From, Return-Path, the server's from filter), the
        queue's bookkeeping done once for the batch; every other mail goes Odoo's way."""
        campaign = self.filtered(lambda mail: mail.logistics_campaign_id and mail.state == "outgoing"
                                 and not mail.attachment_ids and not mail.recipient_ids)
        others = self - campaign
        if campaign:
            campaign._send_campaign_batch(smtp_session, mail_server, alias_domain_id, raise_exception,
                                          post_send_callback, auto_commit=auto_commit)
        if others:
            return super(MailMail, others)._send(
                auto_commit=auto_commit, raise_exception=raise_exception, smtp_session=smtp_session,
                alias_domain_id=alias_domain_id, mail_server=mail_server, post_send_callback=post_send_callback)
        return True

    def _send_campaign_batch(self, smtp_session, mail_server, alias_domain_id, raise_exception, post_send_callback,
                             auto_commit=False):
        """Deliver the invitations; from the mail queue (``auto_commit``) each delivered mail is
        marked sent and committed at once, as Odoo does for its own mails: a server killed in the
        middle of a batch sends again at most the mail it was on, not the whole batch."""
        IrMailServer = self.env["ir.mail_server"]
        alias_domain = self.env["mail.alias.domain"].sudo().browse(alias_domain_id)
        sent, failed = self.browse(), []
        for mail in self:
            try:
                email = mail._prepare_outgoing_list(mail_server=mail_server or mail.mail_server_id)[0]
                # the context of Odoo's mail queue: the recipients it checked, the alias domain's
                # notification address and bounce address
                context = {"send_validated_to": email["email_to_normalized"]}
                if alias_domain:
                    context.update(domain_notifications_email=alias_domain.default_from_email,
                                   domain_bounce_address=email["headers"].get("Return-Path")
                                   or alias_domain.bounce_email)
                server = IrMailServer.with_context(**context)
                emails_from = tools.mail.email_split_and_format_normalize(mail.email_from)
                message = server.build_email(
                    email_from=emails_from[0] if emails_from else mail.email_from, email_to=email["email_to"],
                    subject=email["subject"], body=email["body"], body_alternative=email["body_alternative"],
                    email_cc=email["email_cc"], reply_to=email["reply_to"], message_id=email["message_id"],
                    references=email["references"], object_id=email["object_id"], headers=email["headers"],
                    subtype="html", subtype_alternative="plain")
                server.send_email(message, mail_server_id=mail.mail_server_id.id, smtp_session=smtp_session)
            except (MemoryError, psycopg2.Error, smtplib.SMTPServerDisconnected):
                raise  # the cursor or the SMTP session is gone: Odoo's queue stops there too
            except Exception as error:  # this mail only (a refused address): the batch goes on
                if raise_exception:
                    raise
                _logger.info("Campaign mail %s not delivered: %s", mail.id, error)
                failed.append((mail, *mail._campaign_failure(error)))
                continue
            sent |= mail
            self._campaign_mail_delivered(mail, auto_commit)
        for mail, failure_type, reason in failed:
            mail.write({"state": "exception", "failure_type": failure_type, "failure_reason": reason})
            mail._postprocess_sent_message(success_pids=[], failure_reason=reason, failure_type=failure_type)
        if sent:
            sent.write({"state": "sent", "failure_type": False, "failure_reason": False})
            sent._postprocess_sent_message(success_pids=[])  # Odoo's: the delivered auto_delete mails go
        if post_send_callback:
            post_send_callback(self.ids)
        return True

    def _campaign_failure(self, error):
        """(failure type, reason) of a mail the mail server did not take, as Odoo's queue names them."""
        self.ensure_one()
        IrMailServer = self.env["ir.mail_server"]
        code = error.args[0] if isinstance(error, AssertionError) and error.args else None
        if code == IrMailServer.NO_VALID_RECIPIENT:
            return ("mail_email_invalid" if self.email_to else "mail_email_missing"), code
        if code == IrMailServer.NO_VALID_FROM:
            return "mail_from_invalid", str(error.args[-1])
        if code in (IrMailServer.NO_FOUND_FROM, IrMailServer.NO_FOUND_SMTP_FROM):
            return "mail_from_missing", code
        return "unknown", tools.exception_to_unicode(error)

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
        """The mails of ``self`` the suite sends: campaign invitations and reminders, and the mail
        (``mail_id``) of each customer document (logistics.customer.mail.mixin: statements, review packs)."""
        mails = self.filtered("logistics_campaign_id")
        for name in self.env.registry.descendants(["logistics.customer.mail.mixin"], "_inherit"):
            Document = self.env[name].sudo()
            if not Document._abstract and "mail_id" in Document._fields:
                mails |= Document.search([("mail_id", "in", self.ids)]).mail_id
        return mails

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
