"""Benchmark of logistics_kpi (run by hand, never in CI):

    make bench-kpi

1. KPI pivot: ``logistics.kpi.report.read_group`` (by month, region x quarter,
   customer, customer x month; the pivot's measures) over 1,000,000 shipments
   against the equivalent bare SQL GROUP BY on the shipment table, same run,
   median of 5 after a warm-up. The report reads a summary table that triggers
   keep current, so the price is paid on writes: the bulk insert of the
   shipments and single ORM creates/writes are timed with the triggers and
   without them (disabled), side by side.
2. Survey campaign queuing invitations: SQL queries per recipient at 1,000 and at
   10,000 recipients (constant?), time per recipient, against Odoo 11's own survey
   invitation wizard (survey.mail.compose.message, which sends each mail at once
   through SMTP; a local aiosmtpd sink receives them) on the same 1,000
   recipients as the small campaign. The campaign's own mails are then
   delivered by the mail queue and timed too.

Runs inside `odoo shell` on a scratch database (``env`` is given).
BENCH_PARTS=pivot runs the first part only. Both sides of the pivot comparison
run in the same transaction, so with the same work_mem (read_group sets 64MB).
"""
import os
import statistics
import time


SHIPMENTS = int(os.environ.get("BENCH_SHIPMENTS", 1000000))
CUSTOMERS = int(os.environ.get("BENCH_CUSTOMERS", 2000))
RECIPIENTS = int(os.environ.get("BENCH_RECIPIENTS", 10000))
WIZARD_RECIPIENTS = int(os.environ.get("BENCH_WIZARD_RECIPIENTS", 1000))
cr = env.cr  # noqa: F821 (odoo shell)
company = env.user.company_id  # noqa: F821


def new_customers(count, prefix, email=True):
    cr.execute("""
        INSERT INTO res_partner (name, display_name, is_company, customer, active, company_id, type,
                                 email, lang, invoice_warn, create_date, write_date)
        SELECT %s || g, %s || g, TRUE, TRUE, TRUE, %s, 'contact',
               CASE WHEN %s THEN lower(%s) || g || '@bench.example.com' END, 'en_US', 'no-message', now(), now()
          FROM generate_series(1, %s) g
        RETURNING id""", (prefix, prefix, company.id, email, prefix.replace(" ", "."), count))
    ids = [r[0] for r in cr.fetchall()]
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", (ids,))
    return ids


def median_time(fn, runs=5):
    fn()  # warm-up (caches, plans)
    times = []
    for _i in range(runs):
        start = time.time()
        fn()
        times.append(time.time() - start)
    return statistics.median(times)


# ---------------------------------------------------------------- 1. KPI pivot
partners = new_customers(CUSTOMERS, "Bench customer ")


def insert_shipments(prefix, count):
    cr.execute("""
    INSERT INTO logistics_shipment (name, partner_id, company_id, currency_id, service_type, dest_state_id,
        pickup_planned, pickup_actual, delivery_planned, delivery_actual, month, documents_accurate,
        documents_returned, damaged, shortage, revenue, weight, dispatch_on_time, arrival_on_time,
        create_date, write_date)
    SELECT %(prefix)s || g, p, %(company)s, %(currency)s, 'ftl', s, pp, pa, dp, da, date_trunc('month', pp)::date,
           g %% 37 <> 0, g %% 19 <> 0, g %% 997 = 0, g %% 1999 = 0, 100 + g %% 900, 10 + g %% 5000,
           pa <= pp + interval '30 minutes', da <= dp + interval '60 minutes', now(), now()
      FROM (SELECT g, %(p0)s + ((g::bigint * 7919) %% %(np)s)::int AS p,
                   (%(states)s::int[])[1 + g %% %(ns)s] AS s,
                   now() - ((g %% 730) || ' days')::interval AS pp,
                   now() - ((g %% 730) || ' days')::interval + ((g %% 90) || ' minutes')::interval AS pa,
                   now() - ((g %% 730) || ' days')::interval + interval '2 days' AS dp,
                   now() - ((g %% 730) || ' days')::interval + interval '2 days'
                         + ((g %% 120) || ' minutes')::interval AS da
              FROM generate_series(1, %(n)s) g) x
""", {"company": company.id, "currency": company.currency_id.id, "p0": min(partners), "np": CUSTOMERS,
      "states": states, "ns": len(states), "n": count, "prefix": prefix})


