from odoo import _, fields, models
from odoo.exceptions import UserError


class LogisticsComplaintReasonMixin(models.AbstractModel):
    """A reason asked by a complaint button, then handed to the complaint method of the
    chosen step: the concrete wizard names its step field and the method of each step."""

    _name = "logistics.complaint.reason.mixin"
    _description = "Reason asked by a complaint button"
    _reason_step_field = None   # the wizard's selection field naming the step
    _reason_step_methods = {}   # step -> complaint method taking the reason

    complaint_ids = fields.Many2many("logistics.complaint", string="Complaints", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason."))
        method = self._reason_step_methods[self[self._reason_step_field]]
        getattr(self.complaint_ids, method)(reason)
        return {"type": "ir.actions.act_window_close"}
