from odoo import models

from ..tools import DEFAULT_TZ


class ResCompany(models.Model):
    _inherit = "res.company"

    def _logistics_tz(self):
        """The company's time zone (its partner's), else China's: the local day of
        crons, the month of a waybill, the deadlines shown to customers."""
        self.ensure_one()
        return self.partner_id.tz or DEFAULT_TZ
