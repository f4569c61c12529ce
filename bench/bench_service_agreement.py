"""Benchmark of logistics_service_agreement (run by hand, never in CI):

    make bench-service-agreement

1. KPIs against the agreements: ``logistics.agreement.kpi.report`` (a view over the KPI
   summary table joined with each customer's agreement of the month) over BENCH_SHIPMENTS
   waybills of BENCH_CUSTOMERS customers with an agreement each, against the KPI report
   itself (``logistics.kpi.report.read_group``) on the same data: by customer for one month
   (same grouping), and by month x KPI over all months against the KPI report by month x
   customer (each customer's rates of each month, which the comparison needs). Median of 5
   after a warm-up.
2. Team dashboard: reading the cards with the agreement figures (last month, per account
   manager) against reading them without (the KPI addon's own fields).
3. Complaint intake: ORM create of a complaint of a customer with an agreement (its SLA
   from the agreement) against one of a customer without (the SLA matrix), and the
   escalation cron over 2,000 due complaints of which half wait for the customer with the
   resolution clock paused, against the same 2,000 none paused.
4. Quarterly business review pack: HTML of one pack against the HTML of the same
   customer's monthly statement (both QWeb, the PDF engine excluded).

Runs inside `odoo shell` on a scratch database (``env`` is given).
"""
import os
import sys
import time
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

SHIPMENTS = int(os.environ.get("BENCH_SHIPMENTS", 500000))
CUSTOMERS = int(os.environ.get("BENCH_CUSTOMERS", 2000))
COMPLAINTS = int(os.environ.get("BENCH_COMPLAINTS", 2000))
cr = env.cr  # noqa: F821 (odoo shell)
company = env.company  # noqa: F821
TABLE = []
sys.path.insert(0, os.environ["BENCH_DIR"])
from benchlib import median_time, new_customers, print_table  # noqa: E402

managers = env["res.users"].with_context(no_reset_password=True).create([{  # noqa: F821
    "name": "Bench AM %d" % n, "login": "bench.am.%d" % n,
    "groups_id": [(6, 0, [env.ref("base.group_user").id,  # noqa: F821
                          env.ref("logistics_crm.group_account_manager").id])]} for n in range(20)])  # noqa: F821
partners = new_customers(cr, company, CUSTOMERS + 1, "Bench customer ")
cr.execute("UPDATE res_partner SET account_manager_id = (%s::int[])[1 + (id - %s + 1) %% 20] WHERE id = ANY(%s)",
           (managers.ids, min(partners), partners))
no_agreement = partners.pop()
cr.execute("""
    INSERT INTO logistics_service_agreement (name, partner_id, company_id, date_start, active,
        dispatch_on_time_target, arrival_on_time_target, document_accuracy_target, damage_ceiling,
        response_hours, resolution_hours, pause_resolution_when_waiting, create_date, write_date)
    SELECT 'Bench agreement ' || p, p, %s, '2000-01-01', TRUE, 90 + p %% 9, 88 + p %% 10, 97, 2 + p %% 5,
           4, 24, TRUE, now(), now()
      FROM unnest(%s::int[]) p""", (company.id, partners))
