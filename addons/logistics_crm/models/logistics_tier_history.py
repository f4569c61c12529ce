from odoo import fields, models

from .res_partner import TIERS


class LogisticsTierHistory(models.Model):
    _name = "logistics.tier.history"
    _description = "Customer tier change"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, ondelete="cascade", index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    old_tier = fields.Selection(TIERS)
    new_tier = fields.Selection(TIERS)
    contribution = fields.Float(digits=(16, 2))
    source = fields.Selection([
        ("engine", "Automatic tiering"),
        ("manual", "Manual override"),
    ], required=True, default="engine")
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)
