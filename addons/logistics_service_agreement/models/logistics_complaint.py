from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.logistics_complaints.models.logistics_complaint import OPEN_STATES
from odoo.addons.logistics_complaints.models.logistics_complaint import LogisticsComplaint as ComplaintBase


class LogisticsComplaint(models.Model):
    """The customer's service agreement on a complaint: its own response and resolution times
    (instead of the tier x severity matrix), and the resolution clock paused while the complaint
    waits for the customer (when the agreement says so). The response clock never pauses."""

    _inherit = "logistics.complaint"
    _workflow_fields = ComplaintBase._workflow_fields + ("waiting_customer",)

    service_agreement_id = fields.Many2one(
        "logistics.service.agreement", string="Service agreement", compute="_compute_service_agreement_id",
        store=True, readonly=True, groups="base.group_user",
        help="The customer's agreement in force when the complaint was received: its complaint times "
             "replace the SLA policies.")
    waiting_customer = fields.Boolean("Waiting for the customer", readonly=True, copy=False, index=True)
    pause_ids = fields.One2many("logistics.complaint.pause", "complaint_id", string="Waiting periods",
                                readonly=True, groups="base.group_user")
    paused_hours = fields.Float(
        "Resolution clock paused (h)", compute="_compute_paused_hours", store=True, groups="base.group_user",
        help="Time the complaint waited for the customer with its resolution clock paused: the resolution "
             "deadline moved by it.")
    waiting_since = fields.Datetime(compute="_compute_paused_hours", store=True, groups="base.group_user")
    sla_paused = fields.Boolean(
        "Resolution clock paused", compute="_compute_paused_hours", store=True, groups="base.group_user")

    @api.depends("partner_id", "received_date", "company_id")
    def _compute_service_agreement_id(self):
        Agreement = self.env["logistics.service.agreement"]
        for complaint in self:
            day = complaint.received_date.date() if complaint.received_date else fields.Date.today()
            complaint.service_agreement_id = Agreement._find_agreement(
                complaint.partner_id, day, company=complaint.company_id) if complaint.partner_id else False

    @api.depends("pause_ids.paused_hours", "pause_ids.date_start", "pause_ids.date_end", "pause_ids.pauses_clock")
    def _compute_paused_hours(self):
        for complaint in self:
            pauses = complaint.sudo().pause_ids
            running = pauses.filtered(lambda p: not p.date_end)[:1]
            complaint.paused_hours = sum(pauses.mapped("paused_hours"))
            complaint.waiting_since = running.date_start
            complaint.sla_paused = bool(running.pauses_clock)

    # ---------------------------------------------------------------- SLA clocks
    @api.depends("received_date", "severity", "customer_tier", "company_id", "service_agreement_id",
                 "paused_hours")
    def _compute_deadlines(self):
        return super()._compute_deadlines()

    def _sla_allowed_hours(self, policy):
        """The agreement's complaint times for the severity replace the SLA policy's."""
        return self.service_agreement_id.sudo()._sla_hours(self.severity) or super()._sla_allowed_hours(policy)

    def _sla_clock_offset(self, clock):
        """The points of the resolution clock move by the time it was paused."""
        if clock == "resolution":
            return self.sudo().paused_hours
        return super()._sla_clock_offset(clock)

    def _sla_clock_running(self, clock):
        if clock == "resolution" and self.sudo().sla_paused:
            return False
        return super()._sla_clock_running(clock)

    def _sla_clock_status(self, clock, now):
        """A paused resolution clock stands still: its status is the one of when it was paused."""
        if clock == "resolution" and self.sudo().sla_paused and self.waiting_since:
            now = min(now, self.waiting_since)
        return super()._sla_clock_status(clock, now)

    @api.depends("state", "received_date", "response_deadline", "resolution_deadline", "first_response_date",
                 "resolved_date", "response_escalation", "resolution_escalation", "sla_paused")
    def _compute_sla_next_escalation(self):
        return super()._compute_sla_next_escalation()

    @api.depends("state", "response_deadline", "resolution_deadline", "response_risk_date",
                 "resolution_risk_date", "first_response_date", "resolved_date", "sla_paused", "waiting_since")
    def _compute_sla_status(self):
        return super()._compute_sla_status()

    # ---------------------------------------------------------------- waiting for the customer
    def action_open_pause_wizard(self):
        """The "Wait for customer" / "Resume" buttons: ask for the reason."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "logistics_service_agreement.logistics_complaint_pause_wizard_action")
        action["context"] = {"default_complaint_ids": self.ids,
                             "default_pause_action": self.env.context.get("pause_action", "pause")}
        return action

    def action_wait_customer(self, reason):
        """The complaint waits for the customer (documents, an answer): with an agreement that says so,
        the resolution clock stops until the customer answers or the agent resumes it."""
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason for waiting for the customer."))
        self.check_access("write")
        for complaint in self:
            if complaint.state not in OPEN_STATES:
                raise UserError(_("%s is not open: it cannot wait for the customer.", complaint.name))
            if complaint.waiting_customer:
                raise UserError(_("%s already waits for the customer.", complaint.name))
        now = fields.Datetime.now()
        for complaint in self:
            pauses = bool(complaint.sudo().service_agreement_id.pause_resolution_when_waiting)
            self.env["logistics.complaint.pause"].sudo().create({
                "complaint_id": complaint.id, "date_start": now, "reason": reason,
                "user_id": self.env.uid, "pauses_clock": pauses,
                "calendar_id": complaint.sudo().sla_calendar_id.id,
            })
            complaint._workflow_write({"waiting_customer": True})
            note = (_("Waiting for the customer; the resolution clock is paused. Reason: %s", reason) if pauses
                    else _("Waiting for the customer (the resolution clock keeps running: no agreement pauses "
                           "it). Reason: %s", reason))
            complaint._log_step(note)
        return True

    def action_resume(self, reason):
        """The wait is over (the customer answered, or the agent goes on): the resolution deadline
        moves by the paused time."""
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason for resuming the complaint."))
        if not self.env.su:
            self.check_access("write")
        waiting = self.filtered("waiting_customer")
        if not waiting:
            raise UserError(_("The complaint does not wait for the customer."))
        now = fields.Datetime.now()
        for complaint in waiting:
            pause = complaint.sudo().pause_ids.filtered(lambda p: not p.date_end)
            pause.write({"date_end": now, "resume_reason": reason, "resume_user_id": self.env.uid})
            complaint._workflow_write({"waiting_customer": False})
            if pause.pauses_clock:
                complaint._log_step(_(
                    "Resumed after %(hours).1f h of waiting for the customer; the resolution deadline moved "
                    "to %(deadline)s UTC. Reason: %(reason)s", hours=sum(pause.mapped("paused_hours")),
                    deadline=fields.Datetime.to_string(complaint.sudo().resolution_deadline), reason=reason))
            else:
                complaint._log_step(_("No longer waiting for the customer. Reason: %s", reason))
        return True

    def action_resolve(self):
        waiting = self.filtered("waiting_customer")
        if waiting:
            waiting.action_resume(_("Complaint resolved."))
        return super().action_resolve()

    def action_cancel(self, reason=None):
        waiting = self.filtered("waiting_customer")
        if waiting:
            waiting.action_resume(_("Complaint cancelled."))
        return super().action_cancel(reason)

    def message_post(self, **kwargs):
        """The customer's answer (portal message, e-mail) ends the wait."""
        message = super().message_post(**kwargs)
        waiting = self.filtered("waiting_customer")
        if message.message_type in ("comment", "email") and waiting:
            author = message.author_id.sudo()
            for complaint in waiting:
                customer = complaint.sudo().partner_id
                if (author and customer and author.commercial_partner_id == customer
                        and not any(not user.share for user in author.with_context(active_test=False).user_ids)):
                    complaint.sudo().action_resume(_("The customer answered (%s).", author.name))
        return message
