"""Benchmark of logistics_customer_health (run by hand, never in CI):

    make bench-health

1. Weekly scoring at scale: 100,000 customers, 1,000,000 shipments over the last
   34 weeks (the recent 8 + the 26 compared with), 20,000 complaints, 100,000
   posted invoices, all inserted with generate_series SQL (committed: the
   scratch database is dropped after the run). The engine's weekly run
   (``logistics.health.engine._run``: aggregates, figures, scores, risks, the
   customers entering "at risk", the week's history rows) against the bare SQL
   computing the same aggregates into a table (the engine's own aggregate
   query, ``_signals_sql``, with the engine's planner settings). Each figure is
   the median of 3 runs, each committed and started from a vacuumed table (a
   rolled-back run would leave 100,000 dead rows and index entries behind).
   Timed: the bare SQL (each after a warm-up run); the floor (the same
   aggregates, then 100,000 bare history rows inserted from them: what any
   scoring that keeps a weekly history must at least do); the engine's own
   scores (``_result_sql``) followed by rows of partner, week, score and risk
   only, then by rows with every figure the reason reads (plain inserts: no
   entering customers, no rerun safety); the first scoring
   of a week with an empty history; the next week's scoring with this week's
   history in place; a rerun of the same week (idempotent: nothing written).
2. Early warning on a generated history (BENCH_DETECT_CUSTOMERS customers, 60
   weeks of shipments), scored every week over the last 26 weeks, counting
   whether the declining customers are flagged "at risk" before they stop and
   how many stable customers are flagged by mistake. Printed, not asserted.

   The generator (deterministic: setseed), per customer i (week 0 = this week):
   - one posted invoice a week of the week's shipment revenue;
   - a base volume of 2-12 shipments a week (Poisson-like noise: each planned
     slot ships with probability 0.85) and an own on-time level of 85-99 %;
   - stable customers (80 %): that level all along; 30 % of them have one bad
     week (60 % late arrivals) somewhere in the last 26 weeks, 20 % get one
     complaint of normal severity at a random week;
   - declining customers (20 %): from a start week s in [-30, -16] their volume
     falls linearly to 20 % of its level over L in [8, 16] weeks, then stops
     (no shipment from week s + L, at most week 0). Two thirds of them also
     degrade: late arrivals rise to 20-50 % over the slide and half of those
     complain once or twice (high severity) during it; the other third only
     fade (volume alone, "quiet" churn).
   A declining customer is "flagged before it stops" when a weekly score
   before its stop week says at_risk; the lead time is counted in weeks.

Runs inside `odoo shell` on a scratch database (``env`` is given). Sizes:
BENCH_CUSTOMERS, BENCH_SHIPMENTS, BENCH_DETECT_CUSTOMERS. BENCH_PARTS=scale or
detect runs one part only.
"""
import os
import statistics
import sys
import time
from datetime import timedelta

import odoo

from odoo.addons.logistics_customer_health.models.logistics_health_engine import SCORE_SIGNAL_COLUMNS

CUSTOMERS = int(os.environ.get("BENCH_CUSTOMERS", 100000))
SHIPMENTS = int(os.environ.get("BENCH_SHIPMENTS", 1000000))
DETECT_CUSTOMERS = int(os.environ.get("BENCH_DETECT_CUSTOMERS", 1000))
PARTS = os.environ.get("BENCH_PARTS", "scale,detect")
cr = env.cr  # noqa: F821 (odoo shell)
company = env.company  # noqa: F821
engine = env["logistics.health.engine"]  # noqa: F821
week = engine._week_of()
TABLE = []  # markdown rows: | measure | value | target |
sys.path.insert(0, os.environ["BENCH_DIR"])
from benchlib import new_customers, print_table  # noqa: E402

# the shipment summary of logistics_kpi is not what is measured here
cr.execute("ALTER TABLE logistics_shipment DISABLE TRIGGER USER")
cr.execute("SELECT id FROM account_journal WHERE type = 'sale' AND company_id = %s LIMIT 1", [company.id])
journal = (cr.fetchone() or [None])[0]


def vacuum(*tables):
    """VACUUM ANALYZE ``tables`` (outside the shell's transaction: its own autocommit connection)."""
    with odoo.sql_db.db_connect(cr.dbname).cursor() as other:
        other._cnx.autocommit = True
        for table in tables:
            other.execute("VACUUM ANALYZE %s" % table)