# the price of the summary on writes: the same bulk insert without and with the triggers
cr.execute("SELECT id FROM res_country_state ORDER BY id LIMIT 30")
states = [r[0] for r in cr.fetchall()]
cr.execute("SAVEPOINT no_triggers")
cr.execute("ALTER TABLE logistics_shipment DISABLE TRIGGER USER")
t0 = time.time()
insert_shipments("N", SHIPMENTS)
t_plain = time.time() - t0
cr.execute("ROLLBACK TO SAVEPOINT no_triggers")
t0 = time.time()
insert_shipments("B", SHIPMENTS)
t_summary = time.time() - t0
cr.execute("ANALYZE logistics_shipment; ANALYZE res_partner; ANALYZE logistics_kpi_shipment_month")
cr.execute("SELECT COUNT(*) FROM logistics_kpi_shipment_month")
summary_rows = cr.fetchone()[0]
print("data: %d shipments for %d customers in one INSERT: %.1f s without the summary triggers, %.1f s with "
      "them (%.2fx), %d summary rows" % (SHIPMENTS, CUSTOMERS, t_plain, t_summary, t_summary / t_plain,
                                         summary_rows))
Shipment = env["logistics.shipment"]  # noqa: F821


def orm_writes(prefix, count=200):
    start = time.time()
    for n in range(count):
        shipment = Shipment.create({
            "name": "%s%d" % (prefix, n), "partner_id": partners[n % len(partners)],
            "pickup_planned": "2026-10-%02d 08:00:00" % (1 + n % 28), "pickup_actual": "2026-10-01 09:00:00",
            "dest_state_id": states[n % len(states)], "revenue": 100.0})
        shipment.write({"delivery_planned": "2026-11-01 08:00:00", "delivery_actual": "2026-11-01 07:00:00",
                        "damaged": n % 7 == 0})
    return (time.time() - start) / count


for _round in range(2):  # the second round is the one printed (caches warm)
    cr.execute("SAVEPOINT orm")
    cr.execute("ALTER TABLE logistics_shipment DISABLE TRIGGER USER")
    per_plain = orm_writes("OP%d-" % _round)
    cr.execute("ROLLBACK TO SAVEPOINT orm")
    env.clear()  # noqa: F821
    per_summary = orm_writes("OS%d-" % _round)
    cr.execute("ROLLBACK TO SAVEPOINT orm")
    env.clear()  # noqa: F821
print("ORM create + write of one shipment (200, mean): %.2f ms without the summary triggers, %.2f ms with them "
      "(%.2fx)" % (per_plain * 1e3, per_summary * 1e3, per_summary / per_plain))

Report = env["logistics.kpi.report"]  # noqa: F821
MEASURES = ["shipment_count", "dispatch_on_time_rate", "arrival_on_time_rate", "document_accuracy_rate",
            "damage_rate"]
SQL_MEASURES = """COUNT(*),
       100.0 * COUNT(*) FILTER (WHERE dispatch_on_time) / NULLIF(COUNT(pickup_actual), 0),
       100.0 * COUNT(*) FILTER (WHERE arrival_on_time) / NULLIF(COUNT(delivery_actual), 0),
       100.0 * COUNT(*) FILTER (WHERE documents_accurate) / COUNT(*),
       1000.0 * COUNT(*) FILTER (WHERE damaged) / COUNT(*)"""
