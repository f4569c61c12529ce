"""Benchmark of logistics_crm on Odoo 18 (run by `make bench-crm`, never in CI).

1. Tier recompute for N customers and M posted invoices (one invoice line each):
   res.partner.compute_customer_tiers() against the bare SQL query computing the
   same ranking (logistics_tier_engine.TIER_RANKING_SQL), in the same run: the
   very first classification, a nightly rerun with nothing new, and the next
   night after 20,000 new invoices.
2. The partner list (the list view's fields, read as the web client does) for
   10 and 80 rows: SQL queries do not grow with the number of rows.

Runs inside `odoo shell` on a scratch database (env is given); the data is
inserted set-based with generate_series and the transaction is rolled back.
Prints a markdown table.
"""
import datetime
import os
import time

from odoo.addons.logistics_crm.models.logistics_tier_engine import TIER_RANKING_SQL

N = int(os.environ.get("BENCH_CUSTOMERS", 100000))
M = int(os.environ.get("BENCH_INVOICES", 1000000))
NIGHT = 20000
cr = env.cr  # noqa: F821 (odoo shell)
Partner = env["res.partner"]  # noqa: F821
company = env.company  # noqa: F821
journal = env["account.journal"].search(  # noqa: F821
    [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
account = journal.default_account_id
assert journal and account, "the bench database needs a chart of accounts"

t0 = time.time()
env.flush_all()  # noqa: F821
cr.execute("UPDATE res_partner SET customer_rank = 0")  # only the benchmark's customers rank
cr.execute("""
    INSERT INTO res_partner (name, complete_name, is_company, customer_rank, supplier_rank, active, company_id,
                             type, autopost_bills, invoice_warn, create_date, write_date)
    SELECT 'Bench customer ' || g, 'Bench customer ' || g, TRUE, 1, 0, TRUE, %s, 'contact', 'ask',
           'no-message', now(), now()
      FROM generate_series(1, %s) g
    RETURNING id
""", (company.id, N))
ids = [r[0] for r in cr.fetchall()]
first_id = min(ids)
cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id >= %s", (first_id,))


def insert_invoices(count, select_partner, select_day, select_amount, select_type, tag):
    """``count`` posted customer invoices (account_move) with one product line each
    (account_move_line), straight in SQL; the expressions are SQL over g (1..count)."""
    # the expressions are the script's own constants (no parameters: % is modulo)
    cr.execute("""
        CREATE TEMP TABLE bench_inv ON COMMIT DROP AS
        SELECT g, """ + select_partner + """ AS partner_id, """ + select_day + """ AS day,
               """ + select_type + """ AS move_type, """ + select_amount + """ AS amount
          FROM generate_series(1, """ + str(int(count)) + """) g
    """)
    # one statement: the invoices, then a product line for each (data-modifying CTE)
    cr.execute("""
        WITH moves AS (
            INSERT INTO account_move (name, move_type, state, date, invoice_date, journal_id, company_id,
                                      currency_id, partner_id, commercial_partner_id, auto_post, amount_untaxed,
                                      amount_total, amount_untaxed_signed, amount_total_signed, amount_residual,
                                      payment_state, create_date, write_date)
            SELECT %(prefix)s || g, b.move_type, 'posted', b.day, b.day, %(journal)s, %(company)s, %(currency)s,
                   b.partner_id, b.partner_id, 'no', b.amount, b.amount,
                   CASE WHEN b.move_type = 'out_refund' THEN -b.amount ELSE b.amount END,
                   CASE WHEN b.move_type = 'out_refund' THEN -b.amount ELSE b.amount END,
                   b.amount, 'not_paid', now(), now()
              FROM bench_inv b
            RETURNING id, partner_id, move_type, amount_untaxed AS amount, date
        )
        INSERT INTO account_move_line (move_id, journal_id, company_id, company_currency_id, currency_id,
                                       account_id, partner_id, display_type, name, quantity, price_unit,
                                       price_subtotal, price_total, balance, amount_currency, debit, credit,
                                       date, parent_state, create_date, write_date)
        SELECT m.id, %(journal)s, %(company)s, %(currency)s, %(currency)s, %(account)s, m.partner_id, 'product',
               'Freight', 1, m.amount, m.amount, m.amount,
               CASE WHEN m.move_type = 'out_refund' THEN m.amount ELSE -m.amount END,
               CASE WHEN m.move_type = 'out_refund' THEN m.amount ELSE -m.amount END,
               CASE WHEN m.move_type = 'out_refund' THEN m.amount ELSE 0 END,
               CASE WHEN m.move_type = 'out_refund' THEN 0 ELSE m.amount END,
               m.date, 'posted', now(), now()
          FROM moves m
    """, {"prefix": "BENCH/%s/" % tag, "journal": journal.id, "company": company.id,
          "currency": company.currency_id.id, "account": account.id})
    lines = cr.rowcount
    cr.execute("DROP TABLE bench_inv")
    return lines


lines = insert_invoices(
    M, f"{first_id} + ((g::bigint * 7919) % {N})::int", "current_date - (g % 400)",
    f"round((100000.0 / power(1 + (((g::bigint * 7919) % {N})::int), 1.1))::numeric, 2)",
    "CASE WHEN g % 20 = 0 THEN 'out_refund' ELSE 'out_invoice' END", "A")
cr.execute("ANALYZE res_partner; ANALYZE account_move; ANALYZE account_move_line")
env.invalidate_all()  # noqa: F821
print("data: %d customers, %d posted invoices (%d invoice lines) inserted in %.1f s"
      % (N, M, lines, time.time() - t0), flush=True)

today = datetime.date.today()
params = {"company_id": company.id, "date_to": today, "date_from": today.replace(year=today.year - 1),
          "a_pct": 80.0, "b_pct": 95.0, "a_floor": 0.0}


def timed(fn):
    start = time.time()
    fn()
    return time.time() - start


def bare():
    """The same ranking, as a plain SELECT (what the engine adds: the writes)."""
    cr.execute(TIER_RANKING_SQL, params)
    bare.result = {r[0]: r[-1] for r in cr.fetchall()}


def pending_notes():
    env.flush_all()  # noqa: F821
    cr.execute("SELECT count(*) FROM logistics_tier_history WHERE note_pending")
    return cr.fetchone()[0]


def post_notes():
    """What the cron 'post tier change notes' does afterwards, batch after batch."""
    History = env["logistics.tier.history"]  # noqa: F821
    posted = 0
    while pending_notes():
        posted += History._cron_post_tier_notes()
    return posted


bare()  # warm the buffers
t_bare = min(timed(bare) for _ in range(3))
print("bare ranking query: %.2f s" % t_bare, flush=True)

changed = {}
t_first = timed(lambda: changed.__setitem__("first", Partner.compute_customer_tiers()))
print("first classification: %.2f s (%.2f×), %d changed" % (t_first, t_first / t_bare, changed["first"]), flush=True)
notes_first = pending_notes()
t_notes_first = timed(post_notes)
print("notes of the first classification by the cron: %d in %.2f s" % (notes_first, t_notes_first), flush=True)
t_again = min(timed(lambda: changed.__setitem__("again", Partner.compute_customer_tiers())) for _ in range(2))
print("rerun: %.2f s (%.2f×)" % (t_again, t_again / t_bare), flush=True)
# the next night: a day of business (20,000 new invoices of 2,000 customers of the long tail)
insert_invoices(NIGHT, f"{first_id} + {N // 2} + (g % {min(2000, N // 2)})", "current_date", "50::numeric",
                "'out_invoice'::varchar", "B")
cr.execute("ANALYZE account_move")
t_bare_night = min(timed(bare) for _ in range(3))
t_night = timed(lambda: changed.__setitem__("night", Partner.compute_customer_tiers()))
notes_night = pending_notes()
t_notes_night = timed(post_notes)
cr.execute("SELECT customer_tier, count(*) FROM res_partner WHERE id >= %s GROUP BY 1 ORDER BY 1", (first_id,))
print("tiers:", cr.fetchall())
cr.execute("SELECT id, customer_tier FROM res_partner WHERE id >= %s", (first_id,))
same = sum(1 for pid, tier in cr.fetchall() if bare.result.get(pid) == tier)
print("engine and bare query agree on %d of %d customers" % (same, N))


def floor():
    """What any engine storing the tier on the partner pays at least for the first
    classification: every customer's res_partner row written once (one column
    that no index covers, nothing else), rolled back."""
    cr.execute("SAVEPOINT bench_floor")
    cr.execute("UPDATE res_partner SET tier_date = now() WHERE id >= %s", (first_id,))
    cr.execute("ROLLBACK TO SAVEPOINT bench_floor")


# measured last: its rolled-back rows leave prunable space that would help the runs after it
t_floor = min(timed(floor) for _ in range(2))
print("floor, every partner row written once: %.2f s (%.2f× the bare query)" % (t_floor, t_floor / t_bare),
      flush=True)

# partner list: the list view's fields, read as the web client does, for 10 and 80 rows
view = env.ref("base.view_partner_tree")  # noqa: F821
names = list(Partner.get_views([(view.id, "list")])["models"]["res.partner"]["fields"])
spec = {name: ({"fields": {"display_name": {}}} if Partner._fields[name].type == "many2one" else {})
        for name in names}
domain = [("customer_rank", ">", 0), ("id", ">=", first_id)]


def count(limit):
    env.invalidate_all()  # noqa: F821
    before = cr.sql_log_count
    Partner.web_search_read(domain, spec, limit=limit)
    return cr.sql_log_count - before


count(80)  # warm the caches of users, company, currency
q10, q80 = count(10), count(80)


def ratio(t, base):
    return "%.2f×" % (t / base)


print()
print("| logistics_crm tiering (%d customers, %d posted invoice lines) | time | bare ranking query | ratio | target |"
      % (N, lines))
print("|---|---|---|---|---|")
print("| nightly recompute, nothing new (%d changed) | %.2f s | %.2f s | %s | ≤ 1.5× |"
      % (changed["again"], t_again, t_bare, ratio(t_again, t_bare)))
print("| after %d new invoices (%d tiers changed) | %.2f s | %.2f s | %s | ≤ 2× |"
      % (NIGHT, changed["night"], t_night, t_bare_night, ratio(t_night, t_bare_night)))
print("| first classification (%d tiers set) | %.2f s | %.2f s | %s | ≤ 2× |"
      % (changed["first"], t_first, t_bare, ratio(t_first, t_bare)))
print("| floor of the first classification: the same %d res_partner rows written once (one unindexed column) | %.2f s | %.2f s | %s | |"
      % (N, t_floor, t_bare, ratio(t_floor, t_bare)))
print("| chatter notes of the first classification, posted afterwards by the cron (ORM, %d notes) | %.2f s | | | |"
      % (notes_first, t_notes_first))
print("| chatter notes of the night after, posted afterwards by the cron (ORM, %d notes) | %.2f s | | | |"
      % (notes_night, t_notes_night))
print("| partner list (web_search_read of the list view's fields) | %d queries for 10 rows, %d for 80 rows | | | constant |"
      % (q10, q80))
cr.rollback()