# ---------------------------------------------------------------- 1. scale
if "scale" in PARTS:
    t0 = time.time()
    partners = new_customers(cr, company, CUSTOMERS, "Bench health ", email=False)
    p0 = min(partners)
    # shipments over the 34 weeks before this week; every 20th customer slips in the recent 8 weeks
    cr.execute("""
        INSERT INTO logistics_shipment (name, partner_id, company_id, currency_id, service_type,
            pickup_planned, pickup_actual, delivery_planned, delivery_actual, month, documents_accurate,
            documents_returned, damaged, shortage, revenue, dispatch_on_time, arrival_on_time,
            dispatch_due, arrival_due, create_date, write_date)
        SELECT 'H' || g, p, %(company)s, %(currency)s, 'ftl', pp, pp + interval '10 minutes', pp + interval '2 days',
               pp + interval '2 days' + CASE WHEN late THEN interval '5 hours' ELSE interval '0' END,
               date_trunc('month', pp)::date, g %% 41 <> 0, TRUE, g %% 997 = 0, FALSE, 100 + g %% 900,
               TRUE, NOT late, TRUE, TRUE, now(), now()
          FROM (SELECT g, p, pp,
                       (g %% 17 = 0) OR (p %% 20 = 0 AND pp >= %(recent)s AND g %% 2 = 0) AS late
                  FROM (SELECT g, %(p0)s + ((g::bigint * 7919) %% %(np)s)::int AS p,
                               %(week)s::timestamp - ((g %% 238) || ' days')::interval
                                                   - ((g %% 10) || ' hours')::interval AS pp
                          FROM generate_series(1, %(n)s) g) x) y
    """, {"company": company.id, "currency": company.currency_id.id, "p0": p0, "np": CUSTOMERS,
          "n": SHIPMENTS, "week": week, "recent": week - timedelta(weeks=8)})
    cr.execute("""
        INSERT INTO logistics_complaint (name, partner_id, company_id, channel, received_date, severity, state,
                                         is_repeat, sla_status, create_date, write_date)
        SELECT 'HC' || g, %(p0)s + ((g::bigint * 104729) %% %(np)s)::int, %(company)s, 'phone',
               %(week)s::timestamp - ((g %% 238) || ' days')::interval,
               (ARRAY['low', 'normal', 'high', 'critical'])[1 + g %% 4], 'closed',
               g %% 5 = 0, CASE WHEN g %% 7 = 0 THEN 'breached' ELSE 'on_track' END, now(), now()
          FROM generate_series(1, %(n)s) g
    """, {"company": company.id, "p0": p0, "np": CUSTOMERS, "n": CUSTOMERS // 5, "week": week})
    if journal:
        cr.execute("""
            INSERT INTO account_move (journal_id, company_id, currency_id, date, invoice_date, state, move_type,
                                      auto_post, partner_id, commercial_partner_id, amount_untaxed_signed,
                                      name, create_date, write_date)
            SELECT %(journal)s, %(company)s, %(currency)s, d, d, 'posted', 'out_invoice', 'no', p, p,
                   1000 + g %% 9000, 'HINV/' || g, now(), now()
              FROM (SELECT g, %(p0)s + ((g::bigint * 15485863) %% %(np)s)::int AS p,
                           (%(week)s::date - (g %% 238)) AS d
                      FROM generate_series(1, %(n)s) g) x
        """, {"journal": journal, "company": company.id, "currency": company.currency_id.id, "p0": p0,
              "np": CUSTOMERS, "n": CUSTOMERS, "week": week})
    cr.execute("ANALYZE logistics_shipment; ANALYZE logistics_complaint; ANALYZE account_move; ANALYZE res_partner")
    print("data: %d customers, %d shipments, %d complaints, %d invoices generated in %.1f s"
          % (CUSTOMERS, SHIPMENTS, CUSTOMERS // 5, CUSTOMERS if journal else 0, time.time() - t0))

    # every timed run starts from a committed, vacuumed state (a rolled-back run
    # would leave 100,000 dead rows and index entries for the next one to step over)
    cr.commit()
    vacuum("logistics_shipment", "logistics_complaint", "account_move", "res_partner", "logistics_health_score")
    params = engine._params(company, week)
    signals_sql = engine._signals_sql()

    def aggregates():
        """The bare SQL: the engine's aggregates into bench_health_bare."""
        engine._plan_settings(cr)   # the engine's planner settings, for a like-for-like plan
        cr.execute("DROP TABLE IF EXISTS bench_health_bare")
        cr.execute("CREATE TEMP TABLE bench_health_bare AS " + signals_sql, params)

    def bare_sql():
        aggregates()
        cr.execute("DROP TABLE bench_health_bare")
        cr.commit()

    def clean(where="TRUE"):
        cr.execute("DELETE FROM logistics_health_score WHERE " + where)
        cr.commit()
        vacuum("logistics_health_score")
        env.invalidate_all()  # noqa: F821

    def timed(fn, before):
        times = []
        for _i in range(3):
            before()
            start = time.time()
            fn()
            cr.commit()
            times.append(time.time() - start)
        return statistics.median(times), times

    t_sql, sqls = timed(bare_sql, bare_sql)   # each after a warm-up run

    # the floor: the same aggregates, then the week's history rows written from them
    # (partner, week, a score: what any scoring keeping a weekly history writes), nothing else
    def floor():
        aggregates()
        cr.execute("""
            INSERT INTO logistics_health_score (partner_id, date, score, risk)
            SELECT partner_id, %s, 100, 'healthy' FROM bench_health_bare ORDER BY partner_id
        """, [week])
        cr.execute("DROP TABLE bench_health_bare")

    t_floor, floors = timed(floor, clean)

    # the engine's own pieces, to see what costs what above the floor: its scores
    # (aggregates, figures, score and risk into its temporary table), then rows of
    # partner, week, score and risk only; then every column the reason reads
    # (no entering customers, no rerun safety: a plain insert in partner order)
    score_columns = ["score", "risk"] + list(SCORE_SIGNAL_COLUMNS)

    def scores_then(columns):
        def run():
            engine._plan_settings(cr)
            cr.execute("DROP TABLE IF EXISTS logistics_health_result")
            cr.execute(engine._result_sql(params), params)
            cr.execute("""
                INSERT INTO logistics_health_score (partner_id, date, {cols})
                SELECT r.partner_id, %(d)s, {values} FROM logistics_health_result r ORDER BY r.partner_id
            """.format(cols=", ".join(columns),
                       values=", ".join("r.%s" % SCORE_SIGNAL_COLUMNS.get(c, c) for c in columns)), params)
            cr.execute("DROP TABLE logistics_health_result")
        return run

    t_narrow, narrows = timed(scores_then(["score", "risk"]), clean)
    t_wide, wides = timed(scores_then(score_columns), clean)
    # first scoring of this week, the history empty (100,000 history rows)
    results = {}

    def first():
        results["scored"] = engine._run(company, week)

    t_first, firsts = timed(first, clean)
    scored = results["scored"]
    cr.execute("SELECT COUNT(*) FROM logistics_health_score WHERE date = %s", [week])
    rows = cr.fetchone()[0]
    cr.execute("SELECT risk, COUNT(*) FROM logistics_health_score WHERE date = %s GROUP BY 1 ORDER BY 1", [week])
    risks = dict(cr.fetchall())
    # rerun of the same week: idempotent (nothing to write)
    t_rerun, reruns = timed(lambda: engine._run(company, week), lambda: None)
    cr.execute("SELECT COUNT(*) FROM logistics_health_score WHERE date = %s", [week])
    assert cr.fetchone()[0] == rows
    # next week's scoring, this week's history in place (no new data here, so most figures shift a little)
    next_week = week + timedelta(weeks=1)
    t_next, nexts = timed(lambda: engine._run(company, next_week),
                          lambda: clean(cr.mogrify("date = %s", [next_week]).decode()))
    print("weekly scoring of %d customers over %d shipments (seconds, 3 runs each): bare SQL aggregates %s; "
          "floor (aggregates + the week's history rows) %s; scores + rows of score and risk %s; scores + rows "
          "of every figure %s; engine first run %s; rerun of the same week %s; next week %s; %d history rows; "
          "risks %s"
          % (scored, SHIPMENTS, *(["%.2f" % t for t in ts]
                                  for ts in (sqls, floors, narrows, wides, firsts, reruns, nexts)),
             rows, risks))
    TABLE.append(("bare SQL aggregates, %d customers / %d shipments" % (scored, SHIPMENTS), "%.2f s" % t_sql, ""))
    TABLE.append(("floor: the aggregates + the week's %d history rows, nothing else / bare SQL" % scored,
                  "%.2fx (%.2f s)" % (t_floor / t_sql, t_floor), "(figure)"))
    TABLE.append(("the engine's scores + rows of partner, week, score and risk / bare SQL",
                  "%.2fx (%.2f s)" % (t_narrow / t_sql, t_narrow), "(figure)"))
    TABLE.append(("the engine's scores + rows with every figure of the reason / bare SQL",
                  "%.2fx (%.2f s)" % (t_wide / t_sql, t_wide), "(figure)"))
    TABLE.append(("weekly scoring, first run (empty history) / bare SQL", "%.2fx (%.2f s)" % (t_first / t_sql, t_first),
                  "<= 2x"))
    TABLE.append(("weekly scoring, next week (history in place) / bare SQL",
                  "%.2fx (%.2f s)" % (t_next / t_sql, t_next), "<= 2x"))
    TABLE.append(("weekly scoring, rerun of the same week / bare SQL", "%.2fx (%.2f s)" % (t_rerun / t_sql, t_rerun),
                  "<= 2x"))
    clean()

# ---------------------------------------------------------------- 2. early warning
if "detect" in PARTS:
    cr.execute("SELECT setseed(0.42)")
    ids = new_customers(cr, company, DETECT_CUSTOMERS, "Bench detect ", email=False)
    cr.execute("""
        CREATE TEMP TABLE bench_profile AS
        SELECT id AS partner_id,
               2 + floor(random() * 11)::int AS level,
               0.85 + random() * 0.14 AS on_time,
               random() < 0.2 AS declining,
               -30 + floor(random() * 15)::int AS slide_start,
               8 + floor(random() * 9)::int AS slide_weeks,
               random() AS kind,
               -26 + floor(random() * 26)::int AS bad_week,
               random() AS luck
          FROM unnest(%s::int[]) id ORDER BY id
    """, [ids])
    cr.execute("""
        ALTER TABLE bench_profile ADD COLUMN stop_week int;
        UPDATE bench_profile SET stop_week = LEAST(slide_start + slide_weeks, 0) WHERE declining;
    """)
    cr.execute("""
        INSERT INTO logistics_shipment (name, partner_id, company_id, currency_id, service_type,
            pickup_planned, pickup_actual, delivery_planned, delivery_actual, month, documents_accurate,
            documents_returned, damaged, shortage, revenue, dispatch_on_time, arrival_on_time,
            dispatch_due, arrival_due, create_date, write_date)
        SELECT 'D' || x.partner_id || '-' || x.w || '-' || x.slot, x.partner_id, %(company)s, %(currency)s, 'ftl',
               x.pp, x.pp, x.pp + interval '2 days', x.pp + interval '2 days' + CASE WHEN x.late THEN interval '6 hours'
                                                                              ELSE interval '0' END,
               date_trunc('month', x.pp)::date, TRUE, TRUE, FALSE, FALSE, 500, TRUE, NOT x.late, TRUE, TRUE,
               now(), now()
          FROM (
            SELECT b.partner_id, w, slot,
                   %(week)s::timestamp + (w * 7 + slot %% 5) * interval '1 day' + interval '2 hours' AS pp,
                   random() < CASE
                       WHEN NOT b.declining AND b.luck < 0.3 AND w = b.bad_week THEN 0.6
                       WHEN b.declining AND b.kind < 0.67 AND w >= b.slide_start
                            THEN (1 - b.on_time) + (0.2 + 0.3 * b.luck) * (w - b.slide_start + 1)::float / b.slide_weeks
                       ELSE 1 - b.on_time END AS late,
                   random() < 0.85 * CASE
                       WHEN b.declining AND w >= b.stop_week THEN 0
                       WHEN b.declining AND w >= b.slide_start
                            THEN 1 - 0.8 * (w - b.slide_start + 1)::float / b.slide_weeks
                       ELSE 1 END AS ships
              FROM bench_profile b, generate_series(-60, -1) w, generate_series(1, 12) slot
             WHERE slot <= b.level
          ) x
         WHERE x.ships
    """, {"company": company.id, "currency": company.currency_id.id, "week": week})
    shipped = cr.rowcount
    # the invoices follow the shipments: one a week of the week's shipments
    if journal:
        cr.execute("""
            INSERT INTO account_move (journal_id, company_id, currency_id, date, invoice_date, state, move_type,
                                      auto_post, partner_id, commercial_partner_id, amount_untaxed_signed,
                                      name, create_date, write_date)
            SELECT %(journal)s, %(company)s, %(currency)s, d, d, 'posted', 'out_invoice', 'no', partner_id, partner_id,
                   SUM(revenue), 'DINV/' || partner_id || '/' || d, now(), now()
              FROM (SELECT partner_id, revenue, (date_trunc('week', pickup_planned) + interval '6 days')::date AS d
                      FROM logistics_shipment WHERE partner_id = ANY(%(ids)s)) s
             GROUP BY partner_id, d
        """, {"journal": journal, "company": company.id, "currency": company.currency_id.id, "ids": ids})
    # complaints: stable customers once at random (20 %), degrading declines once or twice during the slide
    cr.execute("""
        INSERT INTO logistics_complaint (name, partner_id, company_id, channel, received_date, severity, state,
                                         is_repeat, sla_status, create_date, write_date)
        SELECT 'DC' || b.partner_id || '-' || n, b.partner_id, %(company)s, 'phone',
               %(week)s::timestamp + ((CASE WHEN b.declining THEN b.slide_start + n * b.slide_weeks / 3
                                            ELSE b.bad_week END) * 7 + 2) * interval '1 day',
               CASE WHEN b.declining THEN 'high' ELSE 'normal' END, 'closed', n = 2, 'on_track', now(), now()
          FROM bench_profile b, generate_series(1, 2) n
         WHERE (b.declining AND b.kind < 0.33 AND (n = 1 OR b.luck < 0.5))
            OR (NOT b.declining AND b.luck > 0.8 AND n = 1)
    """, {"company": company.id, "week": week})
    cr.execute("ANALYZE logistics_shipment; ANALYZE logistics_complaint; ANALYZE bench_profile")
    t0 = time.time()
    for back in range(26, -1, -1):
        engine._run(company, week - timedelta(weeks=back), partners=env["res.partner"].browse(ids))  # noqa: F821
    t_runs = time.time() - t0
    cr.execute("""
        WITH flags AS (
            SELECT s.partner_id, MIN(s.date) AS first_flag
              FROM logistics_health_score s
             WHERE s.risk = 'at_risk' AND s.partner_id = ANY(%(ids)s)
             GROUP BY s.partner_id
        ), watches AS (
            SELECT s.partner_id, MIN(s.date) AS first_watch
              FROM logistics_health_score s
             WHERE s.risk IN ('watch', 'at_risk') AND s.partner_id = ANY(%(ids)s)
             GROUP BY s.partner_id
        )
        SELECT b.declining, COUNT(*),
               COUNT(*) FILTER (WHERE f.first_flag IS NOT NULL),
               COUNT(*) FILTER (WHERE b.declining AND f.first_flag < %(week)s + b.stop_week * 7),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY (%(week)s + b.stop_week * 7 - f.first_flag) / 7.0)
                   FILTER (WHERE b.declining AND f.first_flag < %(week)s + b.stop_week * 7),
               COUNT(*) FILTER (WHERE b.declining AND b.kind >= 0.67),
               COUNT(*) FILTER (WHERE b.declining AND b.kind >= 0.67 AND f.first_flag < %(week)s + b.stop_week * 7),
               COUNT(*) FILTER (WHERE b.declining AND w.first_watch < %(week)s + b.stop_week * 7),
               COUNT(*) FILTER (WHERE w.first_watch IS NOT NULL)
          FROM bench_profile b LEFT JOIN flags f ON f.partner_id = b.partner_id
          LEFT JOIN watches w ON w.partner_id = b.partner_id
         GROUP BY b.declining ORDER BY b.declining
    """, {"ids": ids, "week": week})
    figures = {row[0]: row[1:] for row in cr.fetchall()}
    empty = (0, 0, 0, None, 0, 0, 0, 0)
    stable, declining = figures.get(False, empty), figures.get(True, empty)
    print("early warning: %d customers, %d shipments over 60 weeks, scored weekly over 27 weeks in %.1f s"
          % (DETECT_CUSTOMERS, shipped, t_runs))
    print("  declining customers flagged before they stop: %d / %d = %.0f %% (median lead %.1f weeks); "
          "quiet (volume-only) declines: %d / %d" % (
              declining[2], declining[0], 100.0 * declining[2] / max(declining[0], 1), declining[3] or 0,
              declining[5], declining[4]))
    print("  declining customers at least 'watch' before they stop: %d / %d = %.0f %%" % (
        declining[6], declining[0], 100.0 * declining[6] / max(declining[0], 1)))
    print("  stable customers flagged by mistake: %d / %d = %.1f %% (at least 'watch' once: %.1f %%)" % (
        stable[1], stable[0], 100.0 * stable[1] / max(stable[0], 1), 100.0 * stable[7] / max(stable[0], 1)))
    TABLE.append(("declining customers flagged before they stop (%d)" % declining[0],
                  "%.0f %% (median lead %.1f weeks)" % (100.0 * declining[2] / max(declining[0], 1),
                                                      declining[3] or 0), "(figure)"))
    TABLE.append(("declining customers at least 'watch' before they stop (%d)" % declining[0],
                  "%.0f %%" % (100.0 * declining[6] / max(declining[0], 1)), "(figure)"))
    TABLE.append(("stable customers flagged at risk by mistake (%d)" % stable[0],
                  "%.1f %%" % (100.0 * stable[1] / max(stable[0], 1)), "(figure)"))

cr.rollback()
print_table(TABLE)
