from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class LogisticsAccountPlanObjective(models.Model):
    _name = "logistics.account.plan.objective"
    _description = "Objective of an account plan"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one("logistics.account.plan", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char("Objective", required=True)
    owner_id = fields.Many2one("res.users", string="Owner", default=lambda self: self.env.user)
    date_due = fields.Date("Due date")
    status = fields.Selection([
        ("todo", "To do"), ("in_progress", "In progress"),
        ("done", "Done"), ("dropped", "Dropped"),
    ], default="todo", required=True)
    progress = fields.Float("Progress %", default=0.0)

    @api.constrains("progress")
    def _check_progress(self):
        for objective in self:
            if not 0 <= objective.progress <= 100:
                raise ValidationError(_("The progress of an objective is a percentage between 0 and 100."))
