import pytz

from odoo import api, fields, models


class LogisticsComplaintPause(models.Model):
    """A period in which a complaint waited for the customer, with its reasons."""

    _name = "logistics.complaint.pause"
    _description = "Complaint waiting for the customer"
    _order = "date_start desc, id desc"

    complaint_id = fields.Many2one("logistics.complaint", required=True, ondelete="cascade", index=True)
    date_start = fields.Datetime("Waiting since", required=True, readonly=True)
    date_end = fields.Datetime("Until", readonly=True)
    reason = fields.Text("Why we wait", required=True, readonly=True)
    resume_reason = fields.Text("Why it went on", readonly=True)
    user_id = fields.Many2one("res.users", string="Paused by", readonly=True)
    resume_user_id = fields.Many2one("res.users", string="Resumed by", readonly=True)
    pauses_clock = fields.Boolean(
        "Resolution clock paused", readonly=True,
        help="The customer's service agreement pauses the resolution clock while waiting.")
    calendar_id = fields.Many2one("resource.calendar", string="SLA working time", readonly=True,
                                  help="The working time of the complaint's SLA when it was paused.")
    paused_hours = fields.Float("Hours paused", compute="_compute_paused_hours", store=True,
                                help="Hours of the pause counted on the SLA's working time, if any.")

    @api.depends("date_start", "date_end", "pauses_clock", "calendar_id")
    def _compute_paused_hours(self):
        for pause in self:
            if not (pause.pauses_clock and pause.date_start and pause.date_end):
                pause.paused_hours = 0.0
                continue
            calendar = pause.calendar_id
            if calendar:
                tz = pytz.timezone(pause.complaint_id.company_id._logistics_tz())
                start = pytz.utc.localize(pause.date_start).astimezone(tz)
                end = pytz.utc.localize(pause.date_end).astimezone(tz)
                pause.paused_hours = calendar.get_work_hours_count(start, end, compute_leaves=True)
            else:
                pause.paused_hours = (pause.date_end - pause.date_start).total_seconds() / 3600.0
