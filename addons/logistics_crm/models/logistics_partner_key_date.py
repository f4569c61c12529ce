from odoo import api, fields, models


class LogisticsPartnerKeyDate(models.Model):
    _name = "logistics.partner.key.date"
    _description = "Customer anniversary or key date (客户纪念日)"
    _order = "date"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, ondelete="cascade", index=True)
    name = fields.Char(required=True, help="E.g. opening day, project start, milestone, honour received.")
    kind = fields.Selection([
        ("opening", "Opening day"),
        ("project", "Project start"),
        ("milestone", "Milestone completed"),
        ("honour", "Honour received"),
        ("other", "Other"),
    ], required=True, default="other")
    date = fields.Date(required=True)
    yearly = fields.Boolean(default=True, help="Celebrate every year on this day.")
    last_greeted_year = fields.Integer(readonly=True, copy=False)

    @api.model
    def _occurs_on(self, day):
        """Key dates falling on ``day`` (a date): yearly on the anniversary, else once."""
        return self.filtered(lambda k: (
            (k.yearly and fields.Date.from_string(k.date).strftime("%m-%d") == day.strftime("%m-%d")
             and fields.Date.from_string(k.date) < day)
            or (not k.yearly and fields.Date.from_string(k.date) == day)))
