from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models, modules
from odoo.tools import html_escape

from odoo.addons.logistics_crm.tools import Rule, Settings, at_least, for_reader, local_time, selection_labels

SLA_STATUSES = [("on_track", "On track"), ("at_risk", "At risk"), ("breached", "Breached")]
SLA_RANK = {"on_track": 0, "at_risk": 1, "breached": 2}
SEVERITIES = [("low", "Low"), ("normal", "Normal"), ("high", "High"), ("critical", "Critical")]
PARAM = "logistics_complaints.%s"
DEFAULTS = {
    "response_hours": 12.0,
    "resolution_hours": 48.0,
    "repeat_days": 90,
    "at_risk_ratio": 0.75,
    "warning_points": "50,80",
    "escalation_batch": 500,
    "calendar_id": 0,  # the default SLA working time (resource.calendar id), 0: around the clock
}
# the two clocks: (the field that stops it, its deadline, its "at risk from" date, hours allowed)
CLOCKS = {
    "response": ("first_response_date", "response_deadline", "response_risk_date", "response_time_allowed"),
    "resolution": ("resolved_date", "resolution_deadline", "resolution_risk_date", "resolution_time_allowed"),
}


def sla_param(env, key):
    """A setting of the complaints SLA (``SETTINGS``: its default if unset or invalid)."""
    return SETTINGS.get(env, key)


def parse_points(text):
    """The warning points of a clock, "50,80" (percent of the allowed time): sorted ratios in ]0, 1[."""
    ratios = set()
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip().rstrip("%").strip()
        if not part:
            continue
        value = float(part)  # ValueError for a bad setting: the settings form checks it
        if not 0 < value < 100:
            raise ValueError(part)
        ratios.add(round(value / 100.0, 4))
    return sorted(ratios)


def _hours_positive(env, values):
    return env._("SLA hours must be positive.")


SETTINGS = Settings("logistics_complaints", "complaint_", DEFAULTS, [
    Rule(("response_hours",), lambda v: v["response_hours"] > 0, _hours_positive),
    Rule(("resolution_hours",), lambda v: v["resolution_hours"] > 0, _hours_positive),
    Rule(("repeat_days",), lambda v: v["repeat_days"] >= 0,
         lambda env, v: env._("The repeat window cannot be negative.")),
    Rule(("at_risk_ratio",), lambda v: 0 < v["at_risk_ratio"] < 1,
         lambda env, v: env._("The at-risk share must be between 0 and 1.")),
    Rule(("warning_points",), lambda v: parse_points(v["warning_points"]) is not None,
         lambda env, v: env._("Warnings: give percentages between 0 and 100 separated by commas, e.g. 50,80.")),
    at_least("escalation_batch", 1),
    at_least("calendar_id", 0),
])


