from odoo import fields, models


class LogisticsComplaintReasonWizard(models.TransientModel):
    """The reason of a rejection (Service Manager) or a cancellation, asked by the buttons."""
    _name = "logistics.complaint.reason.wizard"
    _inherit = "logistics.complaint.reason.mixin"
    _description = "Reason for rejecting or cancelling a complaint"
    _reason_step_field = "reason_action"
    _reason_step_methods = {"reject": "action_reject", "cancel": "action_cancel"}

    reason_action = fields.Selection([("reject", "Reject the measures"), ("cancel", "Cancel the complaint")],
                                     string="Step", required=True, default="reject")
