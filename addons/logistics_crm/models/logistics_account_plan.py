from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .logistics_workflow_mixin import button_text, selection_labels



class LogisticsAccountPlan(models.Model):
    _name = "logistics.account.plan"
    _description = "Key-account relationship plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "logistics.workflow.mixin"]
    _order = "date_start desc, id desc"
    # set by the buttons only (logistics.workflow.mixin)
    _workflow_fields = ("state", "approved_by_id", "approved_date")
    _workflow_initial = {"state": "draft"}

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner", string="Key account", required=True, index=True, track_visibility="onchange",
        domain=[("is_company", "=", True), ("customer", "=", True)],
        readonly=True, states={"draft": [("readonly", False)], "rejected": [("readonly", False)]})
    user_id = fields.Many2one(
        "res.users", string="Account manager", required=True, index=True,
        default=lambda self: self.env.user, track_visibility="onchange")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.user.company_id)
    year = fields.Integer(required=True, default=lambda self: date.today().year,
                          readonly=True, states={"draft": [("readonly", False)], "rejected": [("readonly", False)]})
    half = fields.Selection([("h1", "First half (Jan-Jun)"), ("h2", "Second half (Jul-Dec)")],
                            required=True, default=lambda self: "h1" if date.today().month <= 6 else "h2",
                            readonly=True, states={"draft": [("readonly", False)], "rejected": [("readonly", False)]})
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
    ], default="draft", required=True, index=True, track_visibility="onchange", copy=False)
    reject_reason = fields.Text(copy=False, track_visibility="onchange")
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_date = fields.Datetime(readonly=True, copy=False)

    @api.model
    def _half_year_bounds(self, day):
        day = fields.Date.from_string(day) if isinstance(day, str) else day
        if day.month <= 6:
            return "%d-01-01" % day.year, "%d-06-30" % day.year
        return "%d-07-01" % day.year, "%d-12-31" % day.year

    @api.depends("year", "half")
    def _compute_dates(self):
        for plan in self:
            if plan.year and plan.half:
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
                raise ValidationError(_("The plan year %s is not plausible.") % plan.year)

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
                raise ValidationError(_("%s already has an account plan for this period (%s).")
                                      % (plan.partner_id.display_name, other.name))

    # ---- workflow guard (logistics.workflow.mixin) ------------------------------
    def _workflow_refusal(self):
        return _("Account plans are submitted, approved and rejected with their buttons: "
                 "%s cannot be changed directly.")

    def _check_state(self, *states):
        for plan in self:
            if plan.state not in states:
                raise UserError(_("Plan %s is %s: this step is not possible.")
                                % (plan.name, selection_labels(self, "state")[plan.state]))

    def action_submit(self):
        self._check_state("draft", "rejected")
        for plan in self:
            if not plan.objective_ids:
                raise UserError(_("Add at least one objective before submitting plan %s.") % plan.name)
        self._workflow_write({"state": "submitted", "reject_reason": False})
        return True

    def _check_approver(self):
        if not self.env.user.has_group("logistics_crm.group_service_manager"):
            raise UserError(_("Only Service Managers can approve or reject account plans."))
        for plan in self:
            if self.env.user in (plan.user_id | plan.create_uid):
                raise UserError(_("You cannot approve or reject your own plan (%s).") % plan.name)

    def action_approve(self):
        self._check_state("submitted")
        self._check_approver()
        self._workflow_write({"state": "approved", "approved_by_id": self.env.uid,
                    "approved_date": fields.Datetime.now()})
        self.env["mail.activity"].sudo().search([
            ("res_model", "=", "res.partner"), ("res_id", "in", self.mapped("partner_id").ids),
            ("activity_type_id", "=", self.env.ref("logistics_crm.mail_activity_account_plan").id),
        ]).action_done()
        return True

    def action_reject(self, reason=None):
        self._check_state("submitted")
        self._check_approver()
        for plan in self:
            reason_text = button_text(reason) or (plan.reject_reason or "").strip()
            if not reason_text:
                raise UserError(_("Give the reason for rejecting plan %s.") % plan.name)
            plan._workflow_write({"state": "rejected", "reject_reason": reason_text})
        return True

    def action_draft(self):
        self._check_state("rejected")
        self._workflow_write({"state": "draft"})
        return True
