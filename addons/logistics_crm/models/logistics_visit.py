from datetime import timedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .logistics_workflow_mixin import button_text, selection_labels

# the state moves of the buttons: done, cancel, plan again
VISIT_MOVES = {("planned", "done"), ("planned", "cancelled"), ("cancelled", "planned")}

VISIT_TYPES = [
    ("routine", "Routine visit"),
    ("festival", "Festival visit"),
    ("anniversary", "Anniversary"),
    ("birthday", "Birthday visit"),
    ("complaint_followup", "Complaint follow-up"),
    ("satisfaction_revisit", "Satisfaction revisit"),
    ("business_review", "Business review"),
]


class LogisticsVisit(models.Model):
    _name = "logistics.visit"
    _description = "Customer visit"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, track_visibility="onchange",
        domain=[("is_company", "=", True)])
    contact_ids = fields.Many2many(
        "res.partner", "logistics_visit_contact_rel", "visit_id", "partner_id", string="Contacts met",
        domain="[('parent_id', '=', partner_id)]")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.user.company_id)
    visit_type = fields.Selection(VISIT_TYPES, required=True, default="routine", index=True,
                                  track_visibility="onchange")
    date_start = fields.Datetime("Start", required=True, index=True, track_visibility="onchange",
                                 default=lambda self: fields.Datetime.now())
    date_end = fields.Datetime("End")
    user_id = fields.Many2one("res.users", string="Account manager", required=True, index=True,
                              default=lambda self: self.env.user, track_visibility="onchange")
    participant_ids = fields.Many2many("res.users", "logistics_visit_user_rel", "visit_id", "user_id",
                                       string="Participants")
    agenda = fields.Text()
    minutes = fields.Html()
    outcome = fields.Text()
    satisfaction = fields.Selection([(str(i), str(i)) for i in range(1, 6)],
                                    help="Customer satisfaction recorded during the visit, 1 (poor) to 5 (excellent).")
    state = fields.Selection([
        ("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled"),
    ], default="planned", required=True, index=True, track_visibility="onchange", copy=False)
    cancel_reason = fields.Text(copy=False)
    calendar_event_id = fields.Many2one("calendar.event", readonly=True, copy=False, ondelete="set null")
    customer_tier = fields.Selection(related="partner_id.customer_tier", store=True, readonly=True)
    account_manager_id = fields.Many2one(related="partner_id.account_manager_id", store=True, readonly=True)

    @api.depends("partner_id", "visit_type", "date_start")
    def _compute_name(self):
        types = selection_labels(self, "visit_type")  # the user's language
        for visit in self:
            visit.name = "%s - %s %s" % (visit.partner_id.name or "", types.get(visit.visit_type, ""),
                                         (visit.date_start or "")[:10])

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for visit in self:
            if visit.date_end and visit.date_end < visit.date_start:
                raise ValidationError(_("A visit cannot end before it starts."))

    @api.constrains("state", "date_start")
    def _check_done_in_past(self):
        now = fields.Datetime.now()
        for visit in self:
            if visit.state == "done" and visit.date_start > now:
                raise ValidationError(_("The visit of %s starts on %s: it cannot be marked done before "
                                        "it has taken place.") % (visit.partner_id.display_name,
                                                                   visit.date_start))

    @api.constrains("state", "cancel_reason")
    def _check_cancel_reason(self):
        # action_cancel asks for the reason; a direct write (kanban drag) must give it too
        for visit in self:
            if visit.state == "cancelled" and not (visit.cancel_reason or "").strip():
                raise ValidationError(_("Give the reason for cancelling the visit %s.") % visit.name)

    # ---- calendar ------------------------------------------------------------
    def _event_values(self):
        self.ensure_one()
        end = self.date_end or fields.Datetime.to_string(
            fields.Datetime.from_string(self.date_start) + timedelta(hours=1))
        return {
            "name": _("Visit: %s") % self.name,
            "start": self.date_start, "stop": end, "allday": False, "user_id": self.user_id.id,
            "partner_ids": [(6, 0, (self.user_id.partner_id | self.participant_ids.mapped("partner_id")
                                    | self.contact_ids).ids)],
            "description": self.agenda or "",
        }

    def _sync_calendar_event(self):
        Event = self.env["calendar.event"].sudo().with_context(no_mail_to_attendees=True, detaching=True)
        for visit in self:
            if visit.state == "planned":
                if visit.calendar_event_id:
                    visit.calendar_event_id.sudo().with_context(no_mail_to_attendees=True).write(
                        visit._event_values())
                else:
                    visit.calendar_event_id = Event.create(visit._event_values())
            elif visit.state == "cancelled" and visit.calendar_event_id:
                event = visit.calendar_event_id
                visit.calendar_event_id = False
                event.sudo().unlink()

    @api.model
    def create(self, vals):
        visit = super(LogisticsVisit, self).create(vals)
        visit._sync_calendar_event()
        return visit

    def write(self, vals):
        if "state" in vals and self.env.uid != SUPERUSER_ID:
            # a kanban drag or an RPC write moves only as the buttons do
            labels = selection_labels(self, "state")
            for visit in self:
                if visit.state != vals["state"] and (visit.state, vals["state"]) not in VISIT_MOVES:
                    raise UserError(_("The visit %s is %s: it cannot become %s.") % (
                        visit.name, labels[visit.state], labels.get(vals["state"], vals["state"])))
        res = super(LogisticsVisit, self).write(vals)
        if set(vals) & {"date_start", "date_end", "user_id", "participant_ids", "contact_ids", "state", "agenda"}:
            self._sync_calendar_event()
        return res

    # ---- workflow ------------------------------------------------------------
    def action_done(self):
        for visit in self:
            if visit.state != "planned":
                raise UserError(_("Only planned visits can be marked done."))
        self.write({"state": "done"})
        self._check_done_in_past()
        return True

    def action_cancel(self, reason=None):
        for visit in self:
            if visit.state != "planned":
                raise UserError(_("Only planned visits can be cancelled."))
            reason_text = button_text(reason) or (visit.cancel_reason or "").strip()
            if not reason_text:
                raise UserError(_("Give the reason for cancelling the visit %s.") % visit.name)
            visit.write({"state": "cancelled", "cancel_reason": reason_text})
        return True

    def action_replan(self):
        for visit in self:
            if visit.state != "cancelled":
                raise UserError(_("Only cancelled visits can be planned again."))
        self.write({"state": "planned", "cancel_reason": False})
        return True
