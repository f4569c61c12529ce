from odoo import api, fields, models
from odoo.tools import SQL, create_index, float_round

RISKS = [("healthy", "Healthy"), ("watch", "Watch"), ("at_risk", "At risk")]


def _one(value):
    return "%.1f" % float_round(value or 0.0, precision_digits=1)


def _whole(value):
    return "%d" % float_round(value or 0.0, precision_digits=0)


# the reason's phrases, in order: (template key, the penalty that shows it, its arguments)
REASON_PARTS = [
    ("volume", lambda r: r.penalty_volume, lambda r: (_one(r.shipments_base), _one(r.shipments_recent))),
    ("arrival", lambda r: r.penalty_arrival, lambda r: (_whole(r.arrival_base), _whole(r.arrival_recent))),
    ("dispatch", lambda r: r.penalty_dispatch, lambda r: (_whole(r.dispatch_base), _whole(r.dispatch_recent))),
    ("damage", lambda r: r.penalty_damage, lambda r: (_one(r.damage_base), _one(r.damage_recent))),
    ("docs", lambda r: r.penalty_docs, lambda r: (_whole(r.docs_base), _whole(r.docs_recent))),
    ("complaints", lambda r: r.penalty_complaints, lambda r: (r.complaint_count,)),
    ("serious", lambda r: r.penalty_complaints * r.complaint_serious_count, lambda r: (r.complaint_serious_count,)),
    ("repeat", lambda r: r.penalty_complaints * r.complaint_repeat_count, lambda r: (r.complaint_repeat_count,)),
    ("breached", lambda r: r.penalty_complaints * r.complaint_breached_count,
     lambda r: (r.complaint_breached_count,)),
    ("nps", lambda r: r.penalty_nps, lambda r: (_whole(r.nps_base), _whole(r.nps_recent))),
    ("index", lambda r: r.penalty_satisfaction,
     lambda r: (_whole(r.satisfaction_base), _whole(r.satisfaction_recent))),
    ("visits", lambda r: r.penalty_visits, lambda r: (r.visit_overdue_days,)),
    ("revenue", lambda r: r.penalty_revenue, lambda r: (_whole(r.revenue_base), _whole(r.revenue_recent))),
]
# the placeholders of each template, in the order of its arguments
TEMPLATE_ARGS = {
    "volume": ("before", "after"), "arrival": ("before", "after"), "dispatch": ("before", "after"),
    "damage": ("before", "after"), "docs": ("before", "after"),
    "complaints": ("count",), "serious": ("count",), "repeat": ("count",), "breached": ("count",),
    "nps": ("before", "after"), "index": ("before", "after"), "visits": ("days",),
    "revenue": ("before", "after"), "header": ("recent", "base", "signals"), "none": ("recent",),
}


def reason_templates(env):
    """{key: template} of the reason, in the language of ``env`` (placeholders %(name)s)."""
    _ = env._
    return {
        "volume": _("shipments %(before)s → %(after)s a week"),
        "arrival": _("arrival on time %(before)s %% → %(after)s %%"),
        "dispatch": _("dispatch on time %(before)s %% → %(after)s %%"),
        "damage": _("damage %(before)s %% → %(after)s %%"),
        "docs": _("accurate documents %(before)s %% → %(after)s %%"),
        "complaints": _("%(count)s complaint(s)"),
        "serious": _("%(count)s serious"),
        "repeat": _("%(count)s repeat"),
        "breached": _("%(count)s with SLA breached"),
        "nps": _("NPS %(before)s → %(after)s"),
        "index": _("satisfaction index %(before)s → %(after)s"),
        "visits": _("visit overdue by %(days)s days"),
        "revenue": _("invoiced %(before)s → %(after)s a week"),
        "header": _("last %(recent)s weeks vs the %(base)s weeks before: %(signals)s"),
        "none": _("no warning sign over the last %(recent)s weeks"),
    }


