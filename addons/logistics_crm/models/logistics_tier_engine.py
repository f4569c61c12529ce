import logging
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from ..tools import ENGINE_WORK_MEM, read_settings, set_local_settings

_logger = logging.getLogger(__name__)

# Who is ranked, for a partner row ``p``: an active commercial customer, not one
# of our own companies nor a colleague (the partner of an internal user).
RANKED_CUSTOMER_SQL = """(p.customer_rank > 0 AND p.active AND p.id = p.commercial_partner_id
        AND NOT EXISTS (SELECT 1 FROM res_company co WHERE co.partner_id = p.id)
        AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id AND NOT u.share))"""

# The ranking of the 80/20 rule, one row per customer (see compute_customer_tiers):
# posted customer invoices minus refunds, untaxed, in company currency.
TIER_RANKING_SQL = """
WITH invoiced AS (
    SELECT inv.commercial_partner_id AS partner_id,
           SUM(CASE WHEN inv.invoice_date > %(date_from)s AND inv.invoice_date <= %(date_to)s
                    THEN inv.amount_untaxed_signed ELSE 0 END) AS amount,
           MAX(inv.invoice_date) FILTER (WHERE inv.move_type = 'out_invoice') AS last_invoice
      FROM account_move inv
     WHERE inv.move_type IN ('out_invoice', 'out_refund')
       AND inv.state = 'posted'
       AND inv.company_id = %(company_id)s
       AND inv.invoice_date <= %(date_to)s
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

# The rules of a customer's key-account flag, lifecycle and next visit: each written
# once, here, in SQL. The engine's pass evaluates them on res_partner rows; a single
# partner's compute evaluates the same expressions on its values (tools.sql_rows), so
# the nightly pass and an edit in the form cannot disagree. Parameters: rule_params().

# is_key_account of a customer whose tier is the SQL expression {tier} and industry
# influence {influence}: tier A, or a group of industry influence whatever its revenue
KEY_ACCOUNT_SQL = "(COALESCE(({tier}) = 'a', FALSE) OR COALESCE({influence}, FALSE))"

# lifecycle of a customer whose last customer invoice is {last_invoice} and lost reason
# {lost_reason}: lost when marked lost with a reason of its own (not the automatic one),
# potential when never invoiced, else by the age of its last invoice (parameters
# auto_lost, lost, dormant: the automatic reason and the two cut-off dates)
LIFECYCLE_SQL = """(CASE WHEN {lost_reason} IS NOT NULL AND {lost_reason} IS DISTINCT FROM %(auto_lost)s THEN 'lost'
      WHEN {last_invoice} IS NULL THEN 'potential'
      WHEN {last_invoice} < %(lost)s THEN 'lost'
      WHEN {last_invoice} < %(dormant)s THEN 'dormant'
      ELSE 'active' END)"""

# next_visit_date of a partner row ``p`` whose tier is the SQL expression {tier}:
# last visit (or creation) + the tier's cadence in days (parameters visit_a/b/c);
# none without a tier
NEXT_VISIT_SQL = """(CASE WHEN ({tier}) IS NOT NULL THEN (COALESCE(p.last_visit_date, p.create_date)::date
    + (CASE {tier} WHEN 'a' THEN %(visit_a)s WHEN 'b' THEN %(visit_b)s ELSE %(visit_c)s END)
      * INTERVAL '1 day')::date END)"""


class LogisticsTierEngine(models.AbstractModel):
    """The A/B/C tiering of customers by the 80/20 rule, set-based.

    Callers check who may run it (``res.partner.compute_customer_tiers``, the
    cron); the engine writes as the environment's user: tier history rows and
    chatter notes name that user.
    """

    _name = "logistics.tier.engine"
    _description = "Customer tiering engine (80/20 rule)"

    @api.model
    def _rule_params(self, settings=None):
        """The parameters of LIFECYCLE_SQL and NEXT_VISIT_SQL: the same for the
        engine's pass and a single partner's compute (today in the user's time zone)."""
        settings = settings or read_settings(self.env)
        today = fields.Date.context_today(self)
        return {
            "dormant": today - timedelta(days=settings["dormant_days"]),
            "lost": today - timedelta(days=settings["lost_days"]),
            "auto_lost": self.env["res.partner"]._auto_lost_reason().id or None,
            "visit_a": settings["visit_days_a"],
            "visit_b": settings["visit_days_b"],
            "visit_c": settings["visit_days_c"],
        }

    @api.model
    def _params(self, company, date_to=None):
        settings = read_settings(self.env)
        date_to = fields.Date.to_date(date_to) if date_to else fields.Date.context_today(self)
        date_from = date_to - relativedelta(months=settings["tier_period_months"])
        return dict(
            self._rule_params(settings),
            company_id=company.id,
            date_from=date_from,
            date_to=date_to,
            a_pct=settings["tier_a_pct"],
            b_pct=settings["tier_b_pct"],
            a_floor=settings["tier_a_floor"],
            now=fields.Datetime.now(),
            uid=self.env.uid,
        )

    @api.model
    def _run(self, company=None, date_to=None):
        """Recompute contribution, share, rank, tier, key-account flag, lifecycle
        and next visit date of every customer of ``company`` in one pass; record
        the tier changes in the history (and the partners' chatter). Returns the
        number of customers whose tier changed."""
        company = company or self.env.company
        params = self._params(company, date_to)
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("DROP TABLE IF EXISTS logistics_tier_result")
        cr.execute("DROP TABLE IF EXISTS logistics_tier_change")
        # the ranking's sorts and aggregation in memory rather than on disk, for
        # this transaction's statements until the end of the pass (then restored)
        saved = set_local_settings(cr, {"work_mem": ENGINE_WORK_MEM})
        cr.execute("CREATE TEMP TABLE logistics_tier_result ON COMMIT DROP AS " + TIER_RANKING_SQL, params)
        # statistics and a key for the joins below (hash joins, not nested loops)
        cr.execute("CREATE UNIQUE INDEX ON logistics_tier_result (partner_id)")
        cr.execute("ANALYZE logistics_tier_result")
        # the partners whose tier, flags or dates change, with their new values: one
        # read of res_partner for the history rows and the UPDATE below
        cr.execute("""
            CREATE TEMP TABLE logistics_tier_change ON COMMIT DROP AS
            SELECT n.* FROM (
                -- lost by inactivity: the automatic lost reason, removed when the customer is back
                SELECT m.*,
                       CASE WHEN m.lifecycle = 'lost' THEN COALESCE(m.old_lost_reason_id, %(auto_lost)s)
                            WHEN m.old_lost_reason_id = %(auto_lost)s THEN NULL
                            ELSE m.old_lost_reason_id END AS lost_reason_id
                  FROM (
                    SELECT r.partner_id, r.amount, r.tier, r.last_invoice,
                           COALESCE(q.tier_locked, FALSE) AS tier_locked,
                           q.customer_tier AS old_customer_tier, q.tier_computed AS old_tier_computed,
                           q.last_invoice_date AS old_last_invoice_date, q.is_key_account AS old_is_key_account,
                           q.lifecycle AS old_lifecycle, q.lost_reason_id AS old_lost_reason_id,
                           CASE WHEN COALESCE(q.tier_locked, FALSE) THEN q.customer_tier
                                ELSE r.tier END AS customer_tier,
                           """ + KEY_ACCOUNT_SQL.format(
            tier="CASE WHEN COALESCE(q.tier_locked, FALSE) THEN q.customer_tier ELSE r.tier END",
            influence="q.industry_influence") + """ AS is_key_account,
                           """ + LIFECYCLE_SQL.format(lost_reason="q.lost_reason_id",
                                                      last_invoice="r.last_invoice") + """ AS lifecycle
                      FROM logistics_tier_result r JOIN res_partner q ON q.id = r.partner_id
                  ) m
              ) n
             WHERE (n.old_last_invoice_date, n.old_tier_computed, n.old_customer_tier,
                    n.old_is_key_account, n.old_lifecycle, n.old_lost_reason_id)
                   IS DISTINCT FROM
                   (n.last_invoice, n.tier::varchar, n.customer_tier::varchar,
                    n.is_key_account, n.lifecycle::varchar, n.lost_reason_id)
        """, params)
        cr.execute("ANALYZE logistics_tier_change")
        # the tier changes (locked tiers do not change) become history rows; their
        # chatter notes are posted through the ORM (logistics.tier.history)
        cr.execute("""
            INSERT INTO logistics_tier_history
                   (partner_id, date, old_tier, new_tier, contribution, source, user_id, note_pending,
                    create_uid, create_date, write_uid, write_date)
            SELECT c.partner_id, %(now)s, c.old_customer_tier, c.tier, c.amount, 'engine', %(uid)s, TRUE,
                   %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM logistics_tier_change c
             WHERE NOT c.tier_locked
               AND c.old_customer_tier IS DISTINCT FROM c.tier
        """, params)
        changed_count = cr.rowcount
        # the ranking figures, in their narrow table: only the rows that change
        # (shares are kept to 2 decimals, as displayed), then the customers no
        # longer ranked leave it
        # (a hash join each, rather than an upsert probing the key of every row)
        cr.execute("""
            UPDATE logistics_customer_ranking k
               SET contribution = r.amount, share = r.share, cumulative_share = r.cumulative_share, rank = r.rank
              FROM logistics_tier_result r
             WHERE r.partner_id = k.partner_id
               AND (k.contribution, k.share, k.cumulative_share, k.rank)
                   IS DISTINCT FROM
                   (r.amount::float8, r.share::float8, r.cumulative_share::float8, r.rank::integer)
        """)
        cr.execute("""
            INSERT INTO logistics_customer_ranking (partner_id, contribution, share, cumulative_share, rank)
            SELECT r.partner_id, r.amount, r.share, r.cumulative_share, r.rank
              FROM logistics_tier_result r
             -- a hashed subplan whatever the table's statistics say (NOT EXISTS on a
             -- never analysed, empty table became a nested loop of sequential scans)
             WHERE r.partner_id NOT IN (SELECT k.partner_id FROM logistics_customer_ranking k)
        """)
        cr.execute("""
            DELETE FROM logistics_customer_ranking k USING res_partner p
             WHERE p.id = k.partner_id
               AND (p.company_id IS NULL OR p.company_id = %(company_id)s)
               AND NOT EXISTS (SELECT 1 FROM logistics_tier_result r WHERE r.partner_id = k.partner_id)
        """, params)
        # the partner rows whose tier, flags or dates change (a nightly rerun
        # touches few of them), from logistics_tier_change (see above)
        cr.execute("""
            UPDATE res_partner p
               SET last_invoice_date = n.last_invoice,
                   tier_computed = n.tier,
                   customer_tier = n.customer_tier,
                   tier_date = CASE WHEN p.customer_tier IS DISTINCT FROM n.customer_tier
                                    THEN %(now)s ELSE p.tier_date END,
                   is_key_account = n.is_key_account,
                   lifecycle = n.lifecycle,
                   lost_reason_id = n.lost_reason_id,
                   -- the cadence follows the tier: in the same pass, not a second rewrite
                   next_visit_date = """ + NEXT_VISIT_SQL.format(tier="n.customer_tier") + """
              FROM logistics_tier_change n
             WHERE p.id = n.partner_id
        """, params)
        # partners of this company ranked before and no longer customers (archived,
        # no customer rank, or colleagues): no contribution, no computed tier (a locked
        # tier stays); the key-account flag and the next visit follow (none without a tier)
        kept_tier = "CASE WHEN COALESCE(p.tier_locked, FALSE) THEN p.customer_tier END"
        cr.execute("""
            UPDATE res_partner p
               SET tier_computed = NULL,
                   customer_tier = """ + kept_tier + """,
                   is_key_account = """ + KEY_ACCOUNT_SQL.format(tier=kept_tier,
                                                                  influence="p.industry_influence") + """,
                   next_visit_date = """ + NEXT_VISIT_SQL.format(tier=kept_tier) + """
             WHERE p.tier_computed IS NOT NULL
               AND (p.company_id IS NULL OR p.company_id = %(company_id)s)
               AND NOT EXISTS (SELECT 1 FROM logistics_tier_result r WHERE r.partner_id = p.id)
        """, params)
        cr.execute("DROP TABLE logistics_tier_result")
        cr.execute("DROP TABLE logistics_tier_change")
        set_local_settings(cr, saved)
        self.env["res.partner"].invalidate_model()
        self.env["logistics.customer.ranking"].invalidate_model()
        self.env["logistics.tier.history"].invalidate_model()
        self.env["logistics.tier.history"]._post_pending_notes()
        _logger.info("Customer tiers recomputed: %d changed", changed_count)
        return changed_count

    @api.model
    def _cron_compute_customer_tiers(self):
        """Nightly, for the cron user's company (as the cron's user)."""
        return self._run()

    @api.model
    def _recompute_next_visit_dates(self, partners=None, scope=None):
        """next_visit_date = last visit (or creation) + the tier's cadence (NEXT_VISIT_SQL).

        For ``partners``, or ``scope="all"`` (every partner with a tier or a date). The values
        are query parameters; no SQL comes from the caller. (The engine sets the
        date of the partners it re-tiers in its own UPDATE.)
        """
        if scope is not None:
            if scope != "all":
                raise ValueError("Unknown scope %r of next visit dates" % (scope,))
            condition, args = "TRUE", {}
        else:
            condition, args = "p.id IN %(partners)s", {"partners": tuple(partners.ids) if partners else (0,)}
        self.env["res.partner"].flush_model(["customer_tier", "last_visit_date", "next_visit_date"])
        next_visit = NEXT_VISIT_SQL.format(tier="p.customer_tier")
        # the rows whose date changes (a partner without a tier has none)
        query = "UPDATE res_partner p SET next_visit_date = " + next_visit \
            + " WHERE (p.customer_tier IS NOT NULL OR p.next_visit_date IS NOT NULL) AND " + condition \
            + " AND p.next_visit_date IS DISTINCT FROM " + next_visit
        self.env.cr.execute(query, dict(args, **self._rule_params()))
        self.env["res.partner"].invalidate_model(["next_visit_date"])
