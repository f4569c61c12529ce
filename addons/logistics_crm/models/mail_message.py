from odoo import models


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _get_forbidden_access(self, operation):
        """Portal users may not write or delete messages of the suite's records (models
        with ``logistics.customer.guard``), not even one they were notified of or wrote:
        Odoo lets a notified recipient rewrite an employee's reply."""
        forbidden = super()._get_forbidden_access(operation)
        if operation in ("write", "unlink") and self.env.user.share:
            guard = self.env.registry["logistics.customer.guard"]
            forbidden |= (self - forbidden).sudo().filtered(
                lambda m: m.model in self.env and isinstance(self.env[m.model], guard)).sudo(False)
        return forbidden
