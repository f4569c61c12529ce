import logging
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.tools import html_escape

from odoo.addons.logistics_complaints.models.logistics_complaint import counted_complaint_sql
from odoo.addons.logistics_crm.models.logistics_tier_engine import RANKED_CUSTOMER_SQL
from odoo.addons.logistics_crm.tools import ENGINE_WORK_MEM, set_local_settings
from odoo.addons.logistics_kpi.models.logistics_satisfaction_criterion import nps_sql, satisfaction_sql

from ..settings import SIGNALS, read_settings

_logger = logging.getLogger(__name__)

# surveys are rare (a few a year): their recent period is at least a quarter
SURVEY_MIN_WEEKS = 13
# a rate or a trend is only compared with enough events on both sides
MIN_EVENTS = 3

# The aggregates of the scoring week, one row per scored customer (an active
# commercial customer of the company, not lost): shipments, complaints, survey
# answers and invoices of the recent period [r_from, d) and of the comparison
# period before it [b_from, r_from) (surveys: [sr_from, d) and [sb_from, sr_from)).
SIGNALS_SQL = """
WITH customers AS (
    SELECT p.id AS partner_id, p.next_visit_date, p.lang
      FROM res_partner p
     WHERE """ + RANKED_CUSTOMER_SQL + """
       AND (p.company_id IS NULL OR p.company_id = %(company_id)s)
       AND p.lifecycle IS DISTINCT FROM 'lost'
       AND (%(all_partners)s OR p.id = ANY(%(partner_ids)s))
), ship AS (
    SELECT s.partner_id,
           COUNT(*) FILTER (WHERE s.pickup_planned >= %(r_from)s) AS n_r,
           COUNT(*) FILTER (WHERE s.pickup_planned < %(r_from)s) AS n_b,
           COUNT(*) FILTER (WHERE s.pickup_planned >= %(r_from)s AND s.arrival_due) AS arr_due_r,
           COUNT(*) FILTER (WHERE s.pickup_planned >= %(r_from)s AND s.arrival_due AND s.arrival_on_time) AS arr_ok_r,
           COUNT(*) FILTER (WHERE s.pickup_planned < %(r_from)s AND s.arrival_due) AS arr_due_b,
           COUNT(*) FILTER (WHERE s.pickup_planned < %(r_from)s AND s.arrival_due AND s.arrival_on_time) AS arr_ok_b,
           COUNT(*) FILTER (WHERE s.pickup_planned >= %(r_from)s AND s.dispatch_due) AS dsp_due_r,
           COUNT(*) FILTER (WHERE s.pickup_planned >= %(r_from)s AND s.dispatch_due AND s.dispatch_on_time) AS dsp_ok_r,
           COUNT(*) FILTER (WHERE s.pickup_planned < %(r_from)s AND s.dispatch_due) AS dsp_due_b,
           COUNT(*) FILTER (WHERE s.pickup_planned < %(r_from)s AND s.dispatch_due AND s.dispatch_on_time) AS dsp_ok_b,
           COUNT(*) FILTER (WHERE s.pickup_planned >= %(r_from)s AND s.damaged) AS dmg_r,
           COUNT(*) FILTER (WHERE s.pickup_planned < %(r_from)s AND s.damaged) AS dmg_b,
           COUNT(*) FILTER (WHERE s.pickup_planned >= %(r_from)s
                              AND NOT COALESCE(s.documents_accurate, TRUE)) AS doc_bad_r,
           COUNT(*) FILTER (WHERE s.pickup_planned < %(r_from)s
                              AND NOT COALESCE(s.documents_accurate, TRUE)) AS doc_bad_b
      FROM logistics_shipment s
     WHERE s.pickup_planned >= %(b_from)s AND s.pickup_planned < %(d_from)s
       AND s.company_id = %(company_id)s
       AND (%(all_partners)s OR s.partner_id = ANY(%(partner_ids)s))
     GROUP BY s.partner_id
), cmp AS (
    SELECT cp.commercial_partner_id AS partner_id,
           COUNT(*) FILTER (WHERE c.received_date >= %(r_from)s) AS cmp_r,
           COUNT(*) FILTER (WHERE c.received_date >= %(r_from)s AND c.severity IN ('high', 'critical')) AS cmp_severe_r,
           COUNT(*) FILTER (WHERE c.received_date >= %(r_from)s AND c.is_repeat) AS cmp_repeat_r,
           COUNT(*) FILTER (WHERE c.received_date >= %(r_from)s AND c.sla_status = 'breached') AS cmp_breached_r,
           COUNT(*) FILTER (WHERE c.received_date < %(r_from)s) AS cmp_b
      FROM logistics_complaint c JOIN res_partner cp ON cp.id = c.partner_id
     WHERE c.received_date >= %(b_from)s AND c.received_date < %(d_from)s
       AND """ + counted_complaint_sql("c") + """ AND c.company_id = %(company_id)s
       AND (%(all_partners)s OR cp.commercial_partner_id = ANY(%(partner_ids)s))
     GROUP BY cp.commercial_partner_id
), sat AS (
    SELECT r.customer_id AS partner_id,
           AVG(r.idx) FILTER (WHERE r.answered_on >= %(sr_from)s) AS idx_r,
           AVG(r.idx) FILTER (WHERE r.answered_on < %(sr_from)s) AS idx_b
      FROM (%(responses)s) r
     GROUP BY r.customer_id
), nps AS (
    SELECT n.customer_id AS partner_id,
           """ + nps_sql("n.score", "n.answered_on >= %(sr_from)s") + """ AS nps_r,
           """ + nps_sql("n.score", "n.answered_on < %(sr_from)s") + """ AS nps_b
      FROM (%(nps)s) n
     GROUP BY n.customer_id
), inv AS (
    SELECT m.commercial_partner_id AS partner_id,
           COALESCE(SUM(m.amount_untaxed_signed) FILTER (WHERE m.invoice_date >= %(r_day)s), 0) AS rev_r,
           COALESCE(SUM(m.amount_untaxed_signed) FILTER (WHERE m.invoice_date < %(r_day)s), 0) AS rev_b
      FROM account_move m
     WHERE m.move_type IN ('out_invoice', 'out_refund') AND m.state = 'posted'
       AND m.company_id = %(company_id)s
       AND m.invoice_date >= %(b_day)s AND m.invoice_date < %(d)s
       AND (%(all_partners)s OR m.commercial_partner_id = ANY(%(partner_ids)s))
     GROUP BY m.commercial_partner_id
)
SELECT c.partner_id, c.lang,
       COALESCE(s.n_r, 0) AS n_r, COALESCE(s.n_b, 0) AS n_b,
       COALESCE(s.arr_due_r, 0) AS arr_due_r, COALESCE(s.arr_ok_r, 0) AS arr_ok_r,
       COALESCE(s.arr_due_b, 0) AS arr_due_b, COALESCE(s.arr_ok_b, 0) AS arr_ok_b,
       COALESCE(s.dsp_due_r, 0) AS dsp_due_r, COALESCE(s.dsp_ok_r, 0) AS dsp_ok_r,
       COALESCE(s.dsp_due_b, 0) AS dsp_due_b, COALESCE(s.dsp_ok_b, 0) AS dsp_ok_b,
       COALESCE(s.dmg_r, 0) AS dmg_r, COALESCE(s.dmg_b, 0) AS dmg_b,
       COALESCE(s.doc_bad_r, 0) AS doc_bad_r, COALESCE(s.doc_bad_b, 0) AS doc_bad_b,
       COALESCE(k.cmp_r, 0) AS cmp_r, COALESCE(k.cmp_severe_r, 0) AS cmp_severe_r,
       COALESCE(k.cmp_repeat_r, 0) AS cmp_repeat_r, COALESCE(k.cmp_breached_r, 0) AS cmp_breached_r,
       COALESCE(k.cmp_b, 0) AS cmp_b,
       sa.idx_r, sa.idx_b, np.nps_r, np.nps_b,
       COALESCE(i.rev_r, 0) AS rev_r, COALESCE(i.rev_b, 0) AS rev_b,
       GREATEST(%(d)s - c.next_visit_date, 0) AS visit_overdue_days
  FROM customers c
  LEFT JOIN ship s ON s.partner_id = c.partner_id
  LEFT JOIN cmp k ON k.partner_id = c.partner_id
  LEFT JOIN sat sa ON sa.partner_id = c.partner_id
  LEFT JOIN nps np ON np.partner_id = c.partner_id
  LEFT JOIN inv i ON i.partner_id = c.partner_id
"""