class LogisticsSlaMixin(models.AbstractModel):
    """Two SLA clocks (response, resolution) on a record received at ``received_date``.

    Each clock has points on it, as shares of the allowed time: the warnings (setting
    *warning points*, 50 % and 80 % by default), "at risk" (setting *at-risk share*) and
    the deadline (100 %). The status of a clock follows from its points and the time
    (:meth:`_sla_clock_status`, the only definition of it). The escalation cron handles
    the points as they pass, once per clock and episode: the next point to handle is the
    stored ``sla_next_escalation``; the cron claims what is due with one indexed search.

    The inheriting model has ``received_date``, ``severity``, ``customer_tier``,
    ``company_id``, ``state``, ``user_id``, ``account_manager_id`` and lists its open
    states in ``_sla_open_states``.
    """

    _name = "logistics.sla.mixin"
    _description = "SLA clocks with escalation"

    _sla_open_states = ()

    sla_policy_id = fields.Many2one("logistics.complaint.sla.policy", string="SLA policy", groups="base.group_user",
                                    compute="_compute_deadlines", store=True, readonly=True, copy=False)
    sla_calendar_id = fields.Many2one("resource.calendar", string="SLA working time", groups="base.group_user",
                                      compute="_compute_deadlines", store=True, readonly=True)
    # the customer sees the deadlines it is promised (response_deadline, resolution_deadline);
    # the clock's internals are employees' (README, Security: decided)
    response_time_allowed = fields.Float("Response time allowed (h)", compute="_compute_deadlines",
                                         store=True, readonly=True, groups="base.group_user")
    resolution_time_allowed = fields.Float("Resolution time allowed (h)", compute="_compute_deadlines",
                                           store=True, readonly=True, groups="base.group_user")
    response_deadline = fields.Datetime(compute="_compute_deadlines", store=True, readonly=True)
    resolution_deadline = fields.Datetime(compute="_compute_deadlines", store=True, readonly=True)
    response_risk_date = fields.Datetime("Response at risk from", compute="_compute_deadlines",
                                         store=True, readonly=True, groups="base.group_user")
    resolution_risk_date = fields.Datetime("Resolution at risk from", compute="_compute_deadlines",
                                           store=True, readonly=True, groups="base.group_user")
    first_response_date = fields.Datetime("First response", readonly=True, copy=False)
    resolved_date = fields.Datetime("Resolved on", readonly=True, copy=False)
    response_hours = fields.Float("First response (h)", compute="_compute_durations", store=True,
                                  aggregator="avg", groups="base.group_user")
    resolution_hours = fields.Float("Resolution (h)", compute="_compute_durations", store=True,
                                    aggregator="avg", groups="base.group_user")
    # the status of each promise (on track / at risk / breached) is the customer's to see too
    response_sla_status = fields.Selection(SLA_STATUSES, string="Response SLA", compute="_compute_sla_status",
                                           store=True, index=True)
    resolution_sla_status = fields.Selection(SLA_STATUSES, string="Resolution SLA",
                                             compute="_compute_sla_status", store=True, index=True)
    sla_status = fields.Selection(SLA_STATUSES, string="SLA", compute="_compute_sla_status", store=True,
                                  index=True, help="The worse of the response and the resolution status.")
    # escalation: the share of each clock's time handled in its current episode (1.0: breach notified)
    response_escalation = fields.Float("Response escalated up to", readonly=True, copy=False, default=0.0,
                                       groups="base.group_user")
    resolution_escalation = fields.Float("Resolution escalated up to", readonly=True, copy=False, default=0.0,
                                         groups="base.group_user")
    sla_next_escalation = fields.Datetime(
        "Next escalation", compute="_compute_sla_next_escalation", store=True, index=True, copy=False,
        groups="base.group_user", help="When the escalation cron has to look at this record next.")
    risk_escalated = fields.Boolean(compute="_compute_escalated", store=True, groups="base.group_user",
                                    help="A warning activity was given on a clock of this episode.")
    breach_escalated = fields.Boolean(compute="_compute_escalated", store=True, groups="base.group_user",
                                      help="The service managers were notified of a breach of this episode.")

    # ------------------------------------------------------------------ settings
    @api.model
    def _sla_param(self, key):
        return sla_param(self.env, key)

    @api.model
    def _sla_ratios(self):
        """(warning ratios, at-risk ratio): the points of every clock but the deadline."""
        settings = SETTINGS.read(self.env)
        return parse_points(settings["warning_points"]), settings["at_risk_ratio"]

    @api.model
    def _sla_points(self):
        """Every point of a clock as a sorted list of ratios, the deadline (1.0) last."""
        warnings, risk = self._sla_ratios()
        return sorted(set(warnings) | {risk, 1.0})

    # ------------------------------------------------------------------ clocks
    def _sla_time(self, ratio, clock):
        """The date at which ``ratio`` of ``clock``'s allowed time has passed."""
        self.ensure_one()
        hours = self[CLOCKS[clock][3]] * ratio + self._sla_clock_offset(clock)
        start = self.received_date
        if not start:
            return False
        calendar = self.sla_calendar_id
        if calendar:
            tz = self.company_id._logistics_tz()
            end = calendar.with_context(tz=tz).plan_hours(hours, start.replace(tzinfo=None), compute_leaves=True)
            if end:
                return end.replace(tzinfo=None)
        return start + timedelta(hours=hours)

    def _sla_clock_offset(self, clock):
        """Hours every point of ``clock`` moves by (e.g. a paused clock); none here."""
        return 0.0

    def _sla_allowed_hours(self, policy):
        """(response, resolution) hours allowed: the SLA ``policy``'s, else the settings'."""
        if policy:
            return policy.response_hours, policy.resolution_hours
        return self._sla_param("response_hours"), self._sla_param("resolution_hours")

    def _sla_clock_running(self, clock):
        return self.state in self._sla_open_states and not self[CLOCKS[clock][0]]

    def _sla_clock_status(self, clock, now):
        """The status of one clock at ``now``: the one definition of on track / at risk / breached."""
        done_field, deadline_field, risk_field, _allowed = CLOCKS[clock]
        deadline, risk, done = self[deadline_field], self[risk_field], self[done_field]
        if not deadline:
            return "on_track"
        if done:
            return "breached" if done > deadline else "on_track"
        if now >= deadline:
            return "breached"
        if risk and now >= risk:
            return "at_risk"
        return "on_track"

    def _sla_next_point(self, clock):
        """(ratio, date) of the next point of a running clock not handled yet; (None, None) if none."""
        handled = self[clock + "_escalation"]
        for ratio in self._sla_points():
            if ratio > handled:
                return ratio, self._sla_time(ratio, clock)
        return None, None

    # ---------------------------------------------------------------- computes
    @api.depends("received_date", "severity", "customer_tier", "company_id")
    def _compute_deadlines(self):
        Policy = self.env["logistics.complaint.sla.policy"].sudo()
        default_calendar = self.env["resource.calendar"].sudo().browse(self._sla_param("calendar_id")).exists()
        risk = self._sla_ratios()[1]
        for record in self:
            policy = Policy._find_policy(record.customer_tier, record.severity, record.company_id)
            record.sla_policy_id = policy
            record.sla_calendar_id = policy.calendar_id if policy else default_calendar
            record.response_time_allowed, record.resolution_time_allowed = record._sla_allowed_hours(policy)
            for clock in CLOCKS:
                _done, deadline_field, risk_field, _allowed = CLOCKS[clock]
                record[deadline_field] = record._sla_time(1.0, clock)
                record[risk_field] = record._sla_time(risk, clock)

    @api.depends("received_date", "first_response_date", "resolved_date")
    def _compute_durations(self):
        for record in self:
            start = record.received_date
            record.response_hours = ((record.first_response_date - start).total_seconds() / 3600.0
                                     if start and record.first_response_date else 0.0)
            record.resolution_hours = ((record.resolved_date - start).total_seconds() / 3600.0
                                       if start and record.resolved_date else 0.0)

    @api.depends("state", "response_deadline", "resolution_deadline", "response_risk_date",
                 "resolution_risk_date", "first_response_date", "resolved_date")
    def _compute_sla_status(self):
        """Stored for lists, filters and reports; brought up to date by the escalation cron when a
        point of a clock passes (the status changes at those points only)."""
        now = fields.Datetime.now()
        for record in self:
            if record.state == "cancelled" and record.sla_status:
                continue  # frozen when cancelled
            record.response_sla_status = record._sla_clock_status("response", now)
            record.resolution_sla_status = record._sla_clock_status("resolution", now)
            record.sla_status = max(record.response_sla_status, record.resolution_sla_status, key=SLA_RANK.get)

    @api.depends("state", "received_date", "response_deadline", "resolution_deadline", "first_response_date",
                 "resolved_date", "response_escalation", "resolution_escalation")
    def _compute_sla_next_escalation(self):
        for record in self:
            dates = [record._sla_next_point(clock)[1] for clock in CLOCKS if record._sla_clock_running(clock)]
            dates = [date for date in dates if date]
            record.sla_next_escalation = min(dates) if dates else False

    @api.depends("response_escalation", "resolution_escalation")
    def _compute_escalated(self):
        warnings, _risk = self._sla_ratios()
        first_warning = warnings[0] if warnings else 1.0
        for record in self:
            levels = (record.response_escalation, record.resolution_escalation)
            record.risk_escalated = any(level >= first_warning for level in levels)
            record.breach_escalated = any(level >= 1.0 for level in levels)

    def _sla_refresh_points(self):
        """The settings moved the points of the clocks (at-risk share, warnings): the open records'
        "at risk from" dates and next escalation follow; the deadlines stay as promised."""
        risk = self._sla_ratios()[1]
        for record in self:
            for clock, (_done, _deadline, risk_field, _allowed) in CLOCKS.items():
                record[risk_field] = record._sla_time(risk, clock)
        for name in ("sla_next_escalation", "response_sla_status", "resolution_sla_status", "sla_status"):
            self.env.add_to_compute(self._fields[name], self)

    # ---------------------------------------------------------------- escalation
    @api.model
    def _cron_escalate(self, batch_size=None):
        """Handle the points of the SLA clocks that passed: a warning activity on the responsible
        user, a breach notice to the Service Managers, the stored status brought up to date.

        One indexed search per batch finds what is due (nothing due: one query, however many
        records are open). Batches are committed one by one when run by the scheduler, with
        the progress reported to it (``ir.cron._notify_progress``); a killed run keeps the
        batches done and the next run resumes."""
        batch = max(1, int(batch_size or self._sla_param("escalation_batch")))
        in_cron = bool(self.env.context.get("ir_cron_progress_id")) and not modules.module.current_test
        now = fields.Datetime.now()
        domain = [("sla_next_escalation", "<=", now), ("state", "in", list(self._sla_open_states))]
        done = 0
        while True:
            records = self.sudo().search(domain, order="sla_next_escalation, id", limit=batch)
            if not records:
                break
            records._sla_escalate(now)
            done += len(records)
            remaining = self.sudo().search_count(domain) if len(records) == batch else 0
            self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
            if in_cron:
                self.env.cr.commit()  # pylint: disable=invalid-commit  # cron batches: progress kept
            if not remaining:
                break
        return done

    def _sla_escalate(self, now):
        """Handle every passed point of each running clock of ``self`` (due records): one write per
        level reached, one create of the warning activities, a breach notice per clock breached."""
        warnings, _risk = self._sla_ratios()
        points = self._sla_points()
        reached = defaultdict(lambda: self.browse())  # (field, share) -> records
        to_warn, to_notify = [], []
        for record in self:
            for clock in CLOCKS:
                if not record._sla_clock_running(clock):
                    continue
                handled = record[clock + "_escalation"]
                passed = [ratio for ratio in points if ratio > handled and record._sla_time(ratio, clock) <= now]
                if not passed:
                    continue
                top = passed[-1]
                reached[(clock + "_escalation", top)] |= record
                if top >= 1.0:
                    to_notify.append((record, clock))
                elif any(ratio in warnings for ratio in passed):
                    to_warn.append((record, clock, top))
        for (name, share), records in reached.items():
            records._workflow_write({name: share})
        # the status changes at these points only: recompute it for what was due
        for name in ("response_sla_status", "resolution_sla_status", "sla_status"):
            self.env.add_to_compute(self._fields[name], self)
        self._sla_warn(to_warn)
        self._sla_notify_breaches(to_notify)
        self.flush_recordset()

    def _sla_responsible(self):
        user = self.user_id if self.user_id.active else self.account_manager_id
        return user if user.active else self.env.ref("base.user_admin", raise_if_not_found=False) or self.env.user

    @api.model
    def _sla_warn(self, warnings):
        """'To do' activities for the responsible users (else the account manager, else the admin)
        of ``warnings`` [(record, clock, share)], created together, each written in its assignee's
        language and time zone."""
        if not warnings:
            return
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for record, clock, ratio in warnings:
            user = record._sla_responsible()
            reader = for_reader(record, user.partner_id)
            deadline = record[CLOCKS[clock][1]]
            clock_label = reader._sla_clock_label(clock)
            vals_list.append({
                "res_model_id": model_id,
                "res_id": record.id,
                "activity_type_id": activity_type.id,
                "date_deadline": fields.Datetime.context_timestamp(reader, deadline).date(),
                "summary": reader.env._("SLA warning (%(clock)s, %(share)d %%): %(name)s",
                                        clock=clock_label, share=round(ratio * 100), name=record.display_name),
                "note": html_escape(reader.env._(
                    "%(share)d %% of the %(clock)s time is used; deadline %(deadline)s (%(status)s).",
                    share=round(ratio * 100), clock=clock_label, deadline=local_time(reader, deadline),
                    status=selection_labels(reader, "sla_status").get(record[clock + "_sla_status"] or "on_track"))),
                "user_id": user.id,
            })
        # no assignment mail per warning: the activity shows in the user's activity menu
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(vals_list)

    def _sla_breach_text(self, clock, reader):
        """'SLA breached on …' for ``reader`` (self in its language and time zone)."""
        return reader.env._("SLA breached on %(name)s: the %(clock)s deadline (%(deadline)s) has passed.",
                            name=self.display_name, clock=reader._sla_clock_label(clock),
                            deadline=local_time(reader, self[CLOCKS[clock][1]]))

    def _sla_clock_label(self, clock):
        return {"response": self.env._("response"), "resolution": self.env._("resolution")}[clock]

    @api.model
    def _sla_notify_breaches(self, breaches):
        """The breach notices of ``breaches`` [(record, clock)] to the Service Managers: a note on each
        record with an inbox notification for each manager (the messages created together), in the
        managers' language (the company's if theirs differ), and one digest e-mail per language and
        time zone listing them, deadlines in the reader's time zone."""
        if not breaches:
            return
        managers = self.env.ref("logistics_crm.group_service_manager").users.filtered(
            lambda u: u.active and not u.share and not u._is_superuser())
        partners = managers.partner_id
        subtype = self.env.ref("mail.mt_note")
        author = self.env.user.partner_id
        # one note read by every manager: their language if they share one, the company's time
        langs = set(partners.mapped("lang"))
        note_env = for_reader(self, self.env.company.partner_id)
        if len(langs) == 1 and langs != {False}:
            note_env = note_env.with_context(lang=langs.pop())
        self.env["mail.message"].sudo().create([{
            "model": record._name,
            "res_id": record.id,
            "record_name": record.display_name,
            "message_type": "notification",
            "subtype_id": subtype.id,
            "author_id": author.id,
            "subject": note_env.env._("SLA breached: %s", record.display_name),
            "body": Markup("<p>%s</p>") % record._sla_breach_text(
                clock, record.with_context(lang=note_env.env.lang, tz=note_env.env.context.get("tz"))),
            "partner_ids": [(6, 0, partners.ids)],
            "notification_ids": [(0, 0, {"res_partner_id": partner.id, "notification_type": "inbox"})
                                 for partner in partners],
        } for record, clock in breaches])
        groups = defaultdict(lambda: self.env["res.partner"])
        for partner in partners.filtered("email"):
            groups[(partner.lang, partner._logistics_tz())] |= partner
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        for readers in groups.values():
            reader = for_reader(self, readers[:1])
            lines = Markup("").join(
                Markup('<li><a href="%s/odoo/%s/%d">%s</a> (%s)</li>') % (
                    base, record._name, record.id, record.display_name,
                    record._sla_breach_text(clock, for_reader(record, readers[:1])))
                for record, clock in breaches)
            self.env["mail.mail"].sudo().create({
                "subject": reader.env._("%(count)d SLA deadlines breached", count=len(breaches)),
                "body_html": Markup("<p>%s</p><ul>%s</ul>") % (
                    reader.env._("These deadlines have passed:"), lines),
                "email_to": ",".join(readers.mapped("email_formatted")),
                "auto_delete": True,
            })
