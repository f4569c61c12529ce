from odoo import fields, models


class LogisticsComplaintPauseWizard(models.TransientModel):
    """The reason of a wait for the customer, or of its end, asked by the buttons."""

    _name = "logistics.complaint.pause.wizard"
    _inherit = "logistics.complaint.reason.mixin"
    _description = "Reason for waiting for the customer or resuming"
    _reason_step_field = "pause_action"
    _reason_step_methods = {"pause": "action_wait_customer", "resume": "action_resume"}

    pause_action = fields.Selection([("pause", "Wait for the customer"), ("resume", "Resume")],
                                    string="Step", required=True, default="pause")