cr.execute("SELECT id FROM res_country_state ORDER BY id LIMIT 30")
states = [r[0] for r in cr.fetchall()]
t0 = time.time()
cr.execute("""
    INSERT INTO logistics_shipment (name, partner_id, company_id, currency_id, service_type, dest_state_id,
        pickup_planned, pickup_actual, delivery_planned, delivery_actual, month, documents_accurate,
        documents_returned, damaged, shortage, revenue, weight, dispatch_on_time, arrival_on_time,
        dispatch_due, arrival_due, create_date, write_date)
    SELECT 'SA' || g, p, %(company)s, %(currency)s, 'ftl', s, pp, pa, dp, da, date_trunc('month', pp)::date,
           g %% 37 <> 0, g %% 19 <> 0, g %% 997 = 0, g %% 1999 = 0, 100 + g %% 900, 10 + g %% 5000,
           pa <= pp + interval '30 minutes', da <= dp + interval '60 minutes', TRUE, TRUE, now(), now()
      FROM (SELECT g, (%(partners)s::int[])[1 + (g::bigint * 7919) %% %(np)s] AS p,
                   (%(states)s::int[])[1 + g %% %(ns)s] AS s,
                   now() - ((g %% 730) || ' days')::interval AS pp,
                   now() - ((g %% 730) || ' days')::interval + ((g %% 90) || ' minutes')::interval AS pa,
                   now() - ((g %% 730) || ' days')::interval + interval '2 days' AS dp,
                   now() - ((g %% 730) || ' days')::interval + interval '2 days'
                         + ((g %% 120) || ' minutes')::interval AS da
              FROM generate_series(1, %(n)s) g) x
""", {"company": company.id, "currency": company.currency_id.id, "partners": partners, "np": len(partners),
      "states": states, "ns": len(states), "n": SHIPMENTS})
cr.execute("ANALYZE logistics_shipment; ANALYZE res_partner; ANALYZE logistics_kpi_shipment_month; "
           "ANALYZE logistics_service_agreement")
env.invalidate_all()  # noqa: F821
print("data: %d shipments, %d customers with an agreement each, inserted in %.1f s"
      % (SHIPMENTS, len(partners), time.time() - t0))

# ---------------------------------------------------------------- 1. KPIs against agreements
Agreed = env["logistics.agreement.kpi.report"]  # noqa: F821
Kpi = env["logistics.kpi.report"]  # noqa: F821
last_month = date.today().replace(day=1) - relativedelta(months=1)
cases = [
    ("customer, last month", [("month", "=", last_month)], ["partner_id"],
     lambda: Agreed.read_group([("month", "=", last_month)], ["margin:min", "missed_count:sum"], ["partner_id"],
                               lazy=False),
     lambda: Kpi.read_group([("month", "=", last_month)], ["dispatch_on_time_rate", "arrival_on_time_rate",
                                                          "document_accuracy_rate", "damage_rate"],
                            ["partner_id"], lazy=False)),
    ("month x KPI, all months (KPI report: month x customer)", [], ["month:month", "kpi"],
     lambda: Agreed.read_group([], ["margin:avg", "missed_count:sum"], ["month:month", "kpi"], lazy=False),
     # what it takes to know every customer's rates of every month: the KPI report by month x customer
     lambda: Kpi.read_group([], ["dispatch_on_time_rate", "arrival_on_time_rate", "document_accuracy_rate",
                                 "damage_rate"], ["month:month", "partner_id"], lazy=False)),
]
for label, _domain, _groupby, agreed, baseline in cases:
    groups = len(agreed())
    t_agreed = median_time(agreed)
    t_kpi = median_time(baseline)
    print("KPIs against agreements by %-24s %6d groups: %.3f s; KPI report, same grouping: %.3f s (%.2fx)"
          % (label, groups, t_agreed, t_kpi, t_agreed / t_kpi))
    TABLE.append(("KPIs against agreements by %s (%d groups) / KPI report" % (label, groups),
                  "%.3f s / %.3f s = %.2fx" % (t_agreed, t_kpi, t_agreed / t_kpi), "≤ 2x"))
missed = Agreed.search_count([("month", "=", last_month), ("met", "=", False)])
print("last month: %d agreed KPIs missed of %d" % (missed, Agreed.search_count([("month", "=", last_month)])))

# ---------------------------------------------------------------- 2. team dashboard
Dashboard = env["logistics.team.dashboard"]  # noqa: F821
base_fields = ["user_id", "account_count", "retention_rate", "sla_compliance_rate", "satisfaction_index"]


def read_dashboard(extra):
    env.invalidate_all()  # noqa: F821
    Dashboard.search([]).read(base_fields + extra)


t_with = median_time(lambda: read_dashboard(["agreement_kpi_count", "agreement_kpi_met_count",
                                             "agreement_worst_margin"]))
