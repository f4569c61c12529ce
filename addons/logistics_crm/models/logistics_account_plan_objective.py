from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# what the account manager reports on an approved plan; the rest was approved
OBJECTIVE_PROGRESS = {"status", "progress", "sequence"}


class LogisticsAccountPlanObjective(models.Model):
    _name = "logistics.account.plan.objective"
    _description = "Objective of an account plan"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one("logistics.account.plan", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char("Objective", required=True)
    owner_id = fields.Many2one("res.users", default=lambda self: self.env.user)
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

    @api.model_create_multi
    def create(self, vals_list):
        plans = self.env["logistics.account.plan"].browse([v["plan_id"] for v in vals_list if v.get("plan_id")])
        plans._check_content_change()
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - OBJECTIVE_PROGRESS:
            self.plan_id._check_content_change()
        return super().write(vals)

    def unlink(self):
        self.plan_id._check_content_change()
        return super().unlink()
