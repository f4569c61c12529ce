from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

from ..tools import TIERS, sql_rows

# the SQL of the ranking, importable from here as in Odoo 11 (the engine owns it), and
# the rules a single partner is computed with (the engine's own, see there)
from .logistics_tier_engine import (  # noqa: F401
    KEY_ACCOUNT_SQL,
    LIFECYCLE_SQL,
    NEXT_VISIT_SQL,
    RANKED_CUSTOMER_SQL,
    TIER_RANKING_SQL,
)

# refresh cadence of the customer archive (客户档案), in months
REVIEW_ITEMS = {
    "basic": ("basic_info_reviewed_on", 3),
    "business": ("business_info_reviewed_on", 1),
    "needs": ("needs_reviewed_on", 6),
}

# internal key-account data: employees only (portal users have RPC too)
EMPLOYEES = "base.group_user"


class ResPartner(models.Model):
    # the customer guard: a customer's domains reach only what it may read (the
    # partner's tier history, visits, plans are employees' fields), its messages stay
    _name = "res.partner"
    _inherit = ["logistics.customer.thread.guard", "res.partner"]  # the guard first: before mail.thread

    # ---- key-account profile -------------------------------------------------
    customer_tier = fields.Selection(
        TIERS, string="Tier", index=True, copy=False, tracking=True, groups=EMPLOYEES,
        help="A/B/C class by contribution (80/20 rule), recomputed nightly; "
             "a locked tier is kept as set.")
    tier_computed = fields.Selection(
        TIERS, string="Computed tier", readonly=True, copy=False, groups=EMPLOYEES,
        help="The tier the contribution ranking gives, whatever the override.")
    tier_locked = fields.Boolean(
        "Tier locked", copy=False, tracking=True, groups=EMPLOYEES,
        help="Manual override: the automatic tiering keeps this customer's tier.")
    tier_lock_reason = fields.Char("Override reason", copy=False, groups=EMPLOYEES)
    tier_date = fields.Datetime("Tier changed on", readonly=True, copy=False, groups=EMPLOYEES)
    tier_history_ids = fields.One2many("logistics.tier.history", "partner_id", readonly=True, groups=EMPLOYEES)
    is_key_account = fields.Boolean(
        "Key account", compute="_compute_is_key_account", store=True, index=True, groups=EMPLOYEES,
        help="Tier A, or a customer of industry influence whatever its revenue.")
    industry_influence = fields.Boolean(
        "Industry influence", tracking=True, groups=EMPLOYEES,
        help="A group with high standing in its industry (行业地位/影响力): "
             "a key account whatever its revenue.")
    key_account_scope = fields.Selection([
        ("regional", "Regional"), ("national", "National"),
        ("global", "Global"), ("industry", "Industry"),
    ], string="Scope", groups=EMPLOYEES)
    cooperation_depth = fields.Selection([
        ("transactional", "Transactional"), ("preferred", "Preferred"),
        ("partner", "Partner"), ("strategic", "Strategic"),
    ], string="Cooperation depth", groups=EMPLOYEES)
    project_type = fields.Selection([
        ("government", "Government project"), ("industry", "Industry project"),
        ("enterprise", "Enterprise project"), ("capital", "Capital operation"),
        ("reciprocity", "Product reciprocity"), ("alliance", "Strategic alliance"),
    ], string="Project type", groups=EMPLOYEES)
    account_manager_id = fields.Many2one(
        "res.users", string="Account manager", index=True, tracking=True, groups=EMPLOYEES,
        domain=[("share", "=", False)])
    account_team_ids = fields.One2many("logistics.account.team.member", "partner_id", string="Account team",
                                       groups=EMPLOYEES)

    # ---- contribution (the engine's ranking, logistics.customer.ranking) -------
    contribution_currency_id = fields.Many2one(
        "res.currency", compute="_compute_contribution_currency_id", groups=EMPLOYEES)
    contribution_12m = fields.Monetary(
        "Contribution (12 months)", currency_field="contribution_currency_id",
        compute="_compute_contribution", groups=EMPLOYEES,
        help="Posted customer invoices minus refunds over the tiering period, "
             "untaxed, in company currency.")
    contribution_share = fields.Float("Share %", digits=(5, 2), compute="_compute_contribution",
                                      groups=EMPLOYEES)
    contribution_cumulative_share = fields.Float("Cumulative share %", digits=(5, 2),
                                                 compute="_compute_contribution", groups=EMPLOYEES)
    contribution_rank = fields.Integer("Contribution rank", compute="_compute_contribution", groups=EMPLOYEES)
    last_invoice_date = fields.Date(readonly=True, copy=False, groups=EMPLOYEES)

    # ---- lifecycle -------------------------------------------------------------
    lifecycle = fields.Selection([
        ("potential", "Potential"), ("active", "Active"),
        ("dormant", "Dormant"), ("lost", "Lost"),
    ], readonly=True, copy=False, index=True, groups=EMPLOYEES,
        help="From invoicing activity: potential (never invoiced), active, dormant, "
             "lost (no invoice for a year, or marked lost with a reason).")
    lost_reason_id = fields.Many2one("logistics.lost.reason", string="Lost reason",
                                     copy=False, tracking=True, groups=EMPLOYEES)
    lost_note = fields.Text("Why the customer left", copy=False, groups=EMPLOYEES)

    # ---- credit (资信) ----------------------------------------------------------
    credit_rating = fields.Selection([
        ("aaa", "AAA"), ("aa", "AA"), ("a", "A"), ("b", "B"), ("c", "C"),
    ], string="Credit rating", groups=EMPLOYEES)
    credit_review_date = fields.Date("Credit reviewed on", groups=EMPLOYEES)

    # ---- customer archive freshness (客户档案) -----------------------------------
    basic_info_reviewed_on = fields.Date("Basic info reviewed on", groups=EMPLOYEES)
    business_info_reviewed_on = fields.Date("Business info reviewed on", groups=EMPLOYEES)
    needs_reviewed_on = fields.Date("Needs & evaluation reviewed on", groups=EMPLOYEES)
    review_due = fields.Boolean(
        "Profile review due", compute="_compute_review_due", search="_search_review_due", groups=EMPLOYEES,
        help="Basic info is reviewed quarterly, business info monthly, needs and "
             "evaluation half-yearly.")
    review_due_items = fields.Char("Reviews due", compute="_compute_review_due", groups=EMPLOYEES)

    # ---- customer care ------------------------------------------------------------
    birthday = fields.Date(groups=EMPLOYEES)
    last_birthday_greeting_year = fields.Integer(readonly=True, copy=False, groups=EMPLOYEES)
    cooperation_start_date = fields.Date("Cooperation since", groups=EMPLOYEES)
    key_date_ids = fields.One2many("logistics.partner.key.date", "partner_id", string="Key dates",
                                   groups=EMPLOYEES)

    # ---- visits ---------------------------------------------------------------------
    visit_ids = fields.One2many("logistics.visit", "partner_id", string="Visits", groups=EMPLOYEES)
    visit_count = fields.Integer(compute="_compute_visit_count", groups=EMPLOYEES)
    last_visit_date = fields.Datetime(compute="_compute_last_visit_date", store=True, copy=False,
                                      groups=EMPLOYEES)
    next_visit_date = fields.Date(
        "Next visit due", compute="_compute_next_visit_date", store=True, copy=False, groups=EMPLOYEES,
        help="Last visit plus the visit cadence of the tier.")
    visit_overdue = fields.Boolean(compute="_compute_visit_overdue", search="_search_visit_overdue",
                                   groups=EMPLOYEES)

    # ---- plans ------------------------------------------------------------------------
    account_plan_ids = fields.One2many("logistics.account.plan", "partner_id", string="Account plans",
                                       groups=EMPLOYEES)
    account_plan_count = fields.Integer(compute="_compute_account_plan_count", groups=EMPLOYEES)
    plan_missing = fields.Boolean(
        "No approved plan", compute="_compute_plan_missing", search="_search_plan_missing", groups=EMPLOYEES,
        help="Key account without an approved plan for the current half-year.")

    # ------------------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------------------
    @api.depends("customer_tier", "industry_influence")
    def _compute_is_key_account(self):
        # the tiering engine's rule (KEY_ACCOUNT_SQL), evaluated on these partners' values
        values = sql_rows(
            self.env.cr, [KEY_ACCOUNT_SQL.format(tier="p.customer_tier", influence="p.industry_influence")],
            [("customer_tier", "varchar"), ("industry_influence", "bool")],
            [(partner.customer_tier or None, partner.industry_influence) for partner in self])
        for partner, (is_key_account,) in zip(self, values, strict=True):
            partner.is_key_account = is_key_account

    def _compute_contribution(self):
        ids = [partner._origin.id for partner in self if partner._origin.id]
        rows = {}
        if ids:
            rows = {row["partner_id"][0]: row for row in self.env["logistics.customer.ranking"].sudo().search_read(
                [("partner_id", "in", ids)], ["partner_id", "contribution", "share", "cumulative_share", "rank"])}
        for partner in self:
            row = rows.get(partner._origin.id, {})
            partner.contribution_12m = row.get("contribution", 0.0)
            partner.contribution_share = row.get("share", 0.0)
            partner.contribution_cumulative_share = row.get("cumulative_share", 0.0)
            partner.contribution_rank = row.get("rank", 0)

    def _compute_contribution_currency_id(self):
        currency = self.env.company.currency_id
        for partner in self:
            partner.contribution_currency_id = currency

    @api.depends("visit_ids.state", "visit_ids.date_start")
    def _compute_last_visit_date(self):
        for partner in self:
            done = [v.date_start for v in partner.sudo().visit_ids if v.state == "done"]
            partner.last_visit_date = max(done) if done else False

    @api.depends("last_visit_date", "customer_tier", "create_date")
    def _compute_next_visit_date(self):
        # the tiering engine's rule (NEXT_VISIT_SQL), evaluated on these partners' values;
        # a partner not saved yet counts from today
        today = datetime.combine(fields.Date.context_today(self), time.min)
        values = sql_rows(
            self.env.cr, [NEXT_VISIT_SQL.format(tier="p.customer_tier")],
            [("customer_tier", "varchar"), ("last_visit_date", "timestamp"), ("create_date", "timestamp")],
            [(partner.customer_tier or None, partner.last_visit_date or None, partner.create_date or today)
             for partner in self], self.env["logistics.tier.engine"]._rule_params())
        for partner, (next_visit_date,) in zip(self, values, strict=True):
            partner.next_visit_date = next_visit_date

    def _compute_visit_overdue(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.visit_overdue = bool(partner.next_visit_date and partner.next_visit_date < today)

    def _search_visit_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on 'visit overdue'."))
        today = fields.Date.context_today(self)
        overdue = ["&", ("next_visit_date", "!=", False), ("next_visit_date", "<", today)]
        if (operator == "=") == value:
            return overdue
        return ["|", ("next_visit_date", "=", False), ("next_visit_date", ">=", today)]

    def _review_due_items(self, today=None):
        today = today or fields.Date.context_today(self)
        items = []
        for key, (field, months) in REVIEW_ITEMS.items():
            value = self[field]
            if not value or value + relativedelta(months=months) <= today:
                items.append(key)
        return sorted(items)

    @api.depends("basic_info_reviewed_on", "business_info_reviewed_on", "needs_reviewed_on")
    def _compute_review_due(self):
        labels = {"basic": _("basic info"), "business": _("business info"), "needs": _("needs & evaluation")}
        for partner in self:
            items = partner._review_due_items() if partner.is_company else []
            partner.review_due = bool(items)
            partner.review_due_items = ", ".join(labels[i] for i in items)

    def _search_review_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on 'profile review due'."))
        today = fields.Date.context_today(self)
        due = expression.OR([
            ["|", (field, "=", False), (field, "<=", today - relativedelta(months=months))]
            for field, months in REVIEW_ITEMS.values()])
        due = expression.AND([[("is_company", "=", True)], due])
        if (operator == "=") == value:
            return due
        return ["!"] + expression.normalize_domain(due)

    def _compute_visit_count(self):
        counts = dict(self.env["logistics.visit"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        for partner in self:
            partner.visit_count = counts.get(partner._origin, 0)

    def _compute_account_plan_count(self):
        counts = dict(self.env["logistics.account.plan"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        for partner in self:
            partner.account_plan_count = counts.get(partner._origin, 0)

    def _compute_plan_missing(self):
        Plan = self.env["logistics.account.plan"]
        start, end = Plan._half_year_bounds(fields.Date.context_today(self))
        approved = set(Plan.sudo().search([
            ("partner_id", "in", self.ids), ("state", "=", "approved"),
            ("date_start", "<=", end), ("date_end", ">=", start)]).partner_id.ids)
        for partner in self:
            partner.plan_missing = partner.is_key_account and partner.id not in approved

    def _search_plan_missing(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on 'no approved plan'."))
        Plan = self.env["logistics.account.plan"]
        start, end = Plan._half_year_bounds(fields.Date.context_today(self))
        Plan.flush_model(["state", "date_start", "date_end", "partner_id"])
        self.env.cr.execute("""
            SELECT DISTINCT partner_id FROM logistics_account_plan
             WHERE state = 'approved' AND date_start <= %s AND date_end >= %s
        """, (end, start))
        covered = [r[0] for r in self.env.cr.fetchall()]
        missing = ["&", ("is_key_account", "=", True), ("id", "not in", covered)]
        if (operator == "=") == value:
            return missing
        return ["|", ("is_key_account", "=", False), ("id", "in", covered)]

    # ------------------------------------------------------------------------------
    # constraints & overrides
    # ------------------------------------------------------------------------------
    @api.constrains("tier_locked", "tier_lock_reason", "customer_tier")
    def _check_tier_lock(self):
        for partner in self:
            if partner.tier_locked and not (partner.tier_lock_reason or "").strip():
                raise ValidationError(_("A locked tier needs a reason (customer %s).", partner.display_name))
            if partner.tier_locked and not partner.customer_tier:
                raise ValidationError(_("Choose the tier to lock for customer %s.", partner.display_name))

    @api.constrains("lifecycle", "lost_reason_id", "lost_note")
    def _check_lost_reason(self):
        for partner in self:
            if partner.lost_note and not partner.lost_reason_id:
                raise ValidationError(_("Choose a lost reason for customer %s.", partner.display_name))

    def _is_service_manager(self):
        return self.env.user.has_group("logistics_crm.group_service_manager")

    def _check_account_manager_change(self, new_manager_id):
        """Accounts are assigned by Service Managers: others may not take over (or
        hand out) a customer by writing its account manager, which would open its
        visits, plans and complaints to them. New customers get theirs on create."""
        if self.env.su or self._is_service_manager():
            return
        if any(partner.account_manager_id.id != (new_manager_id or False) for partner in self.sudo()):
            raise AccessError(_("Only Service Managers can assign a customer to an account manager."))

    # ---- whose a partner is: moving a contact or a company between customers ----
    def _foreign_accounts(self, accounts):
        """The customers among ``accounts`` (commercial partners with a customer rank or
        an account manager) the user may not hand over: all but their own accounts, none
        for a Service Manager. Moving a company under one's own account, or another
        account's contact into it, or giving portal access to another account's contact,
        would open that customer's complaints, shipments, statements and plans."""
        if self.env.su or self._is_service_manager():
            return self.browse()
        return accounts.sudo().filtered(
            lambda p: (p.customer_rank > 0 or p.account_manager_id) and p.account_manager_id != self.env.user)

    def _account_profile_fields(self):
        """A customer's key-account profile: changed by its account manager or a Service
        Manager only (industry influence makes it a key account; other addons add theirs)."""
        return {"credit_rating", "credit_review_date", "industry_influence"}

    def _check_account_profile(self, vals):
        names = self._account_profile_fields() & set(vals)
        foreign = names and self._foreign_accounts(self.commercial_partner_id)
        if foreign:
            labels = ", ".join(sorted(self._fields[name]._description_string(self.env) for name in names))
            raise AccessError(_("Only the account manager of %(customers)s or a Service Manager can change %(fields)s.",
                                customers=", ".join(foreign.mapped("display_name")), fields=labels))

    def _check_account_move(self, accounts):
        foreign = self._foreign_accounts(accounts)
        if foreign:
            raise AccessError(_("Only a Service Manager, or the account manager of both customers, can move a "
                                "contact or a company between customers (%s).",
                                ", ".join(foreign.mapped("display_name"))))

    def _logistics_tz(self):
        """The time zone a person reads times in: its own, else its company's (the
        customer's), else ours (``res.company._logistics_tz``). One rule for pages, mails,
        PDFs and chatter (a user without a time zone gets it in its context too)."""
        self.ensure_one()
        partner = self.sudo()
        return (partner.tz or partner.commercial_partner_id.tz
                or (partner.company_id or self.env.company)._logistics_tz())

    def _account_moved(self, before):
        """``self`` (sudo) changed commercial partner (``before``: id -> old one). The
        portal access of their users follows at once: record rules name the user's
        commercial partner and Odoo caches them per user."""
        if self.with_context(active_test=False).user_ids:
            self.env.registry.clear_cache()

    def write(self, vals):
        if ({"customer_tier", "tier_locked", "tier_lock_reason"} & set(vals)
                and not self.env.su and not self._is_service_manager()):
            raise AccessError(_("Only Service Managers can override a customer's tier."))
        if "account_manager_id" in vals:
            self._check_account_manager_change(vals["account_manager_id"])
        self._check_account_profile(vals)
        moving = {"parent_id", "is_company", "commercial_partner_id"} & set(vals)
        if moving:  # the contacts move with their company
            family = self.sudo().with_context(active_test=False).search([("id", "child_of", self.ids)])
            before = {partner.id: partner.commercial_partner_id for partner in family}
        tracked = "customer_tier" in vals
        old = {p.id: p.customer_tier for p in self} if tracked else {}
        res = super().write(vals)
        if tracked:
            history = [{"partner_id": p.id, "old_tier": old[p.id], "new_tier": p.customer_tier,
                        "contribution": p.contribution_12m, "source": "manual"}
                       for p in self if old[p.id] != p.customer_tier]
            if history:
                self.env["logistics.tier.history"].sudo().create(history)
        if "lost_reason_id" in vals:
            self._refresh_lifecycle()
        if moving:
            moved = family.filtered(lambda p: p.commercial_partner_id != before[p.id])
            if moved:
                self._check_account_move(moved.commercial_partner_id.union(*(before[p.id] for p in moved)))
                moved._account_moved(before)
        return res

    def _refresh_lifecycle(self):
        for partner, lifecycle in zip(self, self._lifecycles([p.last_invoice_date for p in self]), strict=True):
            partner.lifecycle = lifecycle

    def _lifecycles(self, last_invoice_dates):
        """The lifecycle of each partner of ``self`` whose last invoice is the date at the
        same place in ``last_invoice_dates``: the tiering engine's rule (LIFECYCLE_SQL)."""
        values = sql_rows(self.env.cr, [LIFECYCLE_SQL.format(lost_reason="p.lost_reason_id",
                                                             last_invoice="p.last_invoice")],
                          [("lost_reason_id", "int4"), ("last_invoice", "date")],
                          [(partner.lost_reason_id.id or None, last_invoice or None)
                           for partner, last_invoice in zip(self, last_invoice_dates, strict=True)],
                          self.env["logistics.tier.engine"]._rule_params())
        return [lifecycle for (lifecycle,) in values]

    @api.model
    def _auto_lost_reason(self):
        """The lost reason the lifecycle engine gives the customers lost by inactivity."""
        return (self.env.ref("logistics_crm.lost_reason_no_business", raise_if_not_found=False)
                or self.env["logistics.lost.reason"])

    def _lifecycle_for(self, last_invoice_date):
        """The lifecycle of this partner if its last invoice were ``last_invoice_date``."""
        self.ensure_one()
        return self._lifecycles([last_invoice_date])[0]

    # ------------------------------------------------------------------------------
    # the tiering engine's public entry points (logistics.tier.engine does the work)
    # ------------------------------------------------------------------------------
    @api.model
    def compute_customer_tiers(self, company_id=None, date_to=None):
        """Recompute contribution, share, rank, tier, key-account flag and
        lifecycle of every customer in one set-based pass (window functions).

        Contribution = posted customer invoices minus refunds (untaxed, company
        currency) dated within the period ending ``date_to`` (default today).
        Customers are ranked by contribution; a customer is A while the share
        of the customers ranked before it is below the A threshold (so the one
        crossing the line is A), B below the B threshold, C otherwise. Ties share
        a rank and a tier; zero or negative contribution is always C; a locked
        tier is kept. Tier changes are kept as history and noted in the chatter,
        in the name of the user who asked. Service Managers only (also over RPC).
        Returns the number of customers whose tier changed.
        """
        if not self.env.su and not self._is_service_manager():
            raise AccessError(_("Only Service Managers can recompute the customer tiers."))
        company = self.env.company
        if company_id:
            company = self.env["res.company"].browse(int(company_id)).exists()
            if not company or (not self.env.su and company not in self.env.user.company_ids):
                raise AccessError(_("You cannot recompute the tiers of a company you do not work for."))
        return self.env["logistics.tier.engine"]._run(company, date_to)

    # ------------------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------------------
    def action_recompute_tiers(self):
        """Recompute now, as the Service Manager who asked (author of the notes)."""
        self.compute_customer_tiers()
        return {"type": "ir.actions.client", "tag": "reload"}

    def action_mark_reviewed(self):
        """Mark the due profile reviews as done today."""
        today = fields.Date.context_today(self)
        for partner in self:
            vals = {REVIEW_ITEMS[item][0]: today for item in partner._review_due_items()}
            if vals:
                partner.write(vals)
        self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "in", self.ids),
            ("activity_type_id", "in", self.env["logistics.customer.care"]._review_activity_types().ids),
        ]).action_feedback()
        return True

    def action_view_visits(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("logistics_crm.logistics_visit_action")
        action["domain"] = [("partner_id", "child_of", self.ids)]
        action["context"] = {"default_partner_id": self[:1].id, "search_default_planned": 0}
        return action

    def action_view_account_plans(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("logistics_crm.logistics_account_plan_action")
        action["domain"] = [("partner_id", "in", self.ids)]
        action["context"] = {"default_partner_id": self[:1].id}
        return action