# the figures compared, which may have no data (NULL) in a week
FIGURES = ("shipments_recent", "shipments_base", "arrival_recent", "arrival_base", "dispatch_recent",
           "dispatch_base", "damage_recent", "damage_base", "docs_recent", "docs_base", "nps_recent", "nps_base",
           "satisfaction_recent", "satisfaction_base", "revenue_recent", "revenue_base")


class LogisticsHealthScore(models.Model):
    """One customer's health in one scoring week (written by logistics.health.engine)."""

    _name = "logistics.health.score"
    _description = "Customer health score (weekly)"
    _order = "date desc, partner_id"
    _rec_name = "partner_id"
    # written only by the engine, 100,000 rows a week at scale: no create/write
    # uid and date (two foreign keys checked on every row); ``date`` says when
    _log_access = False

    # looked up through the unique (partner_id, date) index: no index of its own to write
    partner_id = fields.Many2one("res.partner", string="Customer", required=True,
                                 ondelete="cascade", readonly=True)
    date = fields.Date("Week of", required=True, index=True, readonly=True,
                       help="The Monday of the scoring week; its recent period ends the day before.")
    score = fields.Integer(readonly=True, aggregator="avg")
    risk = fields.Selection(RISKS, readonly=True)
    reason = fields.Text(compute="_compute_reason",
                         help="Why: the signals that cost points, in the reader's language.")
    recent_weeks = fields.Integer("Recent weeks", readonly=True, help="The recent period compared (weeks).")
    base_weeks = fields.Integer("Weeks compared with", readonly=True,
                                help="The period before it the recent weeks are compared with (weeks).")
    account_manager_id = fields.Many2one(related="partner_id.account_manager_id", string="Account manager")
    customer_tier = fields.Selection(related="partner_id.customer_tier", string="Tier")
    # the figures compared: recent period vs the comparison period before it
    shipments_recent = fields.Float("Shipments a week (recent)", readonly=True, aggregator="avg")
    shipments_base = fields.Float("Shipments a week (before)", readonly=True, aggregator="avg")
    arrival_recent = fields.Float("Arrival on time % (recent)", readonly=True, aggregator="avg")
    arrival_base = fields.Float("Arrival on time % (before)", readonly=True, aggregator="avg")
    dispatch_recent = fields.Float("Dispatch on time % (recent)", readonly=True, aggregator="avg")
    dispatch_base = fields.Float("Dispatch on time % (before)", readonly=True, aggregator="avg")
    damage_recent = fields.Float("Damage % (recent)", readonly=True, aggregator="avg")
    damage_base = fields.Float("Damage % (before)", readonly=True, aggregator="avg")
    docs_recent = fields.Float("Accurate documents % (recent)", readonly=True, aggregator="avg")
    docs_base = fields.Float("Accurate documents % (before)", readonly=True, aggregator="avg")
    complaint_count = fields.Integer("Complaints (recent)", readonly=True)
    complaint_serious_count = fields.Integer("Serious complaints (recent)", readonly=True)
    complaint_repeat_count = fields.Integer("Repeat complaints (recent)", readonly=True)
    complaint_breached_count = fields.Integer("Complaints with SLA breached (recent)", readonly=True)
    complaint_base_count = fields.Integer("Complaints (before)", readonly=True)
    nps_recent = fields.Float("NPS (recent)", readonly=True, aggregator="avg")
    nps_base = fields.Float("NPS (before)", readonly=True, aggregator="avg")
    satisfaction_recent = fields.Float("Satisfaction index (recent)", readonly=True, aggregator="avg")
    satisfaction_base = fields.Float("Satisfaction index (before)", readonly=True, aggregator="avg")
    visit_overdue_days = fields.Integer("Visit overdue (days)", readonly=True)
    revenue_recent = fields.Float("Invoiced a week (recent)", readonly=True, aggregator="avg")
    revenue_base = fields.Float("Invoiced a week (before)", readonly=True, aggregator="avg")
    # the share (0-1) of each signal's weight lost
    penalty_volume = fields.Float("Penalty: volume", readonly=True)
    penalty_arrival = fields.Float("Penalty: arrival", readonly=True)
    penalty_dispatch = fields.Float("Penalty: dispatch", readonly=True)
    penalty_damage = fields.Float("Penalty: damage", readonly=True)
    penalty_docs = fields.Float("Penalty: documents", readonly=True)
    penalty_complaints = fields.Float("Penalty: complaints", readonly=True)
    penalty_nps = fields.Float("Penalty: NPS", readonly=True)
    penalty_satisfaction = fields.Float("Penalty: satisfaction index", readonly=True)
    penalty_visits = fields.Float("Penalty: visits", readonly=True)
    penalty_revenue = fields.Float("Penalty: revenue", readonly=True)

    kpi_missing = fields.Char(
        "Figures without data", compute="_compute_kpi_missing",
        help="The figures the week had no data for (no delivery due, no survey answer...): shown as –, not 0.")
    is_current = fields.Boolean("Current", compute="_compute_is_current", search="_search_is_current",
                                help="The customer's last scored week.")

    _sql_constraints = [
        ("partner_date_uniq", "unique(partner_id, date)", "A customer is scored once a week."),
    ]

    def init(self):
        # the watch and at-risk rows (few): the partners' risk searches and the dashboard
        create_index(self.env.cr, "logistics_health_score_risk_warning_index", self._table,
                     ["risk", "partner_id", "date"], where="risk <> 'healthy'")

    @api.depends_context("lang")
    def _compute_reason(self):
        source = reason_templates(self.with_context(lang="en_US").env)
        templates = reason_templates(self.env)

        def phrase(key, args):
            values = dict(zip(TEMPLATE_ARGS[key], args, strict=True))
            try:
                return templates[key] % values
            except (KeyError, ValueError, TypeError):   # a broken translation: the source text
                return source[key] % values
        for row in self:
            parts = [phrase(key, args(row)) for key, penalty, args in REASON_PARTS if penalty(row) > 0]
            if parts:
                row.reason = phrase("header", (row.recent_weeks, row.base_weeks, "; ".join(parts)))
            else:
                row.reason = phrase("none", (row.recent_weeks,))

    def _compute_kpi_missing(self):
        """The figures stored without a value (NULL: nothing to measure), which the ORM reads as 0."""
        ids = [row.id for row in self if isinstance(row.id, int)]
        missing = {}
        if ids:
            self.flush_model(FIGURES)
            self.env.cr.execute(SQL("SELECT id, %s FROM logistics_health_score WHERE id = ANY(%s)",
                                    SQL(", ").join(SQL("%s IS NULL", SQL.identifier(name)) for name in FIGURES),
                                    ids))
            missing = {row[0]: " ".join(name for name, null in zip(FIGURES, row[1:], strict=True) if null)
                       for row in self.env.cr.fetchall()}
        for row in self:
            row.kpi_missing = missing.get(row.id, "")

    def _latest_sql(self, where=None, column="id"):
        """SQL subquery: the ``column`` (id, partner_id) of each customer's last scored
        row among the rows matching ``where`` (SQL on h)."""
        return SQL("""(SELECT %s FROM logistics_health_score h
                        WHERE %s AND NOT EXISTS (SELECT 1 FROM logistics_health_score n
                                                  WHERE n.partner_id = h.partner_id AND n.date > h.date))""",
                   SQL.identifier("h", column), where or SQL("TRUE"))

    def _compute_is_current(self):
        self.flush_model(["partner_id", "date"])
        current = set()
        if self.ids:
            self.env.cr.execute(self._latest_sql(SQL("h.id = ANY(%s)", list(self.ids))))
            current = {row[0] for row in self.env.cr.fetchall()}
        for row in self:
            row.is_current = row.id in current

    def _search_is_current(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(operator)
        self.flush_model(["partner_id", "date"])
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", self._latest_sql())]
