from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

PARAM = "logistics_complaints.%s"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_response_hours = fields.Float("Default response time (h)", default=12.0)
    complaint_resolution_hours = fields.Float("Default resolution time (h)", default=48.0)
    complaint_calendar_id = fields.Many2one(
        "resource.calendar", string="Default SLA working time",
        help="Working-time calendar used when no SLA policy matches. Empty: hours around the clock.")
    complaint_repeat_days = fields.Integer("Repeat window (days)", default=90)
    complaint_at_risk_ratio = fields.Float(
        "At risk after (share of the time)", default=0.75,
        help="A deadline is at risk once this share of the allowed time has passed (0.75 = 75%).")

    @api.model
    def get_values(self):
        res = super(ResConfigSettings, self).get_values()
        get = self.env["ir.config_parameter"].sudo().get_param
        res.update(
            complaint_response_hours=float(get(PARAM % "response_hours", 12.0)),
            complaint_resolution_hours=float(get(PARAM % "resolution_hours", 48.0)),
            complaint_calendar_id=int(get(PARAM % "calendar_id", 0)) or False,
            complaint_repeat_days=int(get(PARAM % "repeat_days", 90)),
            complaint_at_risk_ratio=float(get(PARAM % "at_risk_ratio", 0.75)),
        )
        return res

    @api.constrains("complaint_response_hours", "complaint_resolution_hours", "complaint_repeat_days",
                    "complaint_at_risk_ratio")
    def _check_complaint_settings(self):
        for settings in self:
            if settings.complaint_response_hours <= 0 or settings.complaint_resolution_hours <= 0:
                raise ValidationError(_("SLA hours must be positive."))
            if settings.complaint_repeat_days < 0:
                raise ValidationError(_("The repeat window cannot be negative."))
            if not 0 < settings.complaint_at_risk_ratio < 1:
                raise ValidationError(_("The at-risk share must be between 0 and 1."))

    def set_values(self):
        super(ResConfigSettings, self).set_values()
        set_param = self.env["ir.config_parameter"].sudo().set_param
        set_param(PARAM % "response_hours", self.complaint_response_hours)
        set_param(PARAM % "resolution_hours", self.complaint_resolution_hours)
        set_param(PARAM % "calendar_id", self.complaint_calendar_id.id or "")
        set_param(PARAM % "repeat_days", self.complaint_repeat_days)
        set_param(PARAM % "at_risk_ratio", self.complaint_at_risk_ratio)
