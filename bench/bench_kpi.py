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
   10,000 recipients (constant?), time per recipient; then queue plus delivery
   (the mail queue sending to a local aiosmtpd sink) per recipient against Odoo
   18's own survey invitation wizard (survey.invite, action_invite, then the same
   mail queue delivery) on 1,000 other recipients.

Runs inside `odoo shell` on a scratch database (``env`` is given).
BENCH_PARTS=pivot runs the first part only. Both sides of the pivot comparison
run in the same transaction, with the same settings; each pivot also times Odoo's
``_read_group`` of the same groups alone (SQL and recordsets), the rest of read_group
being the formatting of every group (label, range, domain).
"""
import os
import sys
import time

SHIPMENTS = int(os.environ.get("BENCH_SHIPMENTS", 1000000))
CUSTOMERS = int(os.environ.get("BENCH_CUSTOMERS", 2000))
RECIPIENTS = int(os.environ.get("BENCH_RECIPIENTS", 10000))
WIZARD_RECIPIENTS = int(os.environ.get("BENCH_WIZARD_RECIPIENTS", 1000))
cr = env.cr  # noqa: F821 (odoo shell)
company = env.company  # noqa: F821
TABLE = []  # markdown rows: | measure | value | target |
sys.path.insert(0, os.environ["BENCH_DIR"])
from benchlib import median_time, new_customers, print_table  # noqa: E402

# ---------------------------------------------------------------- 1. KPI pivot
partners = new_customers(cr, company, CUSTOMERS, "Bench customer ")


def insert_shipments(prefix, count):
    cr.execute("""
    INSERT INTO logistics_shipment (name, partner_id, company_id, currency_id, service_type, dest_state_id,
        pickup_planned, pickup_actual, delivery_planned, delivery_actual, month, documents_accurate,
        documents_returned, damaged, shortage, revenue, weight, dispatch_on_time, arrival_on_time,
        dispatch_due, arrival_due, create_date, write_date)
    SELECT %(prefix)s || g, p, %(company)s, %(currency)s, 'ftl', s, pp, pa, dp, da, date_trunc('month', pp)::date,
           g %% 37 <> 0, g %% 19 <> 0, g %% 997 = 0, g %% 1999 = 0, 100 + g %% 900, 10 + g %% 5000,
           pa <= pp + interval '30 minutes', da <= dp + interval '60 minutes', TRUE, TRUE, now(), now()
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
TABLE.append(("bulk INSERT of %d shipments, summary triggers on / off" % SHIPMENTS,
              "%.2fx" % (t_summary / t_plain), "(price of the summary)"))
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
        env.flush_all()  # noqa: F821 (each write reaches the table, as a request's would)
    return (time.time() - start) / count


for _round in range(2):  # the second round is the one printed (caches warm)
    cr.execute("SAVEPOINT orm")
    cr.execute("ALTER TABLE logistics_shipment DISABLE TRIGGER USER")
    per_plain = orm_writes("OP%d-" % _round)
    cr.execute("ROLLBACK TO SAVEPOINT orm")
    env.invalidate_all()  # noqa: F821
    per_summary = orm_writes("OS%d-" % _round)
    cr.execute("ROLLBACK TO SAVEPOINT orm")
    env.invalidate_all()  # noqa: F821
print("ORM create + write of one shipment (200, mean): %.2f ms without the summary triggers, %.2f ms with them "
      "(%.2fx)" % (per_plain * 1e3, per_summary * 1e3, per_summary / per_plain))

Report = env["logistics.kpi.report"]  # noqa: F821
MEASURES = ["shipment_count", "dispatch_on_time_rate", "arrival_on_time_rate", "document_accuracy_rate",
            "damage_rate"]
SQL_MEASURES = """COUNT(*),
       100.0 * COUNT(*) FILTER (WHERE dispatch_due AND dispatch_on_time) / NULLIF(COUNT(*) FILTER (WHERE dispatch_due), 0),
       100.0 * COUNT(*) FILTER (WHERE arrival_due AND arrival_on_time) / NULLIF(COUNT(*) FILTER (WHERE arrival_due), 0),
       100.0 * COUNT(*) FILTER (WHERE documents_accurate) / COUNT(*),
       1000.0 * COUNT(*) FILTER (WHERE damaged) / COUNT(*)"""
# the sums read_group asks for MEASURES (each rate: its numerator and denominator)
ROW_AGGREGATES = ["__count", "shipment_count:sum", "dispatch_on_time_count:sum", "dispatched_count:sum",
                  "arrival_on_time_count:sum", "delivered_count:sum", "documents_accurate_count:sum",
                  "damaged_count:sum"]
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

    def orm_rows():
        # what read_group formats: Odoo's _read_group of the same groups, sums and order
        # (the report's SQL and a recordset per many2one value), without the formatting
        # of each group (labels, ranges, domains) that read_group adds
        Report._read_group([], groupby, ROW_AGGREGATES,
                           order=",".join(groupby))

    t_orm = median_time(orm)
    t_sql = median_time(bare_sql)
    t_rows = median_time(orm_rows)
    assert result["orm"] == result["sql"], result
    print("KPI pivot by %-17s %6d groups over %d shipments: read_group %.3f s (of which _read_group %.3f s, "
          "formatting the groups %.3f s), bare SQL GROUP BY %.3f s, ratio %.2f (target <= 1.0)" % (
              label + ",", result["orm"][0], result["orm"][1], t_orm, t_rows, t_orm - t_rows, t_sql, t_orm / t_sql))
    TABLE.append(("KPI pivot by %s (%d groups, %d shipments): read_group / bare SQL" % (
        label, result["orm"][0], SHIPMENTS), "%.2f (%.3f s / %.3f s)" % (t_orm / t_sql, t_orm, t_sql), "<= 1.0"))


