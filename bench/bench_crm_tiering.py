"""Benchmark of logistics_crm (run by `make bench-crm`, never in CI).

1. Tier recompute for N customers and M posted invoices: compute_customer_tiers()
   against the bare SQL query computing the same ranking, in the same run.
2. The partner list (tree view fields) for 80 rows: SQL queries per read do
   not grow with the number of rows.

Runs inside `odoo shell` on a scratch database (env is given); the data is
inserted set-based with generate_series and the transaction is rolled back.
"""
import os
import time

N = int(os.environ.get("BENCH_CUSTOMERS", 100000))
M = int(os.environ.get("BENCH_INVOICES", 1000000))
cr = env.cr  # noqa: F821 (odoo shell)
Partner = env["res.partner"]  # noqa: F821
company = env.user.company_id  # noqa: F821
journal = env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)  # noqa: F821

t0 = time.time()
cr.execute("UPDATE res_partner SET customer = FALSE")  # only the benchmark's customers rank
cr.execute("""
    INSERT INTO res_partner (name, display_name, is_company, customer, active, company_id, type,
                             invoice_warn, create_date)
    SELECT 'Bench customer ' || g, 'Bench customer ' || g, TRUE, TRUE, TRUE, %s, 'contact', 'no-message', now()
      FROM generate_series(1, %s) g
    RETURNING id
""", (company.id, N))
ids = [r[0] for r in cr.fetchall()]
cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id >= %s", (min(ids),))
cr.execute("""
    INSERT INTO account_invoice (partner_id, commercial_partner_id, account_id, currency_id, journal_id,
                                 company_id, reference_type, type, state, date_invoice, amount_untaxed_signed)
    SELECT p, p, %s, %s, %s, %s, 'none',
           CASE WHEN g %% 20 = 0 THEN 'out_refund' ELSE 'out_invoice' END, 'open',
           current_date - (g %% 400), (CASE WHEN g %% 20 = 0 THEN -1 ELSE 1 END)
               * round((100000.0 / power(1 + (p - %s), 1.1))::numeric, 2)
      FROM (SELECT g, %s + ((g::bigint * 7919) %% %s)::int AS p FROM generate_series(1, %s) g) s
""", (journal.default_debit_account_id.id, company.currency_id.id, journal.id, company.id,
      min(ids), min(ids), N, M))
cr.execute("ANALYZE res_partner; ANALYZE account_invoice")
print("data: %d customers, %d invoices inserted in %.1f s" % (N, M, time.time() - t0))

import datetime  # noqa: E402

from odoo.addons.logistics_crm.models.res_partner import TIER_RANKING_SQL  # noqa: E402

today = datetime.date.today()
params = {"company_id": company.id, "date_to": str(today),
          "date_from": str(today.replace(year=today.year - 1)),
          "a_pct": 80.0, "b_pct": 95.0, "a_floor": 0.0}


def timed(fn):
    start = time.time()
    fn()
    return time.time() - start


def bare():
    """The same ranking, as a plain SELECT (what the engine adds: the writes)."""
    cr.execute(TIER_RANKING_SQL, params)
    bare.result = {r[0]: r[-1] for r in cr.fetchall()}


bare()  # warm the buffers
t_bare = min(timed(bare) for _ in range(3))
t_first = timed(lambda: Partner.compute_customer_tiers())
t_again = min(timed(lambda: Partner.compute_customer_tiers()) for _ in range(2))
# the next night: a day of business (20,000 new invoices of 2,000 customers of the long tail)
cr.execute("""
    INSERT INTO account_invoice (partner_id, commercial_partner_id, account_id, currency_id, journal_id,
                                 company_id, reference_type, type, state, date_invoice, amount_untaxed_signed)
    SELECT p, p, %s, %s, %s, %s, 'none', 'out_invoice', 'open', current_date, 50
      FROM (SELECT g, %s + %s / 2 + (g %% 2000) AS p FROM generate_series(1, 20000) g) s
""", (journal.default_debit_account_id.id, company.currency_id.id, journal.id, company.id, min(ids), N))
t_bare_night = min(timed(bare) for _ in range(3))
changed = [0]
t_night = timed(lambda: changed.__setitem__(0, Partner.compute_customer_tiers()))
cr.execute("SELECT customer_tier, count(*) FROM res_partner WHERE id >= %s GROUP BY 1 ORDER BY 1", (min(ids),))
print("tiers:", cr.fetchall())
cr.execute("SELECT id, customer_tier FROM res_partner WHERE id >= %s", (min(ids),))
same = sum(1 for pid, tier in cr.fetchall() if bare.result.get(pid) == tier)
print("engine and bare query agree on %d of %d customers" % (same, N))
print("bare SQL ranking:                 %.2f s" % t_bare)
print("compute_customer_tiers, 1st run:  %.2f s  (ratio %.2f; every tier changes: history + chatter rows)"
      % (t_first, t_first / t_bare))
print("compute_customer_tiers, rerun:    %.2f s  (ratio %.2f)" % (t_again, t_again / t_bare))
print("next night (20,000 new invoices): bare %.2f s, compute_customer_tiers %.2f s (ratio %.2f), "
      "%d tiers changed" % (t_bare_night, t_night, t_night / t_bare_night, changed[0]))

# partner list: queries for 10 and 80 rows
view = env.ref("base.view_partner_tree")  # noqa: F821
names = list(Partner.fields_view_get(view.id, "tree")["fields"])
rows = Partner.search([("customer", "=", True)], limit=80)


def count(records):
    records.invalidate_cache()
    before = cr.sql_log_count
    records.read(names)
    return cr.sql_log_count - before


count(rows)
print("partner list read: %d queries for 10 rows, %d for 80 rows" % (count(rows[:10]), count(rows)))
cr.rollback()
