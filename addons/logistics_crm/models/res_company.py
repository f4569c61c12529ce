from odoo import models

# the suite's time zone when the company has none: its users work in China
DEFAULT_TZ = "Asia/Shanghai"


class ResCompany(models.Model):
    _inherit = "res.company"

    def _logistics_tz(self):
        """The company's time zone (its partner's), else China's: the local day of
        crons, the month of a waybill, the deadlines shown to customers."""
        self.ensure_one()
        return self.partner_id.tz or DEFAULT_TZ
