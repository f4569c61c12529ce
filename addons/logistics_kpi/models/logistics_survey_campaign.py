import logging
from datetime import timedelta

from odoo import Command, _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from .kpi_settings import get_setting

_logger = logging.getLogger(__name__)

TIER_PERIOD_MONTHS = {"a": 3, "b": 6, "c": 12}


def _default_body(self):
    # the source text (en_US) whatever language the installing user reads (Odoo's _()
    # falls back to the user's language without one in the context): zh_CN and other
    # languages come from the .po as translations of the campaign's field
    self = self.with_context(lang=self.env.context.get("lang") or "en_US")
    return _("<p>Dear __NAME__,</p><p>Thank you for working with us. Please tell us how we are doing: "
             "the survey takes three minutes.</p><p><a href=\"__URL__\">Answer the survey</a></p>"
             "<p>Your feedback goes to the departments concerned and to our improvement measures.</p>")


def _default_reminder_body(self):
    self = self.with_context(lang=self.env.context.get("lang") or "en_US")  # see _default_body
    return _("<p>Dear __NAME__,</p><p>A short reminder: your opinion on our service matters to us.</p>"
             "<p><a href=\"__URL__\">Answer the survey</a></p>")


def _default_subject(self):
    self = self.with_context(lang=self.env.context.get("lang") or "en_US")  # see _default_body
    return _("How satisfied are you with our service?")


def _default_reminder_subject(self):
    self = self.with_context(lang=self.env.context.get("lang") or "en_US")  # see _default_body
    return _("Reminder: your opinion on our service")


