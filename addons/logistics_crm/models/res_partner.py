import logging
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import html_escape

from .logistics_partner_key_date import celebrated_month_days

_logger = logging.getLogger(__name__)

TIERS = [("a", "A"), ("b", "B"), ("c", "C")]

# refresh cadence of the customer archive (客户档案), in months
REVIEW_ITEMS = {
    "basic": ("basic_info_reviewed_on", 3),
    "business": ("business_info_reviewed_on", 1),
    "needs": ("needs_reviewed_on", 6),
}

# Who is ranked, for a partner row ``p``: an active commercial customer, not one
# of our own companies nor a colleague (the partner of an internal user).
RANKED_CUSTOMER_SQL = """(p.customer AND p.active AND p.id = p.commercial_partner_id
        AND NOT EXISTS (SELECT 1 FROM res_company co WHERE co.partner_id = p.id)
        AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id AND NOT u.share))"""

# The ranking of the 80/20 rule, one row per customer (see compute_customer_tiers).
TIER_RANKING_SQL = """
WITH invoiced AS (
    SELECT inv.commercial_partner_id AS partner_id,
           SUM(CASE WHEN inv.date_invoice > %(date_from)s AND inv.date_invoice <= %(date_to)s
                    THEN inv.amount_untaxed_signed ELSE 0 END) AS amount,
           MAX(inv.date_invoice) FILTER (WHERE inv.type = 'out_invoice') AS last_invoice
      FROM account_invoice inv
     WHERE inv.type IN ('out_invoice', 'out_refund')
       AND inv.state IN ('open', 'paid')
       AND inv.company_id = %(company_id)s
       AND inv.date_invoice <= %(date_to)s
     GROUP BY inv.commercial_partner_id
), customers AS (
    SELECT p.id AS partner_id,
           COALESCE(i.amount, 0) AS amount,
           GREATEST(COALESCE(i.amount, 0), 0) AS ranked_amount,
           i.last_invoice
      FROM res_partner p
      LEFT JOIN invoiced i ON i.partner_id = p.id
     WHERE """ + RANKED_CUSTOMER_SQL + """
       AND (p.company_id IS NULL OR p.company_id = %(company_id)s)
), ranked AS (
    SELECT c.*,
           SUM(ranked_amount) OVER () AS total,
           -- RANGE framing: tied customers share the cumulative sum
           SUM(ranked_amount) OVER (ORDER BY ranked_amount DESC) AS cumulative,
           SUM(ranked_amount) OVER (PARTITION BY ranked_amount) AS peers,
           RANK() OVER (ORDER BY ranked_amount DESC) AS rank
      FROM customers c
)
SELECT partner_id, amount, last_invoice, rank,
       ROUND(CASE WHEN total > 0 THEN 100.0 * ranked_amount / total ELSE 0 END, 2) AS share,
       ROUND(CASE WHEN total > 0 THEN 100.0 * cumulative / total ELSE 0 END, 2) AS cumulative_share,
       CASE WHEN ranked_amount <= 0 THEN 'c'
            WHEN 100.0 * (cumulative - peers) / total < %(a_pct)s
                 AND ranked_amount >= %(a_floor)s THEN 'a'
            WHEN 100.0 * (cumulative - peers) / total < %(b_pct)s THEN 'b'
            ELSE 'c' END AS tier
  FROM ranked
"""

# next_visit_date of a partner row ``p`` whose tier is the SQL expression {tier}:
# last visit (or creation) + the tier's cadence in days (parameters visit_a/b/c)
NEXT_VISIT_SQL = """(COALESCE(p.last_visit_date, p.create_date)::date
    + (CASE {tier} WHEN 'a' THEN %(visit_a)s WHEN 'b' THEN %(visit_b)s ELSE %(visit_c)s END)
      * INTERVAL '1 day')::date"""

