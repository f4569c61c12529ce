from odoo import api, models
from odoo.tools import frozendict


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def context_get(self):
        """A user without a time zone reads times in its company's (``_logistics_tz``), not
        in UTC: portal pages, the web client and the dates a cron writes for it."""
        context = super().context_get()
        if context.get("tz") or not context:
            return context
        return frozendict(context, tz=self.env.user.partner_id._logistics_tz())