# the answers read for the surveys' periods (appended to the answers' WHERE)
SURVEY_FILTER = """
       AND COALESCE(ui.date_done, ui.end_datetime, ui.create_date) >= %(sb_from)s
       AND COALESCE(ui.date_done, ui.end_datetime, ui.create_date) < %(d_from)s
       AND (%(all_partners)s OR ui.customer_id = ANY(%(partner_ids)s))"""


def clamp_sql(expr):
    return "LEAST(GREATEST((%s)::float8, 0.0), 1.0)" % expr


# Per customer: the figures compared (per week, %, NPS) and the share (0-1) of each
# signal's weight lost ("penalty"), over the aggregates ({signals}: SIGNALS_SQL); see README
# "Customer health" for the rules.
FIGURES_SQL = """
SELECT g.*,
       CASE WHEN g.n_b >= %(min_events)s THEN """ + clamp_sql(
    "((1 - g.volume_recent / g.volume_base) - 0.10) / 0.40") + """ ELSE 0 END AS p_volume,
       CASE WHEN g.arr_due_r >= %(min_events)s AND g.arr_due_b >= %(min_events)s THEN """ + clamp_sql(
    "(g.arrival_base - g.arrival_recent - 5) / 15") + """ ELSE 0 END AS p_arrival,
       CASE WHEN g.dsp_due_r >= %(min_events)s AND g.dsp_due_b >= %(min_events)s THEN """ + clamp_sql(
    "(g.dispatch_base - g.dispatch_recent - 5) / 15") + """ ELSE 0 END AS p_dispatch,
       CASE WHEN g.n_r >= %(min_events)s AND g.n_b >= %(min_events)s THEN """ + clamp_sql(
    "(g.damage_recent - g.damage_base - 1) / 4") + """ ELSE 0 END AS p_damage,
       CASE WHEN g.n_r >= %(min_events)s AND g.n_b >= %(min_events)s THEN """ + clamp_sql(
    "(g.docs_base - g.docs_recent - 3) / 10") + """ ELSE 0 END AS p_docs,
       """ + clamp_sql("(g.cmp_r + g.cmp_severe_r + g.cmp_repeat_r + g.cmp_breached_r"
                       " - g.cmp_b * %(recent_weeks)s::float8 / %(base_weeks)s) / 5") + """ AS p_complaints,
       CASE WHEN g.nps_r IS NOT NULL AND g.nps_b IS NOT NULL THEN """ + clamp_sql(
    "(g.nps_b - g.nps_r - 10) / 40") + """ ELSE 0 END AS p_nps,
       CASE WHEN g.idx_r IS NOT NULL AND g.idx_b IS NOT NULL THEN """ + clamp_sql(
    "(g.idx_b - g.idx_r - 5) / 20") + """ ELSE 0 END AS p_index,
       """ + clamp_sql("g.visit_overdue_days / 60::float8") + """ AS p_visits,
       CASE WHEN g.rev_b > 0 THEN """ + clamp_sql(
    "((1 - g.revenue_recent / g.revenue_base) - 0.10) / 0.40") + """ ELSE 0 END AS p_revenue
  FROM (
    SELECT a.*,
           a.n_r::float8 / %(recent_weeks)s AS volume_recent,
           a.n_b::float8 / %(base_weeks)s AS volume_base,
           100::float8 * a.arr_ok_r / NULLIF(a.arr_due_r, 0) AS arrival_recent,
           100::float8 * a.arr_ok_b / NULLIF(a.arr_due_b, 0) AS arrival_base,
           100::float8 * a.dsp_ok_r / NULLIF(a.dsp_due_r, 0) AS dispatch_recent,
           100::float8 * a.dsp_ok_b / NULLIF(a.dsp_due_b, 0) AS dispatch_base,
           100::float8 * a.dmg_r / NULLIF(a.n_r, 0) AS damage_recent,
           100::float8 * a.dmg_b / NULLIF(a.n_b, 0) AS damage_base,
           100::float8 - 100::float8 * a.doc_bad_r / NULLIF(a.n_r, 0) AS docs_recent,
           100::float8 - 100::float8 * a.doc_bad_b / NULLIF(a.n_b, 0) AS docs_base,
           a.rev_r::float8 / %(recent_weeks)s AS revenue_recent,
           a.rev_b::float8 / %(base_weeks)s AS revenue_base
      FROM ({signals}) a
    OFFSET 0  -- the figures computed once, not inlined into each penalty and the score
  ) g
"""

