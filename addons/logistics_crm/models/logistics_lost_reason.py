from odoo import fields, models


class LogisticsLostReason(models.Model):
    _name = "logistics.lost.reason"
    _description = "Why a customer was lost"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
