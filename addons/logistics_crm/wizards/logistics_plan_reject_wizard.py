from odoo import fields, models


class LogisticsPlanRejectWizard(models.TransientModel):
    _name = "logistics.plan.reject.wizard"
    _description = "Reason for rejecting account plans"

    plan_ids = fields.Many2many("logistics.account.plan", string="Account plans", required=True)
    reason = fields.Text("Rejection reason", required=True)

    def action_reject(self):
        self.ensure_one()
        self.plan_ids._reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
