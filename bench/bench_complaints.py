"""Benchmark of the performance targets of logistics_complaints (Odoo 18; run by hand).

    make bench-complaints   (or: runtime/bin/odoo shell -d <db> --log-level=warn < bench/bench_complaints.py)

1. The escalation cron over 10,000 and 100,000 open complaints: SQL queries per run when
   no complaint reaches a point of its SLA clocks (target: the same small count for both),
   and when 1,000 do (500 past 80 % of the resolution time: a warning each; 500 past the
   deadline: a breach notice each), then the run right after (nothing new).
2. ``/my/complaints`` for a portal customer with 1,000 complaints against ``/my/home`` for
   the same user: server time of the request through Odoo's WSGI application in this
   process (median of 31 alternated calls after a warm-up) and queries per page.
   Targets: ratio <= 1.2, <= 40 queries.

Everything runs in one cursor put in the registry's test mode and rolled back at the end:
nothing is written to the database. Prints a markdown table.
"""
import statistics
import time

from werkzeug.test import Client

import odoo
from odoo import SUPERUSER_ID, api
from odoo.service import security

QUERIES = [0]


def install_query_counter(cr):
    """Count every statement run on ``cr`` (the test cursor, also used by the requests)."""
    execute = cr.execute

    def counting_execute(*args, **kwargs):
        QUERIES[0] += 1
        return execute(*args, **kwargs)
    cr.execute = counting_execute


def count_queries(func):
    before = QUERIES[0]
    start = time.time()
    result = func()
    return QUERIES[0] - before, time.time() - start, result


def bulk_complaints(cr, partner_id, company_id, total, crossing, prefix):
    """``total`` open complaints answered in time, on the 12 h / 48 h default SLA; all with
    their next escalation point in the future except ``crossing``: half of them 40 h old
    (past 50, 75 and 80 % of the resolution time), half 50 h old (past the deadline)."""
    cr.execute("""
        INSERT INTO logistics_complaint
            (name, partner_id, company_id, channel, severity, state, received_date,
             response_time_allowed, resolution_time_allowed,
             response_deadline, resolution_deadline, response_risk_date, resolution_risk_date,
             first_response_date, response_sla_status, resolution_sla_status, sla_status,
             response_escalation, resolution_escalation, sla_next_escalation,
             access_token, create_uid, write_uid, create_date, write_date)
        SELECT %(prefix)s || g, %(partner)s, %(company)s, 'phone', 'normal', 'investigating', r,
               12, 48,
               r + interval '12 hours', r + interval '48 hours', r + interval '9 hours', r + interval '36 hours',
               r + interval '1 hour', 'on_track', 'on_track', 'on_track',
               0, 0, r + interval '24 hours',
               md5(g::text), 1, 1, now() at time zone 'utc', now() at time zone 'utc'
          FROM (SELECT g, (now() at time zone 'utc')
                          - CASE WHEN g <= %(crossing)s / 2 THEN interval '40 hours'   -- past 80 %% now
                                 WHEN g <= %(crossing)s THEN interval '50 hours'       -- breached now
                                 ELSE interval '1 hour' END AS r
                  FROM generate_series(1, %(total)s) g) s
    """, {"prefix": prefix, "partner": partner_id, "company": company_id, "total": total,
          "crossing": crossing})
    cr.execute("ANALYZE logistics_complaint")


def bench_cron(env, total):
    Complaint = env["logistics.complaint"]
    partner = env["res.partner"].create({"name": "Bench cron customer %d" % total, "is_company": True})
    env.flush_all()
    env.cr.execute("SAVEPOINT bench_cron")
    # a) nothing reaches a point
    bulk_complaints(env.cr, partner.id, env.company.id, total, 0, "BENCH-A-%d/" % total)
    env.invalidate_all()
    Complaint._cron_escalate()  # whatever the other complaints have due, once
    env.flush_all()
    idle = count_queries(Complaint._cron_escalate)
    env.cr.execute("ROLLBACK TO SAVEPOINT bench_cron")
    env.invalidate_all()
    # b) 1,000 of them do
    Complaint._cron_escalate()
    env.flush_all()
    bulk_complaints(env.cr, partner.id, env.company.id, total, 1000, "BENCH-B-%d/" % total)
    env.invalidate_all()
    first = count_queries(lambda: (Complaint._cron_escalate(), env.flush_all())[0])
    second = count_queries(lambda: (Complaint._cron_escalate(), env.flush_all())[0])
    env.cr.execute("ROLLBACK TO SAVEPOINT bench_cron")
    env.invalidate_all()
    return idle, first, second


