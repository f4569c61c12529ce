from odoo import fields, models

REASON_CATEGORIES = [
    ("operations", "Operations"),
    ("carrier", "Carrier / supplier"),
    ("customer", "Customer"),
    ("documents", "Documents"),
    ("force_majeure", "Force majeure"),
]


class LogisticsDelayReason(models.Model):
    """A reason code of a shipment that missed a service target (late, wrong documents, damage)."""

    _name = "logistics.delay.reason"
    _description = "Shipment reason code"
    _order = "code, id"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, index=True)
    name = fields.Char("Reason", required=True, translate=True)
    category = fields.Selection(REASON_CATEGORIES, required=True, default="operations")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "A reason code must be unique."),
    ]

    def _compute_display_name(self):
        for reason in self:
            reason.display_name = "[%s] %s" % (reason.code, reason.name) if reason.code else reason.name