class LogisticsSurveyCampaign(models.Model):
    """Scheduled satisfaction surveys: periodic by tier, after a complaint, to lost customers.

    Exactly one invitation (``survey.user_input`` with ``campaign_id``) per customer
    and campaign period (``campaign_key``): guarded by a unique constraint and by
    skipping what is already invited, committed batch by batch from the cron, so a
    run killed mid-batch and run again sends each invitation once.
    """

    _name = "logistics.survey.campaign"
    _description = "Satisfaction survey campaign"
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
    tier = fields.Selection([("a", "A"), ("b", "B"), ("c", "C")],
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
    subject = fields.Char(required=True, translate=True,
                          default=_default_subject)
    body_html = fields.Html("Invitation", translate=True, sanitize=False, default=_default_body,
                            help="__URL__ is replaced by the personal survey link, __NAME__ by the contact's name.")
    reminder_subject = fields.Char(translate=True, default=_default_reminder_subject)
    reminder_body_html = fields.Html("Reminder", translate=True, sanitize=False, default=_default_reminder_body)
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
            if "__URL__" not in (campaign.body_html or "") or \
                    (campaign.reminder_body_html and "__URL__" not in campaign.reminder_body_html):
                raise ValidationError(_("The invitation and the reminder must contain __URL__ "
                                        "(replaced by the personal survey link)."))

    @api.onchange("tier", "kind")
    def _onchange_tier(self):
        if self.kind == "periodic":
            self.period_months = TIER_PERIOD_MONTHS.get(self.tier, 12)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("period_months"):
                vals["period_months"] = TIER_PERIOD_MONTHS.get(vals.get("tier"), 12)
        return super().create(vals_list)

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
        skipped = {"no_email": 0, "opt_out": 0, "quiet": 0}
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
            if (partner.id, key) in done or (partner.id, key) in seen:
                continue
            seen.add((partner.id, key))
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

    def _survey_url(self, token):
        base = self.survey_id.get_base_url()
        return "%s%s?answer_token=%s" % (base, self.survey_id.get_start_url(), token)

    def _texts(self, contact, reminder=False):
        """(subject, body) of the invitation or reminder in the contact's language."""
        campaign = self.with_context(lang=contact.lang or self.env.lang)
        if reminder:
            return campaign.reminder_subject, campaign.reminder_body_html
        return campaign.subject, campaign.body_html

    def _mail_values(self, contact, token, subject, body):
        url = self._survey_url(token)
        body = (body or "").replace("__URL__", tools.html_escape(url)).replace(
            "__NAME__", tools.html_escape(contact.name or ""))
        return {
            "subject": subject,
            "body_html": body,
            "email_to": tools.formataddr((contact.name or "", contact.email)),
            "email_from": self.company_id.email and tools.formataddr(
                (self.company_id.name, self.company_id.email)) or False,
            "auto_delete": True,
            "logistics_campaign_id": self.id,
        }

    def action_run(self):
        """Send what is due now: new invitations, then reminders. Returns the number sent."""
        now = fields.Datetime.now()
        total = 0
        for campaign in self:
            if not campaign.active:
                continue
            to_send, skipped = campaign._filter_targets(campaign._due_targets(now), now)
            sent = campaign._send_invitations(to_send, now)
            reminded = campaign._send_reminders(now)
            campaign.write({
                "last_run": now, "last_sent": sent, "last_reminded": reminded,
                "last_skipped_no_email": skipped["no_email"], "last_skipped_opt_out": skipped["opt_out"],
                "last_skipped_quiet": skipped["quiet"],
            })
            if campaign._autocommit():
                self.env.cr.commit()  # pylint: disable=invalid-commit  # batches: sent mails kept
            _logger.info("Survey campaign %s: %d invitations, %d reminders, skipped %s",
                         campaign.name, sent, reminded, skipped)
            total += sent
        return total

    def _send_invitations(self, to_send, now):
        """Queue one invitation per (customer, contact, key): the survey answers
        (``survey.user_input`` with partner, token and deadline) and their mails
        are created a batch at a time (two INSERTs per batch, not per recipient);
        the cron commits after each batch."""
        self.ensure_one()
        survey = self.survey_id.sudo()
        UserInput = self.env["survey.user_input"].sudo()
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
        texts = {}  # language: (subject, body), one read per language
        for start in range(0, len(to_send), batch_size):
            batch = to_send[start:start + batch_size]
            inputs = UserInput.create([dict(
                common, partner_id=contact.id, customer_id=partner.id, email=contact.email,
                nickname=contact.name, campaign_key=key) for partner, contact, key in batch])
            mail_values = []
            for (_partner, contact, _key), user_input in zip(batch, inputs, strict=True):
                lang = contact.lang or self.env.lang
                if lang not in texts:
                    texts[lang] = self._texts(contact)
                mail_values.append(self._mail_values(contact, user_input.access_token, *texts[lang]))
            Mail.create(mail_values)
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
        texts = {}
        for start in range(0, len(inputs), batch_size):
            batch = inputs[start:start + batch_size]
            mail_values = []
            for user_input in batch:
                contact = user_input.partner_id
                if not contact.email or contact.is_blacklisted or user_input.customer_id.survey_opt_out:
                    continue
                lang = contact.lang or self.env.lang
                if lang not in texts:
                    texts[lang] = self._texts(contact, reminder=True)
                mail_values.append(self._mail_values(contact, user_input.access_token, *texts[lang]))
            Mail.create(mail_values)
            reminded += len(mail_values)
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
            })
            if index == len(partner_xmlids) - 1:
                continue  # left open: visible on the portal's /my/surveys
            answered = now - timedelta(days=30 * (index % 6) + rnd.randint(0, 20))  # over half a year
            lines = []
            for question in questions:
                if question.is_nps:
                    lines.append(Command.create({"question_id": question.id, "answer_type": "numerical_box",
                                                 "value_numerical_box": rnd.choice([6, 7, 8, 9, 9, 10])}))
                elif question.criterion_id:
                    lines.append(Command.create({"question_id": question.id, "answer_type": "numerical_box",
                                                 "value_numerical_box": rnd.choice([3, 4, 4, 5])}))
            user_input.write({"user_input_line_ids": lines, "state": "done",
                              "end_datetime": answered, "date_done": answered})
        return True