# the signal (weight) of each penalty: on time, quality and satisfaction take their worst part
SIGNAL_PENALTY = {
    "volume": "f.p_volume",
    "on_time": "GREATEST(f.p_arrival, f.p_dispatch)",
    "quality": "GREATEST(f.p_damage, f.p_docs)",
    "complaints": "f.p_complaints",
    "satisfaction": "GREATEST(f.p_nps, f.p_index)",
    "visits": "f.p_visits",
    "revenue": "f.p_revenue",
}


class LogisticsHealthEngine(models.AbstractModel):
    """The weekly customer health score, set-based (like the tiering engine).

    Callers check who may run it (``res.partner.action_compute_health``, the
    cron); the engine writes as the environment's user.
    """

    _name = "logistics.health.engine"
    _description = "Customer health engine (churn early warning)"

    @api.model
    def _week_of(self, day=None):
        """The scoring week of ``day`` (default: today in the company's time zone): its Monday."""
        if not day:
            tz = pytz.timezone(self.env.company._logistics_tz())
            day = datetime.now(tz).date()
        day = fields.Date.to_date(day)
        return day - timedelta(days=day.weekday())

    @api.model
    def _params(self, company, week, partners=None):
        settings = read_settings(self.env)
        tz = pytz.timezone(company._logistics_tz())

        def utc(day):
            return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
        recent, base = settings["recent_weeks"], settings["base_weeks"]
        r_day = week - timedelta(weeks=recent)
        b_day = r_day - timedelta(weeks=base)
        sr_day = week - timedelta(weeks=max(recent, SURVEY_MIN_WEEKS))
        sb_day = sr_day - timedelta(weeks=base)
        weights = {signal: settings["weight_%s" % signal] for signal in SIGNALS}
        return dict(
            settings, weights=weights,
            company_id=company.id, d=week, d_from=utc(week), r_day=r_day, b_day=b_day,
            r_from=utc(r_day), b_from=utc(b_day), sr_from=utc(sr_day), sb_from=utc(sb_day),
            min_events=MIN_EVENTS, all_partners=partners is None,
            partner_ids=list(partners.ids) if partners is not None else [],
        )

    @api.model
    def _plan_settings(self, cr):
        """For this transaction's statements until the end of the pass (then
        restored): the aggregates in memory, and hash joins of the customers with
        them. PostgreSQL estimates the customers (commercial, not a colleague nor
        a company) at a handful of rows whatever their number and would join each
        aggregate by a nested loop: customers x groups comparisons (minutes at
        100,000 customers). No JIT compilation: the pass runs its statement once,
        and compiling it cost about 0.3 s at 100,000 customers. Returns the values
        replaced (set_local_settings restores them)."""
        return set_local_settings(cr, {"work_mem": ENGINE_WORK_MEM, "enable_nestloop": "off", "jit": "off"})

    @api.model
    def _signals_sql(self):
        """The aggregates query (also what the benchmark compares the engine with)."""
        responses, nps = satisfaction_sql(SURVEY_FILTER)
        return SIGNALS_SQL.replace("%(responses)s", responses).replace("%(nps)s", nps)

    @api.model
    def _result_sql(self, params):
        """The statement creating the temporary table logistics_health_result: the
        aggregates, figures, score and risk of each customer (a parallel plan).
        The reasons are words made on reading, in the reader's language, from
        the figures kept."""
        weights = params["weights"]
        penalty = " + ".join("%d * %s" % (weights[signal], SIGNAL_PENALTY[signal])
                             for signal in SIGNALS if weights[signal])
        return """
            CREATE TEMP TABLE logistics_health_result ON COMMIT DROP AS
            SELECT s.partner_id, s.score, {kept},
                   CASE WHEN s.score < %(at_risk_below)s THEN 'at_risk'
                        -- a quiet churn: the volume of a regular shipper collapses
                        WHEN %(volume_drop_at_risk)s > 0 AND s.n_b >= %(base_weeks)s
                             AND s.volume_recent <= s.volume_base * (100 - %(volume_drop_at_risk)s) / 100.0
                        THEN 'at_risk'
                        WHEN s.score < %(watch_below)s THEN 'watch' ELSE 'healthy' END AS risk
              FROM (SELECT f.*, (100 - round(100 * ({penalty}) / {total}))::integer AS score
                      -- the penalties computed once, not again inside the score
                      FROM ({figures} OFFSET 0) f) s
        """.format(penalty=penalty or "0", total=sum(weights.values()) or 1,
                   kept=", ".join("s.%s" % column for column in SCORE_SIGNAL_COLUMNS.values()),
                   figures=FIGURES_SQL.replace("{signals}", self._signals_sql()))

    @api.model
    def _write_sql(self):
        """The statement writing the week from logistics_health_result, whose parts
        all see the history as it was before it; returns the customers entering
        "at risk" (an array):

        - entering: the customers entering "at risk" with this week: their last
          row so far (this week's on a rerun) was not at risk, no later week scored;
        - the week's rows: those of a rerun rewritten where a figure changed, the
          new ones inserted in partner order (the (partner, week) index and the
          partner key checked in order). No ON CONFLICT DO UPDATE: it would lock
          every row of a rerun. A run of the same week committed meanwhile makes
          the insert fail with a serialization error, and the run is retried.
        """
        columns = ["score", "risk"] + list(SCORE_SIGNAL_COLUMNS)
        values = ", ".join("r.%s" % SCORE_SIGNAL_COLUMNS.get(c, c) for c in columns)
        return """
            WITH entering AS MATERIALIZED (
                SELECT r.partner_id FROM logistics_health_result r
                 WHERE r.risk = 'at_risk'
                   AND NOT EXISTS (SELECT 1 FROM logistics_health_score h
                                    WHERE h.partner_id = r.partner_id AND h.date > %(d)s)
                   AND (SELECT h.risk FROM logistics_health_score h
                         WHERE h.partner_id = r.partner_id AND h.date <= %(d)s
                         ORDER BY h.date DESC LIMIT 1) IS DISTINCT FROM 'at_risk'
            ), changed AS (
                UPDATE logistics_health_score h
                   SET ({cols}, recent_weeks, base_weeks) = ({values}, %(recent_weeks)s, %(base_weeks)s)
                  FROM logistics_health_result r
                 WHERE h.partner_id = r.partner_id AND h.date = %(d)s
                   AND ({old}, h.recent_weeks, h.base_weeks)
                       IS DISTINCT FROM ({values}, %(recent_weeks)s, %(base_weeks)s)
            ), added AS (
                INSERT INTO logistics_health_score (partner_id, date, {cols}, recent_weeks, base_weeks)
                SELECT r.partner_id, %(d)s, {values}, %(recent_weeks)s, %(base_weeks)s
                  FROM logistics_health_result r
                 WHERE NOT EXISTS (SELECT 1 FROM logistics_health_score h
                                    WHERE h.partner_id = r.partner_id AND h.date = %(d)s)
                 ORDER BY r.partner_id
                ON CONFLICT DO NOTHING
            )
            SELECT ARRAY(SELECT partner_id FROM entering ORDER BY partner_id)
        """.format(cols=", ".join(columns), values=values, old=", ".join("h.%s" % c for c in columns))

    @api.model
    def _run(self, company=None, date=None, partners=None, notify=True):
        """Score the customers of ``company`` (or only ``partners``) for the week of
        ``date`` (default: this week): the week's history rows written (a rerun
        rewrites only the rows whose figures changed); customers entering "at risk"
        with their last scored week get their activity (and key accounts a note to
        the Service Managers) when ``notify``. The partners' health fields read
        their last history row: nothing is written on res_partner. Returns the
        number of customers scored."""
        company = company or self.env.company
        week = self._week_of(date)
        params = self._params(company, week, partners)
        self.env.flush_all()
        cr = self.env.cr
        saved = self._plan_settings(cr)
        cr.execute("DROP TABLE IF EXISTS logistics_health_result")
        cr.execute(self._result_sql(params), params)
        scored = cr.rowcount
        cr.execute(self._write_sql(), params)
        entering = cr.fetchone()[0]
        cr.execute("DROP TABLE logistics_health_result")
        set_local_settings(cr, saved)
        self.env["res.partner"].invalidate_model(["health_score", "health_risk", "health_reason", "health_date"])
        self.env["logistics.health.score"].invalidate_model()
        if entering and notify:
            self._notify_at_risk(self.env["res.partner"].browse(entering))
        _logger.info("Customer health scored for the week of %s: %d customers, %d entering at risk",
                     week, scored, len(entering))
        return scored

    @api.model
    def _notify_at_risk(self, partners):
        """One activity for the account manager of each customer entering "at risk"
        (none when an activity of this episode is still open); key accounts also
        noted to the Service Managers."""
        activity_type = self.env.ref("logistics_customer_health.mail_activity_type_at_risk",
                                     raise_if_not_found=False)
        partners = partners.sudo()
        open_activities = self.env["mail.activity"].sudo().search([
            ("res_model", "=", "res.partner"), ("res_id", "in", partners.ids),
            ("activity_type_id", "=", activity_type.id if activity_type else False)])
        busy = set(open_activities.mapped("res_id"))
        model_id = self.env["ir.model"]._get_id("res.partner")
        today = fields.Date.context_today(self)
        values = []
        for partner in partners:
            manager = partner.account_manager_id
            if not manager or partner.id in busy or not activity_type:
                continue
            partner = partner.with_context(lang=manager.lang or "en_US")
            env = partner.env
            values.append({
                "res_model_id": model_id, "res_id": partner.id, "activity_type_id": activity_type.id,
                "user_id": manager.id,
                "summary": env._("Account at risk: %(score)s / 100", score=partner.health_score),
                "note": "<p>%s</p>" % html_escape(partner.health_reason or ""),
                "date_deadline": today + timedelta(days=activity_type.delay_count or 3),
            })
        if values:
            self.env["mail.activity"].sudo().create(values)
        key_accounts = partners.filtered("is_key_account")
        if key_accounts:
            managers = self.env.ref("logistics_crm.group_service_manager").sudo().users.filtered(
                lambda u: not u.share and u.active)
            # one note per language of the Service Managers, each reading its own
            by_lang = {}
            for manager in managers:
                by_lang.setdefault(manager.lang or "en_US", self.env["res.users"])
                by_lang[manager.lang or "en_US"] |= manager
            for partner in key_accounts:
                for lang, readers in sorted(by_lang.items()):
                    local = partner.with_context(lang=lang)
                    local.message_post(
                        body=local.env._("Key account at risk (health %(score)s / 100): %(reason)s",
                                         score=local.health_score, reason=local.health_reason or ""),
                        partner_ids=readers.partner_id.ids, subtype_xmlid="mail.mt_note",
                        message_type="notification")

    @api.model
    def _cron_compute_health(self):
        """Weekly: this week's scores of the cron user's company."""
        return self._run()

    @api.model
    def _backfill(self, weeks, company=None, notify=True):
        """Score the ``weeks`` past weeks and this one, oldest first (history graph)."""
        this_week = self._week_of()
        for back in range(weeks, -1, -1):
            self._run(company, this_week - timedelta(weeks=back), notify=notify)
        return True


