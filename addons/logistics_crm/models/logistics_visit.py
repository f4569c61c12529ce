from datetime import timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import for_reader, selection_labels

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

# the customer's satisfaction at a visit, read as words (as the complaints' revisit rating)
SATISFACTION = [("1", "1 - Very dissatisfied"), ("2", "2 - Dissatisfied"), ("3", "3 - Neutral"),
                ("4", "4 - Satisfied"), ("5", "5 - Very satisfied")]


class LogisticsVisit(models.Model):
    _name = "logistics.visit"
    _description = "Customer visit"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True,
        domain=[("is_company", "=", True)])
    contact_ids = fields.Many2many(
        "res.partner", "logistics_visit_contact_rel", "visit_id", "partner_id", string="Contacts met",
        domain="[('parent_id', '=', partner_id)]")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    visit_type = fields.Selection(VISIT_TYPES, required=True, default="routine", index=True,
                                  tracking=True)
    date_start = fields.Datetime("Start", required=True, index=True, tracking=True,
                                 default=lambda self: fields.Datetime.now())
    date_end = fields.Datetime("End")
    user_id = fields.Many2one("res.users", string="Account manager", required=True, index=True,
                              default=lambda self: self.env.user, tracking=True)
    participant_ids = fields.Many2many("res.users", "logistics_visit_user_rel", "visit_id", "user_id",
                                       string="Participants")
    agenda = fields.Text()
    minutes = fields.Html()
    outcome = fields.Text()
    satisfaction = fields.Selection(SATISFACTION,
                                    help="Customer satisfaction recorded during the visit, 1 (very dissatisfied) "
                                         "to 5 (very satisfied).")
    state = fields.Selection([
        ("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled"),
    ], default="planned", required=True, index=True, tracking=True, copy=False)
    cancel_reason = fields.Text(copy=False)
    calendar_event_id = fields.Many2one("calendar.event", readonly=True, copy=False, ondelete="set null")
    customer_tier = fields.Selection(related="partner_id.customer_tier", store=True, readonly=True)
    account_manager_id = fields.Many2one(related="partner_id.account_manager_id", store=True, readonly=True,
                                         string="Customer's account manager")

    @api.depends("partner_id", "visit_type", "date_start")
    def _compute_name(self):
        types = selection_labels(self, "visit_type")  # the user's language
        for visit in self:
            visit.name = "%s - %s %s" % (visit.partner_id.name or "", types.get(visit.visit_type, ""),
                                         visit.date_start.date() if visit.date_start else "")

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
                raise ValidationError(_("The visit of %(customer)s starts on %(start)s: it cannot be marked "
                                        "done before it has taken place.",
                                        customer=visit.partner_id.display_name, start=visit.date_start))

    @api.constrains("state", "cancel_reason")
    def _check_cancel_reason(self):
        # action_cancel asks for the reason; a direct write (kanban drag) must give it too
        for visit in self:
            if visit.state == "cancelled" and not (visit.cancel_reason or "").strip():
                raise ValidationError(_("Give the reason for cancelling the visit %s.", visit.name))

    # ---- calendar ------------------------------------------------------------
    def _event_values(self):
        self.ensure_one()
        end = self.date_end or self.date_start + timedelta(hours=1)
        return {
            "name": for_reader(self, self.user_id.partner_id).env._("Visit: %s", self.name),  # the owner's language
            "start": self.date_start, "stop": end, "allday": False, "user_id": self.user_id.id,
            "partner_ids": [Command.set((self.user_id.partner_id | self.participant_ids.partner_id
                                         | self.contact_ids).ids)],
            "description": self.agenda or "",
        }

    def _sync_calendar_event(self):
        Event = self.env["calendar.event"].sudo().with_context(no_mail_to_attendees=True)
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

    @api.model_create_multi
    def create(self, vals_list):
        visits = super().create(vals_list)
        visits._sync_calendar_event()
        return visits

    def write(self, vals):
        if "state" in vals and not self.env.su:
            # a kanban drag or an RPC write moves only as the buttons do
            labels = selection_labels(self, "state")
            for visit in self:
                if visit.state != vals["state"] and (visit.state, vals["state"]) not in VISIT_MOVES:
                    raise UserError(_("The visit %(visit)s is %(state)s: it cannot become %(new_state)s.",
                                      visit=visit.name, state=labels[visit.state],
                                      new_state=labels.get(vals["state"], vals["state"])))
        res = super().write(vals)
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

    def _check_cancellable(self):
        for visit in self:
            if visit.state != "planned":
                raise UserError(_("Only planned visits can be cancelled."))

    def action_cancel(self):
        """Ask for the reason (as Odoo's own addons ask for a lost reason)."""
        self._check_cancellable()
        action = self.env["ir.actions.act_window"]._for_xml_id("logistics_crm.logistics_visit_cancel_wizard_action")
        action["context"] = {"default_visit_ids": self.ids}
        return action

    def _cancel(self, reason):
        """Cancel with ``reason`` (the wizard's step)."""
        self._check_cancellable()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason for cancelling the visit %s.", self[:1].name))
        self.write({"state": "cancelled", "cancel_reason": reason})
        return True

    def action_replan(self):
        for visit in self:
            if visit.state != "cancelled":
                raise UserError(_("Only cancelled visits can be planned again."))
        self.write({"state": "planned", "cancel_reason": False})
        return True

    # ---- proposals ------------------------------------------------------------
    @api.model
    def _cron_propose_visits(self):
        """A planned visit for each overdue key account that has none planned."""
        partners = self.env["res.partner"].sudo().search([
            ("is_key_account", "=", True), ("customer_rank", ">", 0),
            ("visit_overdue", "=", True), ("account_manager_id", "!=", False)])
        Visit = self.sudo()
        planned = set(Visit.search([("partner_id", "in", partners.ids), ("state", "=", "planned")]).partner_id.ids)
        start = fields.Datetime.now().replace(hour=2, minute=0, second=0, microsecond=0) \
            + timedelta(days=1)  # 10:00 Beijing
        labels = dict(self.env["res.partner"]._fields["customer_tier"].selection)
        created = Visit.create([{
            "partner_id": partner.id, "user_id": partner.account_manager_id.id,
            "visit_type": "routine", "date_start": start, "date_end": start + timedelta(hours=1),
            # written for the account manager, in its language
            "agenda": for_reader(self, partner.account_manager_id.partner_id).env._(
                "Routine visit proposed: the visit cadence of tier %s is overdue.",
                labels.get(partner.customer_tier, "")),
        } for partner in partners if partner.id not in planned])
        return len(created)
