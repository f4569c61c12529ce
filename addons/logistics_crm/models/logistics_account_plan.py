from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import selection_labels

# the activity the approvers of a submitted plan get (data/mail_activity_type_data.xml)
APPROVAL_ACTIVITY = "logistics_crm.mail_activity_plan_approval"
# what an approval approves: changing it sends the plan back through approval
PLAN_CONTENT = ("partner_id", "user_id", "company_id", "year", "half", "situation", "challenges",
                "strategy")  # objectives check their own changes


class LogisticsAccountPlan(models.Model):
    _name = "logistics.account.plan"
    _description = "Key-account relationship plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "logistics.workflow.mixin", "logistics.approval.mixin"]
    _approval_activity = APPROVAL_ACTIVITY  # submitted: each approver's to-do
    _order = "date_start desc, id desc"
    # set by the buttons only (logistics.workflow.mixin)
    _workflow_fields = ("state", "approved_by_id", "approved_date", "reject_reason")
    _workflow_initial = {"state": "draft"}

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner", string="Key account", required=True, index=True, tracking=True,
        domain=[("is_company", "=", True), ("customer_rank", ">", 0)])
    user_id = fields.Many2one(
        "res.users", string="Account manager", required=True, index=True,
        default=lambda self: self.env.user, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    year = fields.Integer(required=True, default=lambda self: date.today().year, tracking=True)
    half = fields.Selection([("h1", "First half (Jan-Jun)"), ("h2", "Second half (Jul-Dec)")],
                            required=True, default=lambda self: "h1" if date.today().month <= 6 else "h2",
                            tracking=True)
    date_start = fields.Date(compute="_compute_dates", store=True, index=True)
    date_end = fields.Date(compute="_compute_dates", store=True, index=True)
    objective_ids = fields.One2many("logistics.account.plan.objective", "plan_id", string="Objectives", copy=True)
    progress = fields.Float("Progress %", compute="_compute_progress", store=True)
    situation = fields.Html("Customer situation")
    challenges = fields.Html()
    strategy = fields.Html()
    state = fields.Selection([
        ("draft", "Draft"), ("submitted", "Submitted"),
        ("approved", "Approved"), ("rejected", "Rejected"),
    ], default="draft", required=True, index=True, tracking=True, copy=False)
    reject_reason = fields.Text(copy=False, tracking=True, readonly=True)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_date = fields.Datetime(readonly=True, copy=False)

    @api.model
    def _half_year_bounds(self, day):
        day = fields.Date.to_date(day)
        if day.month <= 6:
            return date(day.year, 1, 1), date(day.year, 6, 30)
        return date(day.year, 7, 1), date(day.year, 12, 31)

    @api.depends("year", "half")
    def _compute_dates(self):
        for plan in self:
            if plan.year and plan.half and 1 <= plan.year <= 9999:
                plan.date_start, plan.date_end = self._half_year_bounds(
                    date(plan.year, 1 if plan.half == "h1" else 7, 1))
            else:
                plan.date_start = plan.date_end = False

    @api.depends("partner_id", "year", "half")
    def _compute_name(self):
        for plan in self:
            plan.name = "%s %s %s" % (plan.partner_id.name or "", plan.year or "", (plan.half or "").upper())

    @api.depends("objective_ids.progress", "objective_ids.status")
    def _compute_progress(self):
        for plan in self:
            objectives = plan.objective_ids.filtered(lambda o: o.status != "dropped")
            plan.progress = (sum(objectives.mapped("progress")) / len(objectives)) if objectives else 0.0

    @api.constrains("year")
    def _check_year(self):
        for plan in self:
            if not 2000 <= plan.year <= 2100:
                raise ValidationError(_("The plan year %s is not plausible.", plan.year))

    @api.constrains("partner_id", "date_start", "date_end", "state")
    def _check_overlap(self):
        for plan in self:
            if plan.state == "rejected":
                continue
            other = self.sudo().search([
                ("id", "!=", plan.id), ("partner_id", "=", plan.partner_id.id),
                ("state", "!=", "rejected"),
                ("date_start", "<=", plan.date_end), ("date_end", ">=", plan.date_start)], limit=1)
            if other:
                raise ValidationError(_("%(customer)s already has an account plan for this period (%(plan)s).",
                                        customer=plan.partner_id.display_name, plan=other.name))

    # ---- an approval approves this content ------------------------------------
    def _check_content_change(self):
        """An approved plan is changed only after Revise (back to draft, to be
        approved again): what was approved is what stays approved."""
        if self.env.su:
            return
        approved = self.filtered(lambda plan: plan.state == "approved")
        if approved:
            raise UserError(_("Plan %s is approved: click Revise to change it; it then needs approval again.",
                              approved[0].name))

    def write(self, vals):
        if set(vals) & set(PLAN_CONTENT):
            self._check_content_change()
        return super().write(vals)

    # ---- workflow guard (logistics.workflow.mixin) ------------------------------
    def _workflow_refusal(self):
        return _("Account plans are submitted, approved and rejected with their buttons: "
                 "%s cannot be changed directly.")

    def _check_state(self, *states):
        labels = selection_labels(self, "state")
        for plan in self:
            if plan.state not in states:
                raise UserError(_("Plan %(plan)s is %(state)s: this step is not possible.",
                                  plan=plan.name, state=labels[plan.state]))

    def action_submit(self):
        self._check_state("draft", "rejected")
        for plan in self:
            if not plan.objective_ids:
                raise UserError(_("Add at least one objective before submitting plan %s.", plan.name))
        self._workflow_write({"state": "submitted", "reject_reason": False})
        self._schedule_approval_activities()
        return True

    # ---- approval activities (logistics.approval.mixin) ----------------------------
    def _approvers(self):
        """Never the plan's own account manager or author (as :meth:`_check_approver` decides)."""
        return super()._approvers() - self.user_id - self.create_uid

    def _check_approver(self):
        if not self.env.user.has_group("logistics_crm.group_service_manager"):
            raise UserError(_("Only Service Managers can approve or reject account plans."))
        for plan in self:
            if self.env.user in (plan.user_id | plan.create_uid):
                raise UserError(_("You cannot approve or reject your own plan (%s).", plan.name))

    def action_approve(self):
        self._check_state("submitted")
        self._check_approver()
        self._workflow_write({"state": "approved", "approved_by_id": self.env.uid,
                              "approved_date": fields.Datetime.now()})
        self._close_approval_activities()
        self.env["mail.activity"].sudo().search([
            ("res_model", "=", "res.partner"), ("res_id", "in", self.partner_id.ids),
            ("activity_type_id", "=", self.env.ref("logistics_crm.mail_activity_account_plan").id),
        ]).action_feedback()
        return True

    def action_reject(self):
        """Ask for the reason (as Odoo's own addons ask for a lost reason)."""
        self._check_state("submitted")
        self._check_approver()
        action = self.env["ir.actions.act_window"]._for_xml_id("logistics_crm.logistics_plan_reject_wizard_action")
        action["context"] = {"default_plan_ids": self.ids}
        return action

    def _reject(self, reason):
        """Reject with ``reason`` (the wizard's step, after its checks)."""
        self._check_state("submitted")
        self._check_approver()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason for rejecting plan %s.", self[:1].name))
        self._workflow_write({"state": "rejected", "reject_reason": reason})
        self._close_approval_activities(done=False)
        return True

    def action_draft(self):
        self._check_state("rejected")
        self._workflow_write({"state": "draft"})
        return True

    def action_revise(self):
        """An approved plan back to draft, to change it and have it approved again."""
        self._check_state("approved")
        self._workflow_write({"state": "draft", "approved_by_id": False, "approved_date": False})
        return True

    # ---- reminders --------------------------------------------------------------
    @api.model
    def _cron_plan_reminders(self):
        """Remind the managers of key accounts without an approved plan this half-year."""
        partners = self.env["res.partner"].sudo().search([
            ("plan_missing", "=", True), ("customer_rank", ">", 0), ("account_manager_id", "!=", False)])
        activity_type = self.env.ref("logistics_crm.mail_activity_account_plan")
        Care = self.env["logistics.customer.care"]
        existing = Care._open_activity_keys(activity_type, partners)
        todo = [(p, activity_type, p.account_manager_id, None)
                for p in partners if (p.id, activity_type.id) not in existing]
        return Care._schedule_activities(todo)
