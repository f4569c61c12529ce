from odoo import fields, models


class LogisticsVisitCancelWizard(models.TransientModel):
    _name = "logistics.visit.cancel.wizard"
    _description = "Reason for cancelling visits"

    visit_ids = fields.Many2many("logistics.visit", string="Visits", required=True)
    reason = fields.Text("Cancellation reason", required=True)

    def action_cancel(self):
        self.ensure_one()
        self.visit_ids._cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
