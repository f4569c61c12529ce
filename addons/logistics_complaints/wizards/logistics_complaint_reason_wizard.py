from odoo import _, fields, models
from odoo.exceptions import UserError


class LogisticsComplaintReasonWizard(models.TransientModel):
    """The reason of a rejection (Service Manager) or a cancellation, asked by the buttons."""
    _name = "logistics.complaint.reason.wizard"
    _description = "Reason for rejecting or cancelling a complaint"

    complaint_ids = fields.Many2many("logistics.complaint", string="Complaints", required=True)
    reason_action = fields.Selection([("reject", "Reject the measures"), ("cancel", "Cancel the complaint")],
                                     string="Step", required=True, default="reject")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason."))
        complaints = self.complaint_ids
        if self.reason_action == "reject":
            complaints.action_reject(reason)
        else:
            complaints.action_cancel(reason)
        return {"type": "ir.actions.act_window_close"}
