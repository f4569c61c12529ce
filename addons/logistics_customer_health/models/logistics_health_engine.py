import logging
import re
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.tools import html_escape

from odoo.addons.logistics_crm.models.logistics_tier_engine import RANKED_CUSTOMER_SQL
from odoo.addons.logistics_kpi.models.logistics_satisfaction_criterion import satisfaction_sql

from .health_settings import SIGNALS, read_settings

_logger = logging.getLogger(__name__)

# surveys are rare (a few a year): their recent period is at least a quarter
SURVEY_MIN_WEEKS = 13
# memory for the sorts and aggregations of the pass (per worker, as the tiering engine)
ENGINE_WORK_MEM = "64MB"
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
       AND c.state != 'cancelled' AND c.company_id = %(company_id)s
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
           100.0 * (COUNT(*) FILTER (WHERE n.answered_on >= %(sr_from)s AND n.score >= 9)
                    - COUNT(*) FILTER (WHERE n.answered_on >= %(sr_from)s AND n.score <= 6))
                 / NULLIF(COUNT(*) FILTER (WHERE n.answered_on >= %(sr_from)s), 0) AS nps_r,
           100.0 * (COUNT(*) FILTER (WHERE n.answered_on < %(sr_from)s AND n.score >= 9)
                    - COUNT(*) FILTER (WHERE n.answered_on < %(sr_from)s AND n.score <= 6))
                 / NULLIF(COUNT(*) FILTER (WHERE n.answered_on < %(sr_from)s), 0) AS nps_b
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
# signal's weight lost ("penalty"); see README "Customer health" for the rules.
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
       """ + clamp_sql("g.visit_overdue_days / 60.0") + """ AS p_visits,
       CASE WHEN g.rev_b > 0 THEN """ + clamp_sql(
    "((1 - g.revenue_recent / g.revenue_base) - 0.10) / 0.40") + """ ELSE 0 END AS p_revenue
  FROM (
    SELECT a.*,
           a.n_r::float8 / %(recent_weeks)s AS volume_recent,
           a.n_b::float8 / %(base_weeks)s AS volume_base,
           100.0 * a.arr_ok_r / NULLIF(a.arr_due_r, 0) AS arrival_recent,
           100.0 * a.arr_ok_b / NULLIF(a.arr_due_b, 0) AS arrival_base,
           100.0 * a.dsp_ok_r / NULLIF(a.dsp_due_r, 0) AS dispatch_recent,
           100.0 * a.dsp_ok_b / NULLIF(a.dsp_due_b, 0) AS dispatch_base,
           100.0 * a.dmg_r / NULLIF(a.n_r, 0) AS damage_recent,
           100.0 * a.dmg_b / NULLIF(a.n_b, 0) AS damage_base,
           100.0 - 100.0 * a.doc_bad_r / NULLIF(a.n_r, 0) AS docs_recent,
           100.0 - 100.0 * a.doc_bad_b / NULLIF(a.n_b, 0) AS docs_base,
           a.rev_r::float8 / %(recent_weeks)s AS revenue_recent,
           a.rev_b::float8 / %(base_weeks)s AS revenue_base
      FROM logistics_health_signal a
  ) g