# (label, read_group groupby, the same grouping in bare SQL on the shipment table)
PIVOTS = [
    ("month", ["month:month"], ["date_trunc('month', month)"]),
    ("region x quarter", ["region_id", "month:quarter"], ["dest_state_id", "date_trunc('quarter', month)"]),
    ("customer", ["partner_id"], ["partner_id"]),
    ("customer x month", ["partner_id", "month:month"], ["partner_id", "date_trunc('month', month)"]),
]
for label, groupby, sql_groupby in PIVOTS:
    result = {}

    def orm():
        groups = Report.read_group([], MEASURES, groupby, lazy=False)
        result["orm"] = (len(groups), sum(g["shipment_count"] for g in groups))

    def bare_sql():
        keys = ", ".join(sql_groupby)
        cr.execute("SELECT %s, %s FROM logistics_shipment GROUP BY %s ORDER BY %s" % (
            keys, SQL_MEASURES, keys, keys))
        rows = cr.fetchall()
        result["sql"] = (len(rows), sum(r[len(sql_groupby)] for r in rows))

    t_orm = median_time(orm)
    t_sql = median_time(bare_sql)
    assert result["orm"] == result["sql"], result
    print("KPI pivot by %-17s %6d groups over %d shipments: read_group %.3f s, bare SQL GROUP BY %.3f s, "
          "ratio %.2f (target <= 1.5)" % (label + ",", result["orm"][0], result["orm"][1], t_orm, t_sql,
                                           t_orm / t_sql))
cr.execute("DELETE FROM logistics_shipment")
if "campaign" not in os.environ.get("BENCH_PARTS", "pivot,campaign"):
    raise SystemExit(0)

# ---------------------------------------------------------------- 2. survey invitations
from odoo.addons.logistics_crm.tests.common import SmtpSink  # noqa: E402

survey = env.ref("logistics_kpi.survey_satisfaction")  # noqa: F821
Campaign = env["logistics.survey.campaign"]  # noqa: F821
Campaign.search([]).write({"active": False})
sink = SmtpSink().start()
sink.wire(env)  # noqa: F821
env["ir.config_parameter"].set_param("web.base.url", "http://localhost:8069")  # noqa: F821


def run_campaign(count, name):
    ids = new_customers(count, name)
    campaign = Campaign.create({"name": name, "kind": "periodic", "survey_id": survey.id,
                                "partner_ids": [(6, 0, ids)], "batch_size": 500, "quiet_days": 0,
                                "reminder_days": 0})
    env["res.partner"].invalidate_cache()  # noqa: F821
    q0, t0 = cr.sql_log_count, time.time()
    sent = campaign.with_context(logistics_kpi_autocommit=True).action_run()
    elapsed, queries = time.time() - t0, cr.sql_log_count - q0
    assert sent == count, (sent, count)
    print("campaign, %5d recipients: %.1f s, %.2f ms and %.1f SQL queries per recipient (queued)"
          % (count, elapsed, 1000 * elapsed / count, queries / count))
    return campaign, elapsed / count


small, per_small = run_campaign(1000, "Bench small ")
large, per_large = run_campaign(RECIPIENTS, "Bench large ")

# Odoo's own wizard on the same recipients as the small campaign
wizard_ids = small.partner_ids.ids[:WIZARD_RECIPIENTS]
env["res.partner"].invalidate_cache()  # noqa: F821
wizard = env["survey.mail.compose.message"].with_context(default_survey_id=survey.id).create({  # noqa: F821
    "survey_id": survey.id, "public": "email_private", "partner_ids": [(6, 0, wizard_ids)],
    "subject": "Survey", "body": "<p>Please answer: <a href='__URL__'>survey</a></p>"})
q0, t0 = cr.sql_log_count, time.time()
with sink.delivering():
    wizard.send_mail()
elapsed, queries = time.time() - t0, cr.sql_log_count - q0
per_wizard = elapsed / WIZARD_RECIPIENTS
print("Odoo survey wizard, %d recipients: %.1f s, %.2f ms and %.1f SQL queries per recipient (sent by SMTP)"
      % (WIZARD_RECIPIENTS, elapsed, 1000 * per_wizard, queries / WIZARD_RECIPIENTS))

# delivery of the small campaign's queued mails, for the end-to-end comparison
mails = env["mail.mail"].search([("email_to", "like", "bench.small.")])  # noqa: F821
t0 = time.time()
with sink.delivering():
    mails.send()
per_delivery = (time.time() - t0) / len(mails)
print("campaign mail queue delivery, %d mails: %.2f ms per mail; queue + delivery %.2f ms per recipient"
      % (len(mails), 1000 * per_delivery, 1000 * (per_small + per_delivery)))
print("time per recipient, campaign (10,000, queued) / wizard: %.2f; (queue + delivery) / wizard: %.2f"
      % (per_large / per_wizard, (per_small + per_delivery) / per_wizard))
sink.stop()
