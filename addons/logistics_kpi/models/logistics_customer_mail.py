from odoo import Command, models


class LogisticsCustomerMail(models.AbstractModel):
    """A customer document mailed to the customer: the monthly statement, the quarterly
    business review pack (logistics_service_agreement). One rule for who receives it, one
    way it goes: the document's ``mail.template`` (recipient, language, texts, the printed
    report), queued in Odoo's mail queue."""

    _name = "logistics.customer.mail.mixin"
    _description = "Customer document sent by mail"

    def _recipient(self):
        """The contact who receives the customer's documents: its statement contact, else the
        customer itself; no one (an empty recordset) when that contact has no e-mail address."""
        self.ensure_one()
        partner = self.sudo().partner_id
        contact = partner.statement_contact_id or partner
        return contact if contact.email else self.env["res.partner"]

    def _send_by_template(self, template_xmlid, attachments=None):
        """Queue the document's mail: the template rendered for it in its recipient's language
        (the template's ``lang``), with the report the template prints (``report_template_ids``)
        or the ``attachments`` given (a document printed once). The printed report stays the
        document's: the mail, deleted once delivered, does not take it along. Returns the mail."""
        self.ensure_one()
        template = self.env.ref(template_xmlid).sudo()
        email_values = {"attachment_ids": [Command.link(attachment.id) for attachment in attachments]} \
            if attachments else None
        mail = self.env["mail.mail"].sudo().browse(template.send_mail(self.id, email_values=email_values))
        printed = mail.attachment_ids.filtered(lambda attachment: attachment.res_model == "mail.message")
        if printed:
            printed.write({"res_model": self._name, "res_id": self.id})
        return mail