"""

# the reason's parts: (key, penalty column, SQL arguments of the template)
REASON_PARTS = [
    ("volume", "p_volume", ("round(f.volume_base::numeric, 1)", "round(f.volume_recent::numeric, 1)")),
    ("arrival", "p_arrival", ("round(f.arrival_base)", "round(f.arrival_recent)")),
    ("dispatch", "p_dispatch", ("round(f.dispatch_base)", "round(f.dispatch_recent)")),
    ("damage", "p_damage", ("round(f.damage_base::numeric, 1)", "round(f.damage_recent::numeric, 1)")),
    ("docs", "p_docs", ("round(f.docs_base)", "round(f.docs_recent)")),
    ("complaints", "p_complaints", ("f.cmp_r",)),
    ("serious", "p_complaints * f.cmp_severe_r", ("f.cmp_severe_r",)),
    ("repeat", "p_complaints * f.cmp_repeat_r", ("f.cmp_repeat_r",)),
    ("breached", "p_complaints * f.cmp_breached_r", ("f.cmp_breached_r",)),
    ("nps", "p_nps", ("round(f.nps_b)", "round(f.nps_r)")),
    ("index", "p_index", ("round(f.idx_b)", "round(f.idx_r)")),
    ("visits", "p_visits", ("f.visit_overdue_days",)),
    ("revenue", "p_revenue", ("round(f.revenue_base::numeric)", "round(f.revenue_recent::numeric)")),
]
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
# the placeholders of each template, in the order of its SQL arguments
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


def pg_format(template, names):
    """A Python template with named placeholders as a PostgreSQL format() string
    with positional ones (%1$s...), in the order of ``names``."""
    marked = template % {name: "\x01%d\x02" % index for index, name in enumerate(names, 1)}
    marked = marked.replace("%", "%%")
    return re.sub("\x01(\\d+)\x02", lambda m: "%%%s$s" % m.group(1), marked)


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
            now=fields.Datetime.now(), uid=self.env.uid,
        )

    @api.model
    def _plan_settings(self, cr):
        """For this transaction's statements until the end of the pass (then
        restored): the aggregates in memory, and hash joins of the customers with
        them. PostgreSQL estimates the customers (commercial, not a colleague nor
        a company) at a handful of rows whatever their number and would join each
        aggregate by a nested loop: customers x groups comparisons (minutes at
        100,000 customers)."""
        cr.execute("SELECT set_config('work_mem', %s, true), set_config('enable_nestloop', 'off', true)",
                   [ENGINE_WORK_MEM])

    @api.model
    def _signals_sql(self):
        """The aggregates query (also what the benchmark compares the engine with)."""
        responses, nps = satisfaction_sql(SURVEY_FILTER)
        return SIGNALS_SQL.replace("%(responses)s", responses).replace("%(nps)s", nps)

    @api.model
    def _reason_sql(self, params):
        """SQL expressions (parts, reason) of the reason of a FIGURES_SQL row ``f`` in
        the language of its customer (column lang), the templates as query
        parameters: ``parts`` the signals' phrases joined, ``reason`` the sentence
        made of the column ``f.parts`` (computed once per row)."""
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        default = "en_US" if "en_US" in langs else langs[0]
        source = reason_templates(self.with_context(lang="en_US").env)
        per_lang = []   # (lang, {key: parameter placeholder})
        for index, lang in enumerate(langs):
            templates = reason_templates(self.with_context(lang=lang).env)
            key_param = {}
            for key, template in templates.items():
                try:
                    converted = pg_format(template, TEMPLATE_ARGS[key])
                except (KeyError, ValueError, TypeError):   # a broken translation: the source text
                    converted = pg_format(source[key], TEMPLATE_ARGS[key])
                name = "tpl_%d_%s" % (index, key)
                params[name] = converted
                key_param[key] = "%%(%s)s" % name
            params["lang_%d" % index] = lang
            per_lang.append(("%%(lang_%d)s" % index, lang, key_param))

        def by_lang(build):
            cases = " ".join("WHEN %s THEN %s" % (placeholder, build(key_param))
                             for placeholder, lang, key_param in per_lang if lang != default)
            otherwise = next(build(key_param) for _p, lang, key_param in per_lang if lang == default)
            return "CASE f.lang %s ELSE %s END" % (cases, otherwise) if cases else otherwise

        def parts(key_param):
            return "concat_ws('; ', %s)" % ", ".join(
                "CASE WHEN f.%s > 0 THEN format(%s, %s) END" % (column, key_param[key], ", ".join(args))
                for key, column, args in REASON_PARTS)

        reason = "CASE WHEN f.parts = '' THEN %s ELSE %s END" % (
            by_lang(lambda kp: "format(%s, %%(recent_weeks)s)" % kp["none"]),
            by_lang(lambda kp: "format(%s, %%(recent_weeks)s, %%(base_weeks)s, f.parts)" % kp["header"]))
        return by_lang(parts), reason

    @api.model
    def _run(self, company=None, date=None, partners=None, notify=True):
        """Score the customers of ``company`` (or only ``partners``) for the week of
        ``date`` (default: this week): history rows of the week written (a rerun
        replaces them), partners updated where the week is not older than their
        last scoring and something changed; customers entering "at risk" get their
        activity (and key accounts a note to the Service Managers) when ``notify``.
        Returns the number of customers scored."""
        company = company or self.env.company
        week = self._week_of(date)
        params = self._params(company, week, partners)
        weights = params["weights"]
        total_weight = sum(weights.values()) or 1
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("SELECT current_setting('work_mem'), current_setting('enable_nestloop')")
        saved = cr.fetchone()
        self._plan_settings(cr)
        cr.execute("DROP TABLE IF EXISTS logistics_health_signal")
        cr.execute("DROP TABLE IF EXISTS logistics_health_result")
        cr.execute("CREATE TEMP TABLE logistics_health_signal ON COMMIT DROP AS " + self._signals_sql(), params)
        penalty = " + ".join("%d * %s" % (weights[signal], SIGNAL_PENALTY[signal])
                             for signal in SIGNALS if weights[signal])
        parts_sql, reason_sql = self._reason_sql(params)
        cr.execute("""
            CREATE TEMP TABLE logistics_health_result ON COMMIT DROP AS
            SELECT s.*, CASE WHEN s.score < %(at_risk_below)s THEN 'at_risk'
                             WHEN s.score < %(watch_below)s THEN 'watch' ELSE 'healthy' END AS risk
              FROM (SELECT f.*, {reason} AS reason,
                           (100 - round(100.0 * ({penalty}) / {total}))::integer AS score
                      FROM (SELECT f.*, {parts} AS parts FROM ({figures}) f) f) s
        """.format(reason=reason_sql, parts=parts_sql, penalty=penalty or "0", total=total_weight,
                   figures=FIGURES_SQL), params)
        scored = cr.rowcount
        # a key for the joins below (no ANALYZE: hash joins are set for the pass, and
        # sampling 100,000 rows of reasons cost more than it saved)
        cr.execute("CREATE UNIQUE INDEX ON logistics_health_result (partner_id)")
        # the week's history rows: inserted, or replaced by a rerun (same values: untouched)
        columns = ["score", "risk", "reason"] + list(SCORE_SIGNAL_COLUMNS)
        cr.execute("""
            INSERT INTO logistics_health_score
                   (partner_id, date, {cols}, create_uid, create_date, write_uid, write_date)
            SELECT r.partner_id, %(d)s, {values}, %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM logistics_health_result r
            ON CONFLICT (partner_id, date) DO UPDATE
               SET {updates}, write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
             WHERE ({old}) IS DISTINCT FROM ({new})
        """.format(
            cols=", ".join(columns),
            values=", ".join("r.%s" % SCORE_SIGNAL_COLUMNS.get(c, c) for c in columns),
            updates=", ".join("%s = EXCLUDED.%s" % (c, c) for c in columns),
            old=", ".join("logistics_health_score.%s" % c for c in columns),
            new=", ".join("EXCLUDED.%s" % c for c in columns)), params)
        # customers entering "at risk" with this week (not an older week rescored); the
        # partners' health_date is the week of their last history row (not written here)
        cr.execute("""
            SELECT r.partner_id FROM logistics_health_result r JOIN res_partner p ON p.id = r.partner_id
             WHERE r.risk = 'at_risk' AND p.health_risk IS DISTINCT FROM 'at_risk'
               AND NOT EXISTS (SELECT 1 FROM logistics_health_score h
                                WHERE h.partner_id = r.partner_id AND h.date > %(d)s)
        """, params)
        entering = [row[0] for row in cr.fetchall()]
        cr.execute("""
            UPDATE res_partner p
               SET health_score = r.score, health_risk = r.risk, health_reason = r.reason
              FROM logistics_health_result r
             WHERE p.id = r.partner_id
               AND (p.health_score, p.health_risk, p.health_reason)
                   IS DISTINCT FROM (r.score, r.risk::varchar, r.reason)
               -- not when an older week is rescored
               AND NOT EXISTS (SELECT 1 FROM logistics_health_score h
                                WHERE h.partner_id = r.partner_id AND h.date > %(d)s)
        """, params)
        cr.execute("DROP TABLE logistics_health_signal")
        cr.execute("DROP TABLE logistics_health_result")
        cr.execute("SELECT set_config('work_mem', %s, true), set_config('enable_nestloop', %s, true)", saved)
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
            env = self.with_context(lang=manager.lang or "en_US").env
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
            for partner in key_accounts:
                partner.message_post(
                    body=self.env._("Key account at risk (health %(score)s / 100): %(reason)s",
                                    score=partner.health_score, reason=partner.health_reason or ""),
                    partner_ids=managers.partner_id.ids, subtype_xmlid="mail.mt_note",
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
