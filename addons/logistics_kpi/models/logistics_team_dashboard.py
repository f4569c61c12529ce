from odoo import fields, models, tools

from .logistics_satisfaction_criterion import satisfaction_sql


class LogisticsTeamDashboard(models.Model):
    """Team KPIs per account manager over the last 12 months (SQL view):
    accounts by tier, retention, revenue growth year over year, visits done vs
    planned, complaint SLA compliance and satisfaction index."""

    _name = "logistics.team.dashboard"
    _description = "Account manager dashboard"
    _auto = False
    _rec_name = "user_id"
    _order = "revenue_12m desc"

    user_id = fields.Many2one("res.users", string="Account manager", readonly=True)
    account_count = fields.Integer("Accounts", readonly=True)
    key_account_count = fields.Integer("Key accounts", readonly=True)
    tier_a_count = fields.Integer("Tier A", readonly=True)
    tier_b_count = fields.Integer("Tier B", readonly=True)
    tier_c_count = fields.Integer("Tier C", readonly=True)
    prior_active_count = fields.Integer("Active a year before", readonly=True)
    retained_count = fields.Integer("Still active", readonly=True)
    retention_rate = fields.Float("Retention %", readonly=True, aggregator="avg")
    revenue_12m = fields.Float("Revenue (12 months)", readonly=True)
    revenue_prev_12m = fields.Float("Revenue (previous 12 months)", readonly=True)
    revenue_growth = fields.Float("Revenue growth % (YoY)", readonly=True, aggregator="avg")
    visits_planned = fields.Integer("Visits planned", readonly=True)
    visits_done = fields.Integer("Visits done", readonly=True)
    visit_completion_rate = fields.Float("Visits done %", readonly=True, aggregator="avg")
    complaint_count = fields.Integer("Complaints", readonly=True)
    complaint_sla_ok_count = fields.Integer("Complaints within SLA", readonly=True)
    sla_compliance_rate = fields.Float("SLA compliance %", readonly=True, aggregator="avg")
    satisfaction_index = fields.Float("Satisfaction index", readonly=True, aggregator="avg")
    satisfaction_count = fields.Integer("Survey answers", readonly=True)

    def _search(self, domain, *args, **kwargs):
        """The view reads other tables (shipments, answers, customers): what the
        ORM still holds for them is written first (search, read_group, pivot)."""
        self.env.flush_all()
        return super()._search(domain, *args, **kwargs)

    def _complaint_sql(self):
        """Complaints of the last 12 months whose SLA is decided, per customer company
        (columns partner_id, total, ok). None here: logistics_kpi_complaints adds them."""
        return "SELECT NULL::integer AS partner_id, 0 AS total, 0 AS ok WHERE false"

    def init(self):
        # pylint: disable=sql-injection  # a view from the module's constants, no outside value
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW %(table)s AS (
            WITH responses AS (%(responses)s),
            accounts AS (
                SELECT p.id, p.account_manager_id AS user_id, p.customer_tier, p.is_key_account
                  FROM res_partner p
                 WHERE p.account_manager_id IS NOT NULL AND p.is_company AND p.active
            ),
            revenue AS (
                SELECT s.partner_id,
                       SUM(s.revenue) FILTER (WHERE s.pickup_planned >= now() - interval '12 months') AS cur,
                       SUM(s.revenue) FILTER (WHERE s.pickup_planned < now() - interval '12 months'
                                                AND s.pickup_planned >= now() - interval '24 months') AS prev,
                       COUNT(*) FILTER (WHERE s.pickup_planned >= now() - interval '12 months') AS cur_count,
                       COUNT(*) FILTER (WHERE s.pickup_planned < now() - interval '12 months'
                                          AND s.pickup_planned >= now() - interval '24 months') AS prev_count
                  FROM logistics_shipment s
                 WHERE s.pickup_planned >= now() - interval '24 months'
                 GROUP BY s.partner_id
            ),
            visits AS (
                SELECT v.partner_id,
                       COUNT(*) FILTER (WHERE v.state != 'cancelled') AS planned,
                       COUNT(*) FILTER (WHERE v.state = 'done') AS done
                  FROM logistics_visit v
                 WHERE v.date_start >= now() - interval '12 months' AND v.date_start <= now()
                 GROUP BY v.partner_id
            ),
            complaints AS (%(complaints)s),
            satisfaction AS (
                SELECT customer_id AS partner_id, SUM(idx) AS idx_sum, COUNT(*) AS idx_count
                  FROM responses
                 WHERE idx IS NOT NULL AND answered_on >= now() - interval '12 months'
                 GROUP BY customer_id
            ),
            per_user AS (
                SELECT a.user_id,
                       COUNT(*) AS account_count,
                       COUNT(*) FILTER (WHERE a.is_key_account) AS key_account_count,
                       COUNT(*) FILTER (WHERE a.customer_tier = 'a') AS tier_a_count,
                       COUNT(*) FILTER (WHERE a.customer_tier = 'b') AS tier_b_count,
                       COUNT(*) FILTER (WHERE a.customer_tier = 'c') AS tier_c_count,
                       COUNT(*) FILTER (WHERE r.prev_count > 0) AS prior_active_count,
                       COUNT(*) FILTER (WHERE r.prev_count > 0 AND r.cur_count > 0) AS retained_count,
                       COALESCE(SUM(r.cur), 0) AS revenue_12m,
                       COALESCE(SUM(r.prev), 0) AS revenue_prev_12m,
                       COALESCE(SUM(v.planned), 0) AS visits_planned,
                       COALESCE(SUM(v.done), 0) AS visits_done,
                       COALESCE(SUM(c.total), 0) AS complaint_count,
                       COALESCE(SUM(c.ok), 0) AS complaint_sla_ok_count,
                       SUM(sa.idx_sum) / NULLIF(SUM(sa.idx_count), 0) AS satisfaction_index,
                       COALESCE(SUM(sa.idx_count), 0) AS satisfaction_count
                  FROM accounts a
                  LEFT JOIN revenue r ON r.partner_id = a.id
                  LEFT JOIN visits v ON v.partner_id = a.id
                  LEFT JOIN complaints c ON c.partner_id = a.id
                  LEFT JOIN satisfaction sa ON sa.partner_id = a.id
                 GROUP BY a.user_id
            )
            SELECT u.user_id AS id, u.*,
                   100.0 * u.retained_count / NULLIF(u.prior_active_count, 0) AS retention_rate,
                   100.0 * (u.revenue_12m - u.revenue_prev_12m) / NULLIF(u.revenue_prev_12m, 0) AS revenue_growth,
                   100.0 * u.visits_done / NULLIF(u.visits_planned, 0) AS visit_completion_rate,
                   100.0 * u.complaint_sla_ok_count / NULLIF(u.complaint_count, 0) AS sla_compliance_rate
              FROM per_user u
            )""" % {"table": self._table, "responses": satisfaction_sql()[0],
                    "complaints": self._complaint_sql()})
