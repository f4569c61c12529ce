from odoo import fields, models

from .logistics_sla_mixin import DEFAULTS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_response_hours = fields.Float(
        "Default response time (h)", default=DEFAULTS["response_hours"],
        config_parameter="logistics_complaints.response_hours")
    complaint_resolution_hours = fields.Float(
        "Default resolution time (h)", default=DEFAULTS["resolution_hours"],
        config_parameter="logistics_complaints.resolution_hours")
    complaint_calendar_id = fields.Many2one(
        "resource.calendar", string="Default SLA working time", config_parameter="logistics_complaints.calendar_id",
        help="Working-time calendar used when no SLA policy matches. Empty: hours around the clock.")
    complaint_repeat_days = fields.Integer(
        "Repeat window (days)", default=DEFAULTS["repeat_days"], config_parameter="logistics_complaints.repeat_days")
    complaint_at_risk_ratio = fields.Float(
        "At risk after (share of the time)", default=DEFAULTS["at_risk_ratio"],
        config_parameter="logistics_complaints.at_risk_ratio",
        help="A deadline is at risk once this share of the allowed time has passed (0.75 = 75%).")
    complaint_warning_points = fields.Char(
        "Warnings at (% of the time)", default=DEFAULTS["warning_points"],
        config_parameter="logistics_complaints.warning_points",
        help="The responsible user gets a warning activity when these shares of a deadline's time "
             "have passed, e.g. 50,80. The Service Managers are notified at 100 %.")

    def set_values(self):
        before = self.env["logistics.complaint"]._sla_ratios()
        res = super().set_values()
        if self.env["logistics.complaint"]._sla_ratios() != before:
            # the points of the open complaints' clocks moved
            Complaint = self.env["logistics.complaint"].sudo()
            Complaint.search([("state", "in", list(Complaint._sla_open_states))])._sla_refresh_points()
        return res