def bench_portal(env):
    """Server time of /my/complaints and /my/home for a portal user of a customer with 1,000
    complaints, through Odoo's WSGI application (same test cursor, nothing committed)."""
    from odoo.addons.logistics_crm.tests.common import create_portal_user
    partner = env["res.partner"].create({"name": "Bench portal customer", "is_company": True})
    user = create_portal_user(env, partner, login="bench.portal.user")
    user.lang = "en_US"
    env.flush_all()
    bulk_complaints(env.cr, partner.id, env.company.id, 1000, 0, "BENCH-P/")
    env.cr.execute("UPDATE logistics_complaint SET subject = 'Bench complaint ' || id WHERE partner_id = %s",
                   (partner.id,))
    env.invalidate_all()
    count = env["logistics.complaint"].search_count([("partner_id", "=", partner.id)])
    store = odoo.http.root.session_store
    session = store.new()
    session.update(odoo.http.get_default_session(), db=env.cr.dbname, uid=user.id, login=user.login,
                   context={"lang": "en_US"})
    session.session_token = security.compute_session_token(session, env)
    store.save(session)
    client = Client(odoo.http.root, use_cookies=False)
    headers = {"Host": "localhost", "Cookie": "session_id=%s" % session.sid}
    times = {"/my/home": [], "/my/complaints": []}
    sizes, queries = {}, {}

    def get(path):
        response = client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.status_code)
        return response

    for path in times:  # warm up (assets, QWeb compilation, caches)
        for _i in range(3):
            get(path)
    for _i in range(31):
        for path in times:
            start = time.time()
            response = get(path)
            times[path].append(time.time() - start)
            sizes[path] = len(response.data)
    for path in times:
        queries[path] = count_queries(lambda: get(path))[0]
    listed = get("/my/complaints").get_data(as_text=True).count("Bench complaint ")
    return {path: (statistics.median(values), min(values), sizes[path], queries[path])
            for path, values in times.items()}, count, listed


registry = env.registry  # noqa: F821 (odoo shell)
cr = registry.cursor()
registry.enter_test_mode(cr)
try:
    tenv = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
    install_query_counter(cr)
    tenv["ir.config_parameter"].set_param("logistics_complaints.escalation_batch", "500")
    # two service managers to notify of the breaches
    for login in ("bench.manager.1", "bench.manager.2"):
        tenv["res.users"].with_context(no_reset_password=True).create({
            "name": login, "login": login, "email": login + "@example.com",
            "groups_id": [(6, 0, [tenv.ref("logistics_crm.group_service_manager").id])]})
    rows = []
    for total in (10000, 100000):
        idle, first, second = bench_cron(tenv, total)
        rows.append("| escalation cron, %d open, none due | %d queries | %.3f s |" % (total, idle[0], idle[1]))
        rows.append("| escalation cron, %d open, 1,000 due (run 1: %d handled) | %d queries | %.2f s |"
                    % (total, first[2] or 0, first[0], first[1]))
        rows.append("| escalation cron, %d open, run right after | %d queries | %.3f s |"
                    % (total, second[0], second[1]))
    results, count, listed = bench_portal(tenv)
    home, mine = results["/my/home"], results["/my/complaints"]
    ratio = mine[0] / home[0]
    rows.append("| `/my/home`, customer with %d complaints | %d queries | %.1f ms (median of 31) |"
                % (count, home[3], home[0] * 1e3))
    rows.append("| `/my/complaints`, %d listed on page 1 | %d queries | %.1f ms (median of 31) |"
                % (listed, mine[3], mine[0] * 1e3))
    rows.append("| ratio `/my/complaints` : `/my/home` | target <= 1.2, <= 40 queries | **%.2fx** |" % ratio)
    print("\n| logistics_complaints | queries | time |\n|---|---|---|")
    print("\n".join(rows))
finally:
    registry.leave_test_mode()
    cr.rollback()
    cr.close()
