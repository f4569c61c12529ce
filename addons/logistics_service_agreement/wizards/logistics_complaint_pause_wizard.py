from odoo import _, fields, models
from odoo.exceptions import UserError


class LogisticsComplaintPauseWizard(models.TransientModel):
    """The reason of a wait for the customer, or of its end, asked by the buttons."""

    _name = "logistics.complaint.pause.wizard"
    _description = "Reason for waiting for the customer or resuming"

    complaint_ids = fields.Many2many("logistics.complaint", string="Complaints", required=True)
    pause_action = fields.Selection([("pause", "Wait for the customer"), ("resume", "Resume")],
                                    string="Step", required=True, default="pause")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason."))
        if self.pause_action == "pause":
            self.complaint_ids.action_wait_customer(reason)
        else:
            self.complaint_ids.action_resume(reason)
        return {"type": "ir.actions.act_window_close"}
