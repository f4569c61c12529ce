"""Helpers shared by the benchmark scripts (bench/bench_*.py).

The scripts run as ``odoo shell -d DB < script`` (runtime/bin/bench), which gives
them no ``__file__``: runtime/bin/bench exports BENCH_DIR, and a script imports
this module with::

    sys.path.insert(0, os.environ["BENCH_DIR"])
    from benchlib import median_time, new_customers, print_table
"""
import statistics
import time


def median_time(fn, runs=5):
    """Median duration (s) of ``runs`` calls of ``fn`` after a warm-up call (caches, plans)."""
    fn()
    times = []
    for _i in range(runs):
        start = time.time()
        fn()
        times.append(time.time() - start)
    return statistics.median(times)


def new_customers(cr, company, count, prefix, email=True):
    """Insert ``count`` customer companies named ``prefix`` + n (with an e-mail address
    unless ``email`` is false), their own commercial partners; returns their ids."""
    local = prefix.replace(" ", ".").lower()
    cr.execute("""
        INSERT INTO res_partner (name, complete_name, is_company, customer_rank, active, company_id, type,
                                 email, email_normalized, lang, invoice_warn, autopost_bills, create_date, write_date)
        SELECT %(prefix)s || g, %(prefix)s || g, TRUE, 1, TRUE, %(company)s, 'contact',
               CASE WHEN %(email)s THEN %(local)s || g || '@bench.example.com' END,
               CASE WHEN %(email)s THEN %(local)s || g || '@bench.example.com' END,
               'en_US', 'no-message', 'ask', now(), now()
          FROM generate_series(1, %(count)s) g
        RETURNING id""", {"prefix": prefix, "company": company.id, "email": email, "local": local, "count": count})
    ids = [r[0] for r in cr.fetchall()]
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", (ids,))
    return ids


def print_table(rows):
    """The markdown table of ``rows`` (measure, value, target) that runtime/bin/bench-all collects."""
    print()
    print("| measure | value | target |")
    print("|---|---|---|")
    for row in rows:
        print("| %s | %s | %s |" % row)
