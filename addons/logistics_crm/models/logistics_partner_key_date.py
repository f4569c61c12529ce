import calendar

from odoo import _, api, fields, models
from odoo.exceptions import UserError


def celebrated_month_days(day):
    """The days of the year ('MM-DD') celebrated on ``day`` (a date): Feb 29
    is celebrated on Feb 28 in common years."""
    days = (day.strftime("%m-%d"),)
    if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
        days += ("02-29",)
    return days


class LogisticsPartnerKeyDate(models.Model):
    _name = "logistics.partner.key.date"
    _description = "Customer anniversary or key date"
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
        """Key dates falling on ``day`` (a date): yearly on the anniversary (Feb 29
        on Feb 28 of common years), else once."""
        month_days = celebrated_month_days(day)
        return self.filtered(lambda k: (
            (k.yearly and k.date.strftime("%m-%d") in month_days and k.date < day)
            or (not k.yearly and k.date == day)))

    def write(self, vals):
        # a key date stays with its customer: moving it would let an account
        # manager write into another manager's account (the record rules check
        # the row before the write, not where it goes)
        if "partner_id" in vals and any(k.partner_id.id != vals["partner_id"] for k in self):
            raise UserError(_("A key date belongs to its customer: delete it and create it on the other one."))
        return super().write(vals)