cr.execute("DELETE FROM logistics_shipment")
if "campaign" not in os.environ.get("BENCH_PARTS", "pivot,campaign"):
    print_table(TABLE)
    raise SystemExit(0)

# ---------------------------------------------------------------- 2. survey invitations
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402

from odoo import Command  # noqa: E402


class ProcessSink:
    """The project's SMTP sink (runtime/bin/smtp-sink.py, aiosmtpd) in its own
    process: every message received is an .eml file in a scratch folder."""

    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="bench-kpi-mail-")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        script = os.path.join(os.environ.get("ROOT", os.getcwd()), "runtime", "bin", "smtp-sink.py")
        self.process = subprocess.Popen([sys.executable, script, "127.0.0.1", str(self.port), self.folder])
        for _i in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)

    def count(self):
        return len([name for name in os.listdir(self.folder) if name.endswith(".eml")])

    def wait_for(self, count, timeout=60):
        deadline = time.time() + timeout
        while self.count() < count and time.time() < deadline:
            time.sleep(0.02)
        return self.count()

    def wire(self, env):
        servers = env["ir.mail_server"].sudo().search([])
        values = {"smtp_host": "127.0.0.1", "smtp_port": self.port, "smtp_encryption": "none",
                  "smtp_user": False, "smtp_pass": False}
        if servers:
            servers.write(values)
        else:
            env["ir.mail_server"].sudo().create(dict(values, name="SMTP sink"))

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


survey = env.ref("logistics_kpi.survey_satisfaction")  # noqa: F821
Campaign = env["logistics.survey.campaign"]  # noqa: F821
Campaign.search([]).write({"active": False})
sink = ProcessSink()
import atexit  # noqa: E402

atexit.register(sink.stop)  # the sink process ends with the shell, whatever happens
sink.wire(env)  # noqa: F821
env["ir.config_parameter"].set_param("web.base.url", "http://localhost:8069")  # noqa: F821
env["ir.config_parameter"].set_param("mail.session.batch.size", "1000")  # noqa: F821
company.email = company.email or "service@bench.example.com"
env.user.partner_id.email = env.user.partner_id.email or "admin@bench.example.com"  # noqa: F821
cr.commit()


def run_campaign(count, name):
    ids = new_customers(cr, company, count, name)
    campaign = Campaign.create({"name": name, "kind": "periodic", "survey_id": survey.id,
                                "partner_ids": [Command.set(ids)], "batch_size": 500, "quiet_days": 0,
                                "reminder_days": 0})
    cr.commit()
    env.invalidate_all()  # noqa: F821
    q0, t0 = cr.sql_log_count, time.time()
    sent = campaign.with_context(logistics_kpi_autocommit=True).action_run()
    elapsed, queries = time.time() - t0, cr.sql_log_count - q0
    assert sent == count, (sent, count)
    print("campaign, %5d recipients: %.1f s, %.2f ms and %.1f SQL queries per recipient (queued)"
          % (count, elapsed, 1000 * elapsed / count, queries / count))
    TABLE.append(("campaign, %d recipients: SQL queries per recipient (queued)" % count,
                  "%.1f" % (queries / count), "<= 5"))
    return campaign, elapsed / count


def deliver(mails):
    """The mail queue's own sending (mail.mail.send: batched SMTP sessions) to the sink."""
    before, count = sink.count(), len(mails)
    t0 = time.time()
    mails.send()
    received = sink.wait_for(before + count) - before
    elapsed = time.time() - t0
    assert received == count, (received, count)
    return elapsed


small, per_small = run_campaign(1000, "Bench small ")
large, per_large = run_campaign(RECIPIENTS, "Bench large ")
mails = env["mail.mail"].search([("email_to", "like", "bench.small.")])  # noqa: F821
per_delivery = deliver(mails) / len(mails)
per_campaign = per_small + per_delivery
print("campaign mail queue delivery, %d mails: %.2f ms per mail; queue + delivery %.2f ms per recipient"
      % (len(mails), 1000 * per_delivery, 1000 * per_campaign))

# Odoo 18's own invitation wizard on as many other recipients, then the same queue delivery
wizard_ids = new_customers(cr, company, WIZARD_RECIPIENTS, "Bench wizard ")
cr.commit()
env.invalidate_all()  # noqa: F821
q0, t0 = cr.sql_log_count, time.time()
wizard = env["survey.invite"].with_context(default_survey_id=survey.id).create({  # noqa: F821
    "survey_id": survey.id, "partner_ids": [Command.set(wizard_ids)]})
wizard.action_invite()
queued = time.time() - t0
queries = cr.sql_log_count - q0
cr.commit()
wizard_mails = env["mail.mail"].search([("recipient_ids", "in", wizard_ids)])  # noqa: F821
per_wizard = (queued + deliver(wizard_mails)) / WIZARD_RECIPIENTS
print("Odoo survey.invite wizard, %d recipients: queued in %.1f s (%.1f SQL queries per recipient); "
      "queue + delivery %.2f ms per recipient" % (WIZARD_RECIPIENTS, queued, queries / WIZARD_RECIPIENTS,
                                                  1000 * per_wizard))
print("queue + delivery per recipient, wizard / campaign: %.2fx faster (target >= 4)" % (per_wizard / per_campaign))
TABLE.append(("queue + delivery per recipient: campaign / Odoo's survey.invite", "%.2f ms / %.2f ms = %.1fx faster" % (
    1000 * per_campaign, 1000 * per_wizard, per_wizard / per_campaign), ">= 4x"))
TABLE.append(("campaign, %d recipients: ms per recipient (queued)" % RECIPIENTS, "%.2f" % (1000 * per_large), ""))
sink.stop()
print_table(TABLE)
