import logging
from datetime import timedelta

from odoo import Command, _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools.i18n import format_list

from odoo.addons.logistics_crm.tools import TIERS

from ..settings import get_setting

_logger = logging.getLogger(__name__)

TIER_PERIOD_MONTHS = {"a": 3, "b": 6, "c": 12}


# a new campaign's texts: the suite's invitation and reminder mail templates (survey.user_input),
# as Odoo's survey.invite starts from survey's invitation template; {campaign field: (template, field)}
DEFAULT_TEXTS = {
    "subject": ("logistics_kpi.mail_template_campaign_invitation", "subject"),
    "body_html": ("logistics_kpi.mail_template_campaign_invitation", "body_html"),
    "reminder_subject": ("logistics_kpi.mail_template_campaign_reminder", "subject"),
    "reminder_body_html": ("logistics_kpi.mail_template_campaign_reminder", "body_html"),
}
# what an invitation and a reminder must contain: the personal link of the invitation
SURVEY_LINK = "object.get_start_url()"


class LogisticsSurveyCampaign(models.Model):
    """Scheduled satisfaction surveys: periodic by tier, after a complaint, to lost customers.

    Exactly one invitation (``survey.user_input`` with ``campaign_id``) per customer
    and campaign period (``campaign_key``): guarded by a unique constraint and by
    skipping what is already invited, committed batch by batch from the cron, so a
    run killed mid-batch and run again sends each invitation once.
    """

    _name = "logistics.survey.campaign"
    _description = "Satisfaction survey campaign"
    # its texts are rendered for each invitation (survey.user_input) in the contact's language,
    # as survey.invite renders survey's invitation template for each answer; like a mail.template,
    # they are trusted once saved (editing dynamic placeholders takes the template editor group)
    _inherit = ["mail.render.mixin"]
    _unrestricted_rendering = True
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    kind = fields.Selection([
        ("periodic", "Periodic"),
        ("post_complaint", "After a complaint"),
        ("lost_customer", "Lost customers"),
    ], required=True, default="periodic")
    tier = fields.Selection(TIERS,
                            help="Periodic campaigns: the customer tier surveyed (all tiers if empty).")
    survey_id = fields.Many2one("survey.survey", required=True, ondelete="restrict")
    partner_ids = fields.Many2many(
        "res.partner", "logistics_survey_campaign_partner_rel", "campaign_id", "partner_id",
        string="Only these customers", domain=[("is_company", "=", True)],
        help="Restrict the campaign to these customers (e.g. a pilot); empty: every customer that qualifies.")
    period_months = fields.Integer(
        "Every (months)", help="Periodic campaigns: one survey per customer per period "
                               "(default by tier: A 3, B 6, C 12 months).")
    delay_hours = fields.Integer("Hours after closing", default=24,
                                 help="After-complaint campaigns: survey this long after the complaint is closed.")
    window_days = fields.Integer("Catch-up window (days)", default=30,
                                 help="After-complaint campaigns: complaints closed longer ago are not surveyed.")
    quiet_days = fields.Integer(
        "Quiet period (days)", default=lambda self: get_setting(self.env, "survey_quiet_days"),
        help="A customer surveyed (by any campaign) within this period is skipped.")
    batch_size = fields.Integer(default=lambda self: get_setting(self.env, "survey_batch_size"),
                                help="Invitations per transaction: the cron commits after each batch.")
    answer_days = fields.Integer(
        "Answer within (days)", default=30,
        help="The deadline of an invitation, this many days after it is sent (0: none); "
             "a late answer is refused by the survey and no reminder goes out after it.")
    reminder_days = fields.Integer(
        "Reminder after (days)", default=lambda self: get_setting(self.env, "survey_reminder_days"),
        help="One reminder to non-responders this many days after the invitation (0: none).")
    subject = fields.Char(required=True, translate=True, default=lambda self: self._default_text("subject"))
    body_html = fields.Html(
        "Invitation", translate=True, sanitize=False, render_engine="qweb", render_options={"post_process": True},
        default=lambda self: self._default_text("body_html"),
        help="Written for each invitation, in the contact's language, as a mail template of the survey answer "
             "(object): object.get_start_url() is the personal survey link, object.partner_id.name the contact's "
             "name.")
    reminder_subject = fields.Char(translate=True, default=lambda self: self._default_text("reminder_subject"))
    reminder_body_html = fields.Html(
        "Reminder", translate=True, sanitize=False, render_engine="qweb", render_options={"post_process": True},
        default=lambda self: self._default_text("reminder_body_html"))
    # the language each invitation is written in (mail.render.mixin's): its contact's
    lang = fields.Char(default="{{ object.partner_id.lang }}")
    user_input_ids = fields.One2many("survey.user_input", "campaign_id", string="Invitations", readonly=True)
    sent_count = fields.Integer("Sent", compute="_compute_counts")
    answered_count = fields.Integer("Answered", compute="_compute_counts")
    response_rate = fields.Float("Response rate %", compute="_compute_counts", digits=(5, 1))
    failed_mail_count = fields.Integer(
        "Mails not delivered", compute="_compute_failed_mail_count",
        help="Invitations and reminders of the campaign the mail server did not take (e.g. it is down): "
             "they wait in the queue, which sends them again.")
    last_run = fields.Datetime(readonly=True, copy=False)
    last_sent = fields.Integer("Sent (last run)", readonly=True, copy=False)
    last_reminded = fields.Integer("Reminded (last run)", readonly=True, copy=False)
    last_skipped_no_email = fields.Integer("Skipped: no e-mail", readonly=True, copy=False)
    last_skipped_opt_out = fields.Integer("Skipped: opted out", readonly=True, copy=False)
    last_skipped_quiet = fields.Integer("Skipped: quiet period", readonly=True, copy=False)
    last_skipped_invited = fields.Integer("Skipped: already invited this period", readonly=True, copy=False)
    last_due = fields.Integer("Customers due (last run)", readonly=True, copy=False,
                              help="The customers (or closed complaints) the campaign matched at its last run, "
                                   "before the skip rules.")

    @api.constrains("period_months", "batch_size", "delay_hours", "quiet_days", "reminder_days", "window_days",
                    "answer_days")
    def _check_numbers(self):
        for campaign in self:
            if campaign.kind == "periodic" and campaign.period_months not in (1, 2, 3, 4, 6, 12):
                raise ValidationError(_("The period of a periodic campaign must divide the year: "
                                        "1, 2, 3, 4, 6 or 12 months."))
            if campaign.batch_size <= 0:
                raise ValidationError(_("The batch size must be positive."))
            if min(campaign.delay_hours, campaign.quiet_days, campaign.reminder_days, campaign.window_days,
                   campaign.answer_days) < 0:
                raise ValidationError(_("Delays and periods cannot be negative."))

    @api.constrains("body_html", "reminder_body_html")
    def _check_body(self):
        for campaign in self:
            if SURVEY_LINK not in (campaign.body_html or "") or \
                    (campaign.reminder_body_html and SURVEY_LINK not in campaign.reminder_body_html):
                raise ValidationError(_("The invitation and the reminder must contain the personal survey link "
                                        "(object.get_start_url())."))

    @api.onchange("tier", "kind")
    def _onchange_tier(self):
        if self.kind == "periodic":
            self.period_months = TIER_PERIOD_MONTHS.get(self.tier, 12)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("period_months"):
                vals["period_months"] = TIER_PERIOD_MONTHS.get(vals.get("tier"), 12)
        campaigns = super().create(vals_list)
        # the texts left to their defaults speak every language of their template: a Chinese contact
        # of a campaign an English user created reads the Chinese invitation, and the other way round
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        for campaign, vals in zip(campaigns, vals_list, strict=True):
            for name, (xmlid, field) in DEFAULT_TEXTS.items():
                template = self.env.ref(xmlid, raise_if_not_found=False)
                if name not in vals and template:
                    campaign.update_field_translations(name, {
                        lang: template.with_context(lang=lang)[field] for lang in langs})
        return campaigns

    @api.model
    def _default_text(self, name):
        """The default of a text field: its template's text, in the source language (en_US) whatever
        language the creating user reads; ``create`` adds the template's other languages."""
        xmlid, field = DEFAULT_TEXTS[name]
        template = self.env.ref(xmlid, raise_if_not_found=False)
        return template.with_context(lang=self.env.context.get("lang") or "en_US")[field] if template else False

    def _compute_render_model(self):
        for campaign in self:
            campaign.render_model = "survey.user_input"

    def _compute_counts(self):
        groups = self.env["survey.user_input"].sudo()._read_group(
            [("campaign_id", "in", self.ids)], ["campaign_id", "state"], ["__count"])
        counts = {}
        for campaign, state, count in groups:
            total, done = counts.get(campaign.id, (0, 0))
            counts[campaign.id] = (total + count, done + (count if state == "done" else 0))
        for campaign in self:
            sent, answered = counts.get(campaign.id, (0, 0))
            campaign.sent_count = sent
            campaign.answered_count = answered
            campaign.response_rate = 100.0 * answered / sent if sent else 0.0

    def _compute_failed_mail_count(self):
        counts = {campaign.id: count for campaign, count in self.env["mail.mail"].sudo()._read_group(
            [("logistics_campaign_id", "in", self.ids), ("state", "=", "exception")],
            ["logistics_campaign_id"], ["__count"])}
        for campaign in self:
            campaign.failed_mail_count = counts.get(campaign.id, 0)

    # ------------------------------------------------------------------ targets
    def _period_key(self, now):
        months = self.period_months or 12
        return "%d-P%d" % (now.year, (now.month - 1) // months + 1)

    def _due_targets(self, now):
        """[(customer, campaign key)] due now, before the skip rules."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        if self.kind == "periodic":
            domain = [("is_company", "=", True), ("customer_rank", ">", 0),
                      "|", ("lifecycle", "=", False), ("lifecycle", "!=", "lost")]
            if self.tier:
                domain.append(("customer_tier", "=", self.tier))
            if self.partner_ids:
                domain.append(("id", "in", self.partner_ids.ids))
            key = self._period_key(now)
            return [(partner, key) for partner in Partner.search(domain, order="id")]
        if self.kind == "lost_customer":
            key = str(now.year)
            domain = [("is_company", "=", True), ("lifecycle", "=", "lost")]
            if self.partner_ids:
                domain.append(("id", "in", self.partner_ids.ids))
            return [(partner, key) for partner in Partner.search(domain, order="id")]
        if self.kind == "post_complaint":
            return self._due_complaint_targets(now)
        return []

    def _due_complaint_targets(self, now):
        """[(customer, "complaint-<id>")] of the complaints closed ``delay_hours``
        ago (within the catch-up window). No complaints here: the bridge
        logistics_kpi_complaints provides them."""
        return []

    def _filter_targets(self, targets, now):
        """Split the due targets into (to send, skipped counts)."""
        self.ensure_one()
        skipped = {"no_email": 0, "opt_out": 0, "quiet": 0, "invited": 0}
        if not targets:
            return [], skipped
        customer_ids = list({partner.id for partner, _key in targets})
        self.env["survey.user_input"].flush_model(["campaign_id", "customer_id", "campaign_key"])
        cr = self.env.cr
        cr.execute("""SELECT customer_id, campaign_key FROM survey_user_input
                       WHERE campaign_id = %s AND customer_id = ANY(%s)""", (self.id, customer_ids))
        done = set(cr.fetchall())
        quiet = set()
        if self.quiet_days:
            cr.execute("""SELECT DISTINCT customer_id FROM survey_user_input
                           WHERE campaign_id IS NOT NULL AND customer_id = ANY(%s) AND create_date >= %s""",
                       (customer_ids, now - timedelta(days=self.quiet_days)))
            quiet = {row[0] for row in cr.fetchall()}
        to_send, seen = [], set()
        for partner, key in targets:
            if (partner.id, key) in seen:
                continue
            seen.add((partner.id, key))
            if (partner.id, key) in done:
                skipped["invited"] += 1
                continue
            contact = partner.survey_contact_id or partner
            if partner.survey_opt_out or contact.is_blacklisted:
                skipped["opt_out"] += 1
            elif not contact.email or not tools.email_split(contact.email):
                skipped["no_email"] += 1
            elif partner.id in quiet:
                skipped["quiet"] += 1
            else:
                to_send.append((partner, contact, key))
                quiet.add(partner.id)  # one invitation per customer per run
        return to_send, skipped

    # ------------------------------------------------------------------ sending
    def _autocommit(self):
        return bool(self.env.context.get("logistics_kpi_autocommit"))

    def _mail_values(self, user_inputs, reminder=False):
        """The mails of the invitations ``user_inputs`` (or their reminders): the campaign's subject
        and body rendered for each invitation in its contact's language (``lang``), as survey.invite
        renders its template for each answer; queued for the mail queue's delivery."""
        self.ensure_one()
        if not user_inputs:
            return []
        subject, body = ("reminder_subject", "reminder_body_html") if reminder else ("subject", "body_html")
        campaign = self.sudo()  # whoever runs it (the cron, a Service Manager's button) writes the same mail
        subjects = campaign._render_field(subject, user_inputs.ids, compute_lang=True)
        bodies = campaign._render_field(body, user_inputs.ids, compute_lang=True)
        email_from = self.company_id.email_formatted or False
        return [{
            "subject": subjects[user_input.id],
            "body_html": bodies[user_input.id],
            "email_to": user_input.partner_id.email_formatted,
            "email_from": email_from,
            "reply_to": email_from,  # a customer's answer to the mail reaches the company
            "auto_delete": True,
            "logistics_campaign_id": self.id,
        } for user_input in user_inputs]

    def action_run(self):
        """Send what is due now: new invitations, then reminders. Returns the number sent."""
        now = fields.Datetime.now()
        total = 0
        for campaign in self:
            if not campaign.active:
                continue
            targets = campaign._due_targets(now)
            to_send, skipped = campaign._filter_targets(targets, now)
            sent = campaign._send_invitations(to_send, now)
            reminded = campaign._send_reminders(now)
            campaign.write({
                "last_run": now, "last_sent": sent, "last_reminded": reminded, "last_due": len(targets),
                "last_skipped_no_email": skipped["no_email"], "last_skipped_opt_out": skipped["opt_out"],
                "last_skipped_quiet": skipped["quiet"], "last_skipped_invited": skipped["invited"],
            })
            if campaign._autocommit():
                self.env.cr.commit()  # pylint: disable=invalid-commit  # batches: sent mails kept
            _logger.info("Survey campaign %s: %d invitations, %d reminders, skipped %s",
                         campaign.name, sent, reminded, skipped)
            total += sent
        return total

    def action_send_due(self):
        """The form's button: send what is due now and say what happened, above all why
        nothing was sent (no customer matched, all invited this period, opted out, without
        an e-mail address, surveyed lately) instead of a silent 0."""
        self.ensure_one()
        if not self.active:
            raise UserError(self.env._("The campaign %s is archived: it sends nothing.", self.name))
        self.action_run()
        message = self._run_summary()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.name,
                "message": message,
                "type": "success" if self.last_sent else "warning",
                "sticky": not self.last_sent,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _run_summary(self):
        """What the last run did, in the reader's language: the invitations sent, else why none."""
        self.ensure_one()
        _ = self.env._
        reminders = _("%(count)s reminder(s) sent.", count=self.last_reminded) if self.last_reminded else ""
        if self.last_sent:
            text = _("%(count)s invitation(s) sent.", count=self.last_sent)
        elif not self.last_due:
            text = {
                "post_complaint": _("No invitation sent: no complaint was closed in the campaign's window "
                                    "(%(hours)s hours after closing, up to %(days)s days back).",
                                    hours=self.delay_hours, days=self.window_days),
                "lost_customer": _("No invitation sent: no lost customer matches the campaign."),
            }.get(self.kind) or _("No invitation sent: no customer matches the campaign (tier, customers, "
                                  "customers not lost).")
        else:
            reasons = []
            if self.last_skipped_invited:
                reasons.append(_("%(count)s already invited this period", count=self.last_skipped_invited))
            if self.last_skipped_opt_out:
                reasons.append(_("%(count)s opted out of surveys", count=self.last_skipped_opt_out))
            if self.last_skipped_no_email:
                reasons.append(_("%(count)s without an e-mail address", count=self.last_skipped_no_email))
            if self.last_skipped_quiet:
                reasons.append(_("%(count)s surveyed within the quiet period", count=self.last_skipped_quiet))
            text = _("No invitation sent: of %(due)s customer(s) due, %(reasons)s.",
                     due=self.last_due, reasons=format_list(self.env, reasons))
        return " ".join(filter(None, [text, reminders]))

    def _send_invitations(self, to_send, now):
        """Queue one invitation per (customer, contact, key): the survey answers
        (``survey.user_input`` with partner, token and deadline) and their mails
        are created a batch at a time (two INSERTs per batch, not per recipient);
        the cron commits after each batch."""
        self.ensure_one()
        survey = self.survey_id.sudo()
        # an invitation is a record of the campaign, not a conversation: no creation note and no
        # follower per invitation (Odoo's bulk-creation context; the mail is the invitation)
        UserInput = self.env["survey.user_input"].sudo().with_context(tracking_disable=True)
        Mail = self.env["mail.mail"].sudo()
        batch_size = max(self.batch_size, 1)
        deadline = now + timedelta(days=self.answer_days) if self.answer_days else False
        # what survey's _create_answer puts on an answer, computed once for the campaign
        questions = survey._prepare_user_input_predefined_questions()
        common = {
            "survey_id": survey.id,
            "deadline": deadline,
            "campaign_id": self.id,
            "predefined_question_ids": [Command.set(questions.ids)],
        }
        sent = 0
        for start in range(0, len(to_send), batch_size):
            batch = to_send[start:start + batch_size]
            # each invitation its own invite token: survey's attempts (one per invitation, no
            # "Retry" once answered) are counted per invitation, not per person over the periods
            inputs = UserInput.create([dict(
                common, partner_id=contact.id, customer_id=partner.id, email=contact.email,
                nickname=contact.name, campaign_key=key, invite_token=UserInput._generate_invite_token())
                for partner, contact, key in batch])
            Mail.create(self._mail_values(inputs))
            sent += len(batch)
            if self._autocommit():
                self.env.cr.commit()  # pylint: disable=invalid-commit  # batches: sent mails kept
        return sent

    def _send_reminders(self, now):
        """One reminder per invitation not answered after ``reminder_days``."""
        self.ensure_one()
        if not self.reminder_days:
            return 0
        inputs = self.env["survey.user_input"].sudo().search([
            ("campaign_id", "=", self.id), ("state", "!=", "done"), ("reminder_sent", "=", False),
            ("create_date", "<=", now - timedelta(days=self.reminder_days)),
            "|", ("deadline", "=", False), ("deadline", ">", now)],
            order="id")
        Mail = self.env["mail.mail"].sudo()
        batch_size = max(self.batch_size, 1)
        reminded = 0
        for start in range(0, len(inputs), batch_size):
            batch = inputs[start:start + batch_size]
            to_remind = batch.filtered(lambda user_input: user_input.partner_id.email
                                       and not user_input.partner_id.is_blacklisted
                                       and not user_input.customer_id.survey_opt_out)
            Mail.create(self._mail_values(to_remind, reminder=True))
            reminded += len(to_remind)
            batch.write({"reminder_sent": True})
            if self._autocommit():
                self.env.cr.commit()  # pylint: disable=invalid-commit  # batches: sent mails kept
        return reminded

    @api.model
    def _cron_run_campaigns(self):
        """Cron: every active campaign, each in its own transactions (a failing one does not stop the rest)."""
        for campaign in self.search([]):
            try:
                campaign.with_context(logistics_kpi_autocommit=True).action_run()
            except Exception:
                self.env.cr.rollback()
                _logger.exception("Survey campaign %s failed; it will be retried at the next run.",
                                  campaign.name)
        return True

    def action_view_invitations(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Invitations"),
            "res_model": "survey.user_input",
            "view_mode": "list,form",
            "domain": [("campaign_id", "=", self.id)],
        }

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if self.sudo().user_input_ids:
            raise UserError(_("A campaign that sent invitations cannot be deleted; archive it."))

    @api.model
    def _demo_answers(self, campaign_xmlid, partner_xmlids):
        """Demo data: answered invitations of the campaign for the customers, plus one open one."""
        import random
        rnd = random.Random(11)
        campaign = self.env.ref(campaign_xmlid, raise_if_not_found=False)
        if not campaign or campaign.user_input_ids:
            return False
        questions = campaign.survey_id.question_ids
        now = fields.Datetime.now()
        UserInput = self.env["survey.user_input"].sudo()
        for index, xmlid in enumerate(partner_xmlids):
            partner = self.env.ref(xmlid, raise_if_not_found=False)
            if not partner:
                continue
            user_input = UserInput.create({
                "survey_id": campaign.survey_id.id, "partner_id": partner.id,
                "customer_id": partner.commercial_partner_id.id, "email": partner.email,
                "campaign_id": campaign.id, "campaign_key": "demo-%d" % now.year,
                "invite_token": UserInput._generate_invite_token(),
            })
            if index == len(partner_xmlids) - 1:
                continue  # left open: visible on the portal's /my/surveys
            answered = now - timedelta(days=30 * (index % 6) + rnd.randint(0, 20))  # over half a year
            lines = []
            for question in questions:
                if question.is_nps:
                    value = rnd.choice([6, 7, 8, 9, 9, 10])
                elif question.criterion_id:
                    value = rnd.choice([3, 4, 4, 5])
                else:
                    continue
                lines.append(Command.create(question._logistics_answer_values(value)))
            user_input.write({"user_input_line_ids": lines, "state": "done",
                              "end_datetime": answered, "date_done": answered})
        return True