PARAM = "logistics_crm.%s"
DEFAULTS = {
    "tier_a_pct": 80.0,
    "tier_b_pct": 95.0,
    "tier_a_floor": 0.0,
    "tier_period_months": 12,
    "visit_days_a": 30,
    "visit_days_b": 90,
    "visit_days_c": 365,
    "dormant_days": 180,
    "lost_days": 365,
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ---- key-account profile -------------------------------------------------
    customer_tier = fields.Selection(
        TIERS, string="Tier", index=True, copy=False, track_visibility="onchange",
        help="A/B/C class by contribution (80/20 rule), recomputed nightly; "
             "a locked tier is kept as set.")
    tier_computed = fields.Selection(
        TIERS, string="Computed tier", readonly=True, copy=False,
        help="The tier the contribution ranking gives, whatever the override.")
    tier_locked = fields.Boolean(
        "Tier locked", copy=False, track_visibility="onchange",
        help="Manual override: the automatic tiering keeps this customer's tier.")
    tier_lock_reason = fields.Char("Override reason", copy=False)
    tier_date = fields.Datetime("Tier changed on", readonly=True, copy=False)
    tier_history_ids = fields.One2many("logistics.tier.history", "partner_id", readonly=True)
    is_key_account = fields.Boolean(
        "Key account", compute="_compute_is_key_account", store=True, index=True,
        help="Tier A, or a customer of industry influence whatever its revenue.")
    industry_influence = fields.Boolean(
        "Industry influence", track_visibility="onchange",
        help="A group with high standing in its industry (行业地位/影响力): "
             "a key account whatever its revenue.")
    key_account_scope = fields.Selection([
        ("regional", "Regional"), ("national", "National"),
        ("global", "Global"), ("industry", "Industry"),
    ], string="Scope")
    cooperation_depth = fields.Selection([
        ("transactional", "Transactional"), ("preferred", "Preferred"),
        ("partner", "Partner"), ("strategic", "Strategic"),
    ], string="Cooperation depth")
    project_type = fields.Selection([
        ("government", "Government project"), ("industry", "Industry project"),
        ("enterprise", "Enterprise project"), ("capital", "Capital operation"),
        ("reciprocity", "Product reciprocity"), ("alliance", "Strategic alliance"),
    ], string="Project type")
    account_manager_id = fields.Many2one(
        "res.users", string="Account manager", index=True, track_visibility="onchange",
        domain=[("share", "=", False)])
    account_team_ids = fields.One2many("logistics.account.team.member", "partner_id", string="Account team")

    # ---- contribution (written by compute_customer_tiers) ----------------------
    contribution_currency_id = fields.Many2one(
        "res.currency", compute="_compute_contribution_currency_id")
    contribution_12m = fields.Monetary(
        "Contribution (12 months)", currency_field="contribution_currency_id",
        readonly=True, copy=False,
        help="Posted customer invoices minus refunds over the tiering period, "
             "untaxed, in company currency.")
    contribution_share = fields.Float("Share %", digits=(5, 2), readonly=True, copy=False)
    contribution_cumulative_share = fields.Float("Cumulative share %", digits=(5, 2), readonly=True, copy=False)
    contribution_rank = fields.Integer("Rank", readonly=True, copy=False)
    last_invoice_date = fields.Date(readonly=True, copy=False)

    # ---- lifecycle -------------------------------------------------------------
    lifecycle = fields.Selection([
        ("potential", "Potential"), ("active", "Active"),
        ("dormant", "Dormant"), ("lost", "Lost"),
    ], readonly=True, copy=False, index=True,
        help="From invoicing activity: potential (never invoiced), active, dormant, "
             "lost (no invoice for a year, or marked lost with a reason).")
    lost_reason_id = fields.Many2one("logistics.lost.reason", string="Lost reason",
                                     copy=False, track_visibility="onchange")
    lost_note = fields.Text("Why the customer left", copy=False)

    # ---- credit (资信) ----------------------------------------------------------
    credit_rating = fields.Selection([
        ("aaa", "AAA"), ("aa", "AA"), ("a", "A"), ("b", "B"), ("c", "C"),
    ], string="Credit rating")
    credit_review_date = fields.Date("Credit reviewed on")

    # ---- customer archive freshness (客户档案) -----------------------------------
    basic_info_reviewed_on = fields.Date("Basic info reviewed on")
    business_info_reviewed_on = fields.Date("Business info reviewed on")
    needs_reviewed_on = fields.Date("Needs & evaluation reviewed on")
    review_due = fields.Boolean(
        "Profile review due", compute="_compute_review_due", search="_search_review_due",
        help="Basic info is reviewed quarterly, business info monthly, needs and "
             "evaluation half-yearly.")
    review_due_items = fields.Char("Reviews due", compute="_compute_review_due")

    # ---- customer care ------------------------------------------------------------
    birthday = fields.Date("Birthday")
    last_birthday_greeting_year = fields.Integer(readonly=True, copy=False)
    cooperation_start_date = fields.Date("Cooperation since")
    key_date_ids = fields.One2many("logistics.partner.key.date", "partner_id", string="Key dates")

    # ---- visits ---------------------------------------------------------------------
    visit_ids = fields.One2many("logistics.visit", "partner_id", string="Visits")
    visit_count = fields.Integer(compute="_compute_visit_count")
    last_visit_date = fields.Datetime(compute="_compute_last_visit_date", store=True, copy=False)
    next_visit_date = fields.Date(
        "Next visit due", compute="_compute_next_visit_date", store=True, copy=False,
        help="Last visit plus the visit cadence of the tier.")
    visit_overdue = fields.Boolean(compute="_compute_visit_overdue", search="_search_visit_overdue")

    # ---- plans ------------------------------------------------------------------------
    account_plan_ids = fields.One2many("logistics.account.plan", "partner_id", string="Account plans")
    account_plan_count = fields.Integer(compute="_compute_account_plan_count")
    plan_missing = fields.Boolean(
        "No approved plan", compute="_compute_plan_missing", search="_search_plan_missing",
        help="Key account without an approved plan for the current half-year.")

    # ------------------------------------------------------------------------------
    # settings
    # ------------------------------------------------------------------------------
    @api.model
    def _logistics_settings(self):
        """The tiering/cadence settings, validated (ir.config_parameter)."""
        get = self.env["ir.config_parameter"].sudo().get_param
        values = {}
        for key, default in DEFAULTS.items():
            raw = get(PARAM % key)
            try:
                values[key] = type(default)(float(raw)) if raw not in (None, False, "") else default
            except ValueError:
                raise ValidationError(_("The setting %s must be a number, not %r.") % (key, raw))
        self._check_logistics_settings(values)
        return values

    @api.model
    def _check_logistics_settings(self, values):
        a, b = values["tier_a_pct"], values["tier_b_pct"]
        if not (0 < a <= 100 and 0 < b <= 100):
            raise ValidationError(_("Tier thresholds are percentages: they must lie between 0 and 100 "
                                    "(A: %s, B: %s).") % (a, b))
        if a > b:
            raise ValidationError(_("The A threshold (%s %%) cannot be above the B threshold (%s %%).") % (a, b))
        if values["tier_a_floor"] < 0:
            raise ValidationError(_("The revenue floor for tier A cannot be negative."))
        if values["tier_period_months"] < 1:
            raise ValidationError(_("The tiering period must be at least one month."))
        for tier in "abc":
            if values["visit_days_%s" % tier] < 1:
                raise ValidationError(_("The visit cadence of each tier must be at least one day."))
        if not 0 < values["dormant_days"] < values["lost_days"]:
            raise ValidationError(_("A customer must turn dormant before it is lost "
                                    "(dormant after %s days, lost after %s days).")
                                  % (values["dormant_days"], values["lost_days"]))

    # ------------------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------------------
    @api.depends("customer_tier", "industry_influence")
    def _compute_is_key_account(self):
        # compute_customer_tiers() writes the same rule in SQL
        for partner in self:
            partner.is_key_account = partner.customer_tier == "a" or partner.industry_influence

    def _compute_contribution_currency_id(self):
        currency = self.env.user.company_id.currency_id
        for partner in self:
            partner.contribution_currency_id = currency

    @api.depends("visit_ids.state", "visit_ids.date_start")
    def _compute_last_visit_date(self):
        for partner in self:
            done = [v.date_start for v in partner.visit_ids if v.state == "done"]
            partner.last_visit_date = max(done) if done else False

    @api.depends("last_visit_date", "customer_tier", "create_date")
    def _compute_next_visit_date(self):
        settings = self._logistics_settings()
        for partner in self:
            if not partner.customer_tier:
                partner.next_visit_date = False
                continue
            cadence = settings["visit_days_%s" % partner.customer_tier]
            start = partner.last_visit_date or partner.create_date
            start = fields.Datetime.from_string(start).date() if start else fields.Date.from_string(
                fields.Date.context_today(partner))
            partner.next_visit_date = fields.Date.to_string(start + timedelta(days=cadence))

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
        today = today or fields.Date.from_string(fields.Date.context_today(self))
        items = []
        for key, (field, months) in REVIEW_ITEMS.items():
            value = self[field]
            if not value or fields.Date.from_string(value) + relativedelta(months=months) <= today:
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
        today = fields.Date.from_string(fields.Date.context_today(self))
        due = expression.OR([
            ["|", (field, "=", False), (field, "<=", fields.Date.to_string(today - relativedelta(months=months)))]
            for field, months in REVIEW_ITEMS.values()])
        due = expression.AND([[("is_company", "=", True)], due])
        if (operator == "=") == value:
            return due
        return ["!"] + expression.normalize_domain(due)

    def _compute_visit_count(self):
        data = self.env["logistics.visit"].read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["partner_id"])
        counts = {d["partner_id"][0]: d["partner_id_count"] for d in data}
        for partner in self:
            partner.visit_count = counts.get(partner.id, 0)

    def _compute_account_plan_count(self):
        data = self.env["logistics.account.plan"].read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["partner_id"])
        counts = {d["partner_id"][0]: d["partner_id_count"] for d in data}
        for partner in self:
            partner.account_plan_count = counts.get(partner.id, 0)

    def _compute_plan_missing(self):
        Plan = self.env["logistics.account.plan"]
        start, end = Plan._half_year_bounds(fields.Date.context_today(self))
        approved = set(Plan.sudo().search([
            ("partner_id", "in", self.ids), ("state", "=", "approved"),
            ("date_start", "<=", end), ("date_end", ">=", start)]).mapped("partner_id").ids)
        for partner in self:
            partner.plan_missing = partner.is_key_account and partner.id not in approved

    def _search_plan_missing(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on 'no approved plan'."))
        Plan = self.env["logistics.account.plan"]
        start, end = Plan._half_year_bounds(fields.Date.context_today(self))
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
                raise ValidationError(_("A locked tier needs a reason (customer %s).") % partner.display_name)
            if partner.tier_locked and not partner.customer_tier:
                raise ValidationError(_("Choose the tier to lock for customer %s.") % partner.display_name)

    @api.constrains("lifecycle", "lost_reason_id", "lost_note")
    def _check_lost_reason(self):
        for partner in self:
            if partner.lost_note and not partner.lost_reason_id:
                raise ValidationError(_("Choose a lost reason for customer %s.") % partner.display_name)

    def _check_account_manager_change(self, new_manager_id):
        """Accounts are assigned by Service Managers: others may not take over (or
        hand out) a customer by writing its account manager, which would open its
        visits, plans and complaints to them. New customers get theirs on create."""
        if self.env.uid == SUPERUSER_ID or self.env.user.has_group("logistics_crm.group_service_manager"):
            return
        if any(partner.account_manager_id.id != (new_manager_id or False) for partner in self.sudo()):
            raise AccessError(_("Only Service Managers can assign a customer to an account manager."))

    def write(self, vals):
        if ({"customer_tier", "tier_locked", "tier_lock_reason"} & set(vals)
                and self.env.uid != SUPERUSER_ID
                and not self.env.user.has_group("logistics_crm.group_service_manager")):
            raise AccessError(_("Only Service Managers can override a customer's tier."))
        if "account_manager_id" in vals:
            self._check_account_manager_change(vals["account_manager_id"])
        tracked = "customer_tier" in vals
        old = {p.id: p.customer_tier for p in self} if tracked else {}
        res = super(ResPartner, self).write(vals)
        if tracked:
            history = [{"partner_id": p.id, "old_tier": old[p.id], "new_tier": p.customer_tier,
                        "contribution": p.contribution_12m, "source": "manual"}
                       for p in self if old[p.id] != p.customer_tier]
            for values in history:
                self.env["logistics.tier.history"].sudo().create(values)
        if "lost_reason_id" in vals:
            self._refresh_lifecycle()
        return res

    def _refresh_lifecycle(self):
        for partner in self:
            partner.lifecycle = partner._lifecycle_for(partner.last_invoice_date)

    @api.model
    def _auto_lost_reason(self):
        """The lost reason the lifecycle engine gives the customers lost by inactivity."""
        return (self.env.ref("logistics_crm.lost_reason_no_business", raise_if_not_found=False)
                or self.env["logistics.lost.reason"])

    def _lifecycle_for(self, last_invoice_date):
        if self.lost_reason_id and self.lost_reason_id != self._auto_lost_reason():
            return "lost"
        if not last_invoice_date:
            return "potential"
        settings = self._logistics_settings()
        age = (date.today() - fields.Date.from_string(last_invoice_date)).days
        if age > settings["lost_days"]:
            return "lost"
        if age > settings["dormant_days"]:
            return "dormant"
        return "active"

    # ------------------------------------------------------------------------------
    # the tiering engine
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
        tier is kept. Tier changes are kept as history and posted in the chatter.
        Returns the number of customers whose tier changed.
        """
        if self.env.uid != SUPERUSER_ID and not self.env.user.has_group("logistics_crm.group_service_manager"):
            raise AccessError(_("Only Service Managers can recompute the customer tiers."))
        settings = self._logistics_settings()
        company = self.env["res.company"].browse(company_id) if company_id else self.env.user.company_id
        date_to = fields.Date.from_string(date_to or fields.Date.context_today(self))
        date_from = date_to - relativedelta(months=settings["tier_period_months"])
        params = {
            "company_id": company.id,
            "date_from": fields.Date.to_string(date_from),
            "date_to": fields.Date.to_string(date_to),
            "a_pct": settings["tier_a_pct"],
            "b_pct": settings["tier_b_pct"],
            "a_floor": settings["tier_a_floor"],
            "dormant": fields.Date.to_string(date.today() - timedelta(days=settings["dormant_days"])),
            "lost": fields.Date.to_string(date.today() - timedelta(days=settings["lost_days"])),
            "now": fields.Datetime.now(),
            "uid": self.env.uid,
            "auto_lost": self._auto_lost_reason().id or None,
            "visit_a": settings["visit_days_a"], "visit_b": settings["visit_days_b"],
            "visit_c": settings["visit_days_c"],
        }
        cr = self.env.cr
        cr.execute("DROP TABLE IF EXISTS logistics_tier_result")
        cr.execute("CREATE TEMP TABLE logistics_tier_result ON COMMIT DROP AS " + TIER_RANKING_SQL, params)
        # statistics and a key for the joins below (hash joins, not nested loops)
        cr.execute("CREATE UNIQUE INDEX ON logistics_tier_result (partner_id)")
        cr.execute("ANALYZE logistics_tier_result")
        # the tier changes (locked tiers do not change): history and chatter notes
        cr.execute("DROP TABLE IF EXISTS logistics_tier_change")
        cr.execute("""
            CREATE TEMP TABLE logistics_tier_change ON COMMIT DROP AS
            SELECT p.id AS partner_id, p.customer_tier AS old_tier, r.tier AS new_tier, r.amount
              FROM logistics_tier_result r JOIN res_partner p ON p.id = r.partner_id
             WHERE NOT COALESCE(p.tier_locked, FALSE)
               AND p.customer_tier IS DISTINCT FROM r.tier
        """)
        cr.execute("""
            INSERT INTO logistics_tier_history
                   (partner_id, date, old_tier, new_tier, contribution, source, user_id,
                    create_uid, create_date, write_uid, write_date)
            SELECT partner_id, %(now)s, old_tier, new_tier, amount, 'engine', %(uid)s,
                   %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM logistics_tier_change
        """, params)
        changed_count = cr.rowcount
        self._post_tier_changes(params["now"])
        # one UPDATE, touching only the rows whose values change (a nightly rerun
        # rewrites few rows: shares are kept to 2 decimals, as displayed)
        cr.execute("""
            UPDATE res_partner p
               SET contribution_12m = n.amount,
                   contribution_share = n.share,
                   contribution_cumulative_share = n.cumulative_share,
                   contribution_rank = n.rank,
                   last_invoice_date = n.last_invoice,
                   tier_computed = n.tier,
                   customer_tier = n.customer_tier,
                   tier_date = CASE WHEN p.customer_tier IS DISTINCT FROM n.customer_tier
                                    THEN %(now)s ELSE p.tier_date END,
                   is_key_account = n.is_key_account,
                   lifecycle = n.lifecycle,
                   lost_reason_id = n.lost_reason_id,
                   -- the cadence follows the tier: in the same pass, not a second rewrite
                   next_visit_date = CASE WHEN n.customer_tier IS NULL THEN p.next_visit_date
                                          ELSE """ + NEXT_VISIT_SQL.format(tier="n.customer_tier") + """ END
              FROM (
                -- lost by inactivity: the automatic lost reason, removed when the customer is back
                SELECT m.*,
                       CASE WHEN m.lifecycle = 'lost' THEN COALESCE(m.old_lost_reason_id, %(auto_lost)s)
                            WHEN m.old_lost_reason_id = %(auto_lost)s THEN NULL
                            ELSE m.old_lost_reason_id END AS lost_reason_id
                  FROM (
                    SELECT r.*, q.id, q.lost_reason_id AS old_lost_reason_id,
                           CASE WHEN COALESCE(q.tier_locked, FALSE) THEN q.customer_tier ELSE r.tier END AS customer_tier,
                           (CASE WHEN COALESCE(q.tier_locked, FALSE) THEN q.customer_tier ELSE r.tier END) = 'a'
                               OR COALESCE(q.industry_influence, FALSE) AS is_key_account,
                           CASE WHEN q.lost_reason_id IS NOT NULL
                                     AND q.lost_reason_id IS DISTINCT FROM %(auto_lost)s THEN 'lost'
                                WHEN r.last_invoice IS NULL THEN 'potential'
                                WHEN r.last_invoice < %(lost)s THEN 'lost'
                                WHEN r.last_invoice < %(dormant)s THEN 'dormant'
                                ELSE 'active' END AS lifecycle
                      FROM logistics_tier_result r JOIN res_partner q ON q.id = r.partner_id
                  ) m
              ) n
             WHERE p.id = n.partner_id
               AND (p.contribution_12m, p.contribution_share, p.contribution_cumulative_share,
                    p.contribution_rank, p.last_invoice_date, p.tier_computed, p.customer_tier,
                    p.is_key_account, p.lifecycle, p.lost_reason_id)
                   IS DISTINCT FROM
                   (n.amount, n.share, n.cumulative_share,
                    n.rank::integer, n.last_invoice, n.tier::varchar, n.customer_tier::varchar,
                    n.is_key_account, n.lifecycle::varchar, n.lost_reason_id)
        """, params)
        # partners of this company ranked before and no longer customers (archived,
        # unticked, or colleagues): no contribution, no computed tier
        cr.execute("""
            UPDATE res_partner p
               SET contribution_12m = 0, contribution_share = 0, contribution_cumulative_share = 0,
                   contribution_rank = NULL, tier_computed = NULL,
                   customer_tier = CASE WHEN COALESCE(p.tier_locked, FALSE) THEN p.customer_tier END,
                   is_key_account = (COALESCE(p.tier_locked, FALSE) AND p.customer_tier = 'a')
                                    OR COALESCE(p.industry_influence, FALSE)
             WHERE p.tier_computed IS NOT NULL
               AND (p.company_id IS NULL OR p.company_id = %(company_id)s)
               AND NOT """ + RANKED_CUSTOMER_SQL + """
        """, params)
        self.invalidate_cache(["next_visit_date"])
        cr.execute("DROP TABLE logistics_tier_result")
        cr.execute("DROP TABLE logistics_tier_change")
        self.invalidate_cache()
        _logger.info("Customer tiers recomputed: %d changed", changed_count)
        return changed_count

    def _post_tier_changes(self, now):
        """One chatter note per row of logistics_tier_change, set-based."""
        template = html_escape(_("Tier changed by the automatic tiering: %s → %s"))
        before, middle, after = (template.split("%s") + ["", ""])[:3]
        # UPPER(tier) is the tier's label (A, B, C)
        self.env.cr.execute("""
            INSERT INTO mail_message (model, res_id, body, message_type, subtype_id, author_id,
                                      date, create_uid, create_date, write_uid, write_date)
            SELECT 'res.partner', partner_id,
                   '<p>' || %(before)s || COALESCE(UPPER(old_tier), '-') || %(middle)s
                         || UPPER(new_tier) || %(after)s || '</p>',
                   'notification', %(subtype)s, %(author)s, %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM logistics_tier_change
        """, {"before": before, "middle": middle, "after": after, "now": now, "uid": self.env.uid,
              "subtype": self.env.ref("mail.mt_note").id, "author": self.env.user.partner_id.id})

    # the partners _recompute_next_visit_dates updates, besides given ones
    NEXT_VISIT_SCOPES = {
        "all": "TRUE",
    }

    def _recompute_next_visit_dates(self, partners=None, scope=None):
        """next_visit_date = last visit (or creation) + the tier's cadence, in SQL.

        For ``partners``, or a ``scope`` of NEXT_VISIT_SCOPES ("all" partners). The
        values are query parameters; no SQL comes from the caller. (The tiering
        engine sets the date of the partners it re-tiers in its own UPDATE.)
        """
        settings = self._logistics_settings()
        if scope is not None:
            if scope not in self.NEXT_VISIT_SCOPES:
                raise ValueError("Unknown scope %r of next visit dates" % (scope,))
            condition, args = self.NEXT_VISIT_SCOPES[scope], {}
        else:
            condition, args = "p.id IN %(partners)s", {"partners": tuple(partners.ids) if partners else (0,)}
        query = "UPDATE res_partner p SET next_visit_date = " + NEXT_VISIT_SQL.format(tier="p.customer_tier") \
            + " WHERE p.customer_tier IS NOT NULL AND " + condition
        self.env.cr.execute(query, dict(args, visit_a=settings["visit_days_a"], visit_b=settings["visit_days_b"],
                                        visit_c=settings["visit_days_c"]))
        self.invalidate_cache(["next_visit_date"])

    @api.model
    def _cron_compute_customer_tiers(self):
        return self.compute_customer_tiers()

    # ------------------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------------------
    def action_recompute_tiers(self):
        if not self.env.user.has_group("logistics_crm.group_service_manager"):
            raise UserError(_("Only Service Managers can recompute the customer tiers."))
        self.sudo().compute_customer_tiers()
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
            ("activity_type_id", "in", self._review_activity_types().ids),
        ]).action_done()
        return True

    def action_view_visits(self):
        action = self.env.ref("logistics_crm.logistics_visit_action").read()[0]
        action["domain"] = [("partner_id", "child_of", self.ids)]
        action["context"] = {"default_partner_id": self[:1].id, "search_default_planned": 0}
        return action

    def action_view_account_plans(self):
        action = self.env.ref("logistics_crm.logistics_account_plan_action").read()[0]
        action["domain"] = [("partner_id", "in", self.ids)]
        action["context"] = {"default_partner_id": self[:1].id}
        return action

    # ------------------------------------------------------------------------------
    # crons: profile reviews, care dates, plan reminders, visit proposals
    # ------------------------------------------------------------------------------
    @api.model
    def _review_activity_types(self):
        return (self.env.ref("logistics_crm.mail_activity_review_basic")
                | self.env.ref("logistics_crm.mail_activity_review_business")
                | self.env.ref("logistics_crm.mail_activity_review_needs"))

    @api.model
    def _open_activity_keys(self, activity_types, partners):
        """(partner id, activity type id) of the open activities already there."""
        if not partners:
            return set()
        activities = self.env["mail.activity"].sudo().search([
            ("res_model", "=", "res.partner"), ("res_id", "in", partners.ids),
            ("activity_type_id", "in", activity_types.ids)])
        return {(a.res_id, a.activity_type_id.id) for a in activities}

    @api.model
    def _schedule_activities(self, todo):
        """Create ``mail.activity`` for [(partner, activity type, user, summary)], batched."""
        model_id = self.env["ir.model"]._get("res.partner").id
        today = fields.Date.context_today(self)
        Activity = self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True)
        for partner, activity_type, user, summary in todo:
            Activity.create({
                "res_model_id": model_id, "res_id": partner.id,
                "activity_type_id": activity_type.id, "user_id": user.id,
                "summary": summary, "date_deadline": today,
            })
        return len(todo)

    @api.model
    def _cron_profile_reviews(self):
        """One activity per due review item of each key account, never two."""
        partners = self.search([("is_key_account", "=", True), ("customer", "=", True),
                                ("account_manager_id", "!=", False), ("review_due", "=", True)])
        types = {"basic": self.env.ref("logistics_crm.mail_activity_review_basic"),
                 "business": self.env.ref("logistics_crm.mail_activity_review_business"),
                 "needs": self.env.ref("logistics_crm.mail_activity_review_needs")}
        existing = self._open_activity_keys(self._review_activity_types(), partners)
        todo = []
        for partner in partners:
            for item in partner._review_due_items():
                if (partner.id, types[item].id) not in existing:
                    todo.append((partner, types[item], partner.account_manager_id, types[item].summary))
        return self._schedule_activities(todo)

    @api.model
    def _cron_plan_reminders(self):
        """Remind the managers of key accounts without an approved plan this half-year."""
        partners = self.search([("plan_missing", "=", True), ("customer", "=", True),
                                ("account_manager_id", "!=", False)])
        activity_type = self.env.ref("logistics_crm.mail_activity_account_plan")
        existing = self._open_activity_keys(activity_type, partners)
        todo = [(p, activity_type, p.account_manager_id, activity_type.summary)
                for p in partners if (p.id, activity_type.id) not in existing]
        return self._schedule_activities(todo)

    @api.model
    def _cron_propose_visits(self):
        """A planned visit for each overdue key account that has none planned."""
        partners = self.search([("is_key_account", "=", True), ("customer", "=", True),
                                ("visit_overdue", "=", True), ("account_manager_id", "!=", False)])
        planned = set(self.env["logistics.visit"].sudo().search([
            ("partner_id", "in", partners.ids), ("state", "=", "planned")]).mapped("partner_id").ids)
        Visit = self.env["logistics.visit"].sudo()
        start = fields.Datetime.from_string(fields.Datetime.now()).replace(
            hour=2, minute=0, second=0, microsecond=0) + timedelta(days=1)  # 10:00 Beijing
        created = Visit
        for partner in partners.filtered(lambda p: p.id not in planned):
            created |= Visit.create({
                "partner_id": partner.id, "user_id": partner.account_manager_id.id,
                "visit_type": "routine", "date_start": fields.Datetime.to_string(start),
                "date_end": fields.Datetime.to_string(start + timedelta(hours=1)),
                "agenda": _("Routine visit proposed: the visit cadence of tier %s is overdue.")
                          % (partner.customer_tier or "").upper(),
            })
        return len(created)

    @api.model
    def _care_today(self):
        """Today in the company's timezone: the (cron) user's, else the company's,
        else China's. The server runs in UTC, which is yesterday before 8:00 in China."""
        tz = self.env.context.get("tz") or self.env.user.tz or self.env.user.company_id._logistics_tz()
        return fields.Date.from_string(fields.Date.context_today(self.with_context(tz=tz)))

    @api.model
    def _propose_care_visit(self, customer, visit_type, agenda, contacts=None):
        """A planned visit of the account manager to ``customer``, unless one of
        ``visit_type`` is planned already (the new ``contacts`` join it then)."""
        Visit = self.env["logistics.visit"].sudo()
        contacts = contacts or self.browse()
        planned = Visit.search([("partner_id", "=", customer.id), ("visit_type", "=", visit_type),
                                ("state", "=", "planned")], limit=1)
        if planned:
            if contacts - planned.contact_ids:
                planned.write({"contact_ids": [(4, c.id) for c in contacts - planned.contact_ids]})
            return Visit
        start = fields.Datetime.from_string(fields.Datetime.now()) + timedelta(days=1)
        return Visit.create({
            "partner_id": customer.id, "user_id": customer.account_manager_id.id,
            "visit_type": visit_type, "contact_ids": [(6, 0, contacts.ids)],
            "date_start": fields.Datetime.to_string(start),
            "date_end": fields.Datetime.to_string(start + timedelta(hours=1)),
            "agenda": agenda,
        })

    @api.model
    def _join_occasions(self, names):
        names = [n for n in names if n]
        if len(names) < 2:
            return names[0] if names else ""
        return _("%s and %s") % (", ".join(names[:-1]), names[-1])

    @api.model
    def _cron_customer_care(self, today=None):
        """Birthday greetings to contacts, anniversary greetings and visit suggestions.

        ``today`` defaults to today in the company's timezone; a date of Feb 29
        is celebrated on Feb 28 in common years. A customer gets one anniversary
        greeting a day, naming all its occasions.
        """
        today = fields.Date.from_string(today) if today else self._care_today()
        month_days = celebrated_month_days(today)
        sent = 0
        # contacts' birthdays (once per year), and a visit for the account manager
        self.env.cr.execute("""
            SELECT id FROM res_partner
             WHERE active AND birthday IS NOT NULL AND email IS NOT NULL
               AND to_char(birthday, 'MM-DD') IN %s
               AND COALESCE(last_birthday_greeting_year, 0) < %s
        """, (month_days, today.year))
        contacts = self.browse([r[0] for r in self.env.cr.fetchall()])
        template = self.env.ref("logistics_crm.mail_template_birthday")
        for contact in contacts:
            template.send_mail(contact.id)
            contact.sudo().last_birthday_greeting_year = today.year
            sent += 1
            customer = contact.commercial_partner_id
            if customer.account_manager_id:
                self._propose_care_visit(
                    customer, "birthday", _("Congratulate %s on their birthday.") % contact.name,
                    contacts=(contact - customer))
        # cooperation anniversaries are remembered as yearly key dates of kind 'opening'
        KeyDate = self.env["logistics.partner.key.date"].sudo()
        self.env.cr.execute("""
            SELECT p.id FROM res_partner p
             WHERE p.active AND p.is_company AND p.cooperation_start_date IS NOT NULL
               AND to_char(p.cooperation_start_date, 'MM-DD') IN %s AND p.cooperation_start_date < %s
               AND NOT EXISTS (SELECT 1 FROM logistics_partner_key_date k
                                WHERE k.partner_id = p.id AND k.kind = 'opening' AND k.yearly
                                  AND k.date = p.cooperation_start_date)
        """, (month_days, fields.Date.to_string(today)))
        for partner in self.browse([r[0] for r in self.env.cr.fetchall()]):
            KeyDate.create({"partner_id": partner.id, "name": _("our cooperation anniversary"),
                            "kind": "opening", "date": partner.cooperation_start_date, "yearly": True})
        # anniversaries: one greeting per customer, whatever the number of its key dates
        key_dates = KeyDate.search([
            ("partner_id.active", "=", True),
            "|", ("last_greeted_year", "=", False), ("last_greeted_year", "<", today.year)])._occurs_on(today)
        anniversary = self.env.ref("logistics_crm.mail_template_anniversary")
        for partner in key_dates.mapped("partner_id"):
            dates = key_dates.filtered(lambda k: k.partner_id == partner)
            occasion = self._join_occasions(dates.mapped("name"))
            anniversary.with_context(occasion=occasion).send_mail(partner.id)
            dates.write({"last_greeted_year": today.year})
            sent += 1
            if partner.account_manager_id:
                self._propose_care_visit(partner, "anniversary", _("Congratulate the customer: %s.") % occasion)
        return sent