# history columns of logistics.health.score -> columns of the result table
SCORE_SIGNAL_COLUMNS = {
    "shipments_recent": "volume_recent", "shipments_base": "volume_base",
    "arrival_recent": "arrival_recent", "arrival_base": "arrival_base",
    "dispatch_recent": "dispatch_recent", "dispatch_base": "dispatch_base",
    "damage_recent": "damage_recent", "damage_base": "damage_base",
    "docs_recent": "docs_recent", "docs_base": "docs_base",
    "complaint_count": "cmp_r", "complaint_serious_count": "cmp_severe_r",
    "complaint_repeat_count": "cmp_repeat_r", "complaint_breached_count": "cmp_breached_r",
    "complaint_base_count": "cmp_b",
    "nps_recent": "nps_r", "nps_base": "nps_b",
    "satisfaction_recent": "idx_r", "satisfaction_base": "idx_b",
    "visit_overdue_days": "visit_overdue_days",
    "revenue_recent": "revenue_recent", "revenue_base": "revenue_base",
    "penalty_volume": "p_volume", "penalty_arrival": "p_arrival", "penalty_dispatch": "p_dispatch",
    "penalty_damage": "p_damage", "penalty_docs": "p_docs", "penalty_complaints": "p_complaints",
    "penalty_nps": "p_nps", "penalty_satisfaction": "p_index", "penalty_visits": "p_visits",
    "penalty_revenue": "p_revenue",
}