t_without = median_time(lambda: read_dashboard([]))
print("team dashboard (%d cards): %.3f s with the agreement figures, %.3f s without (%.2fx)"
      % (Dashboard.search_count([]), t_with, t_without, t_with / t_without))
TABLE.append(("team dashboard read, with / without the agreement figures",
              "%.3f s / %.3f s = %.2fx" % (t_with, t_without, t_with / t_without), "≤ 1.5x"))

# ---------------------------------------------------------------- 3. complaints
Complaint = env["logistics.complaint"]  # noqa: F821


def intake(partner_ids, count=200):
    start = time.time()
    for n in range(count):
        Complaint.create({"partner_id": partner_ids[n % len(partner_ids)], "severity": "normal",
                          "subject": "Bench %d" % n})
        env.flush_all()  # noqa: F821
    return (time.time() - start) / count


for _round in range(2):  # the second round is printed (caches warm)
    cr.execute("SAVEPOINT intake")
    per_agreed = intake(partners)
    cr.execute("ROLLBACK TO SAVEPOINT intake")
    env.invalidate_all()  # noqa: F821
    per_matrix = intake([no_agreement])
    cr.execute("ROLLBACK TO SAVEPOINT intake")
    env.invalidate_all()  # noqa: F821
print("complaint create: %.2f ms with an agreement, %.2f ms with the SLA matrix (%.2fx)"
      % (1000 * per_agreed, 1000 * per_matrix, per_agreed / per_matrix))
TABLE.append(("complaint create, agreement / SLA matrix", "%.2f ms / %.2f ms = %.2fx"
              % (1000 * per_agreed, 1000 * per_matrix, per_agreed / per_matrix), "≤ 1.3x"))

complaints = Complaint.create([{"partner_id": partners[n % len(partners)], "severity": "normal",
                                "subject": "Bench escalation %d" % n,
                                "received_date": datetime.now() - timedelta(hours=20)} for n in range(COMPLAINTS)])
env.flush_all()  # noqa: F821
cr.execute("SAVEPOINT escalation")
start = time.time()
Complaint._cron_escalate()
t_plain = time.time() - start
cr.execute("ROLLBACK TO SAVEPOINT escalation")
env.invalidate_all()  # noqa: F821
half = complaints[: COMPLAINTS // 2]
for complaint in half:
    complaint.action_wait_customer("Bench: waiting for documents")
env.flush_all()  # noqa: F821
start = time.time()
Complaint._cron_escalate()
t_paused = time.time() - start
paused_escalated = sum(1 for c in half if c.resolution_escalation)
print("escalation cron over %d due complaints: %.2f s, half of them paused %.2f s (%.2fx); paused ones with a "
      "resolution escalation: %d" % (COMPLAINTS, t_plain, t_paused, t_paused / t_plain, paused_escalated))
TABLE.append(("escalation cron, %d due complaints: half paused / none paused" % COMPLAINTS,
              "%.2f s / %.2f s = %.2fx" % (t_paused, t_plain, t_paused / t_plain), "≤ 1.2x"))

# ---------------------------------------------------------------- 4. review pack
Review = env["logistics.business.review"]  # noqa: F821
year, quarter = Review._last_quarter()
review = Review._get_or_create(env["res.partner"].browse(partners[0]), year, quarter)  # noqa: F821
statement = env["logistics.customer.statement"].create({"partner_id": partners[0], "month": last_month})  # noqa: F821
Report = env["ir.actions.report"]  # noqa: F821
t_review = median_time(lambda: review._render_html())
t_statement = median_time(lambda: Report._render_qweb_html("logistics_kpi.action_report_customer_statement",
                                                            statement.ids))
print("review pack HTML %.3f s, monthly statement HTML %.3f s (%.2fx)"
      % (t_review, t_statement, t_review / t_statement))
TABLE.append(("review pack HTML / monthly statement HTML", "%.3f s / %.3f s = %.2fx"
              % (t_review, t_statement, t_review / t_statement), "≤ 5x (3 months, complaints, plan)"))
print_table(TABLE)
cr.rollback()
