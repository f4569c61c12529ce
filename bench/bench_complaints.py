"""Benchmark of the two performance targets of logistics_complaints (run by hand).

    make bench-complaints   (or: runtime/bin/odoo shell -d <db> --log-level=warn < bench/bench_complaints.py)

1. The escalation cron over 100,000 open complaints: number of SQL queries per run,
   with no complaint crossing a threshold, with 1,000 crossing (batch 500 per kind), and
   the second run right after (nothing new). Same figures for 10,000 open complaints to
   show that the count does not grow with the open complaints.
2. ``/my/complaints`` for a portal customer with 1,000 complaints against ``/my/home``
   for the same user: time of the HTTP request to this process's own Odoo server over
   the loopback, median of 15 alternated calls after a warm-up, and queries per page.

Everything runs inside the registry's test cursor and is rolled back at the end:
nothing is written to the database.
"""
import socket
import statistics
import threading
import time

import requests

import odoo
from odoo import SUPERUSER_ID, api
from odoo.service import security

QUERIES = [0]


def install_query_counter(cr):
    """Count every statement run on ``cr`` (the test cursor, also used by the HTTP server)."""
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


def start_http_server():
    """Odoo's threaded HTTP server on a free port, in this process (as conftest.py does)."""
    from odoo.service.server import ThreadedServer
    from odoo.service import wsgi_server
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    odoo.tools.config["http_port"] = port
    server = ThreadedServer(wsgi_server.application)
    server.port, server.interface = port, "127.0.0.1"
    threading.Thread(target=server.http_thread, daemon=True).start()
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    return port


def bulk_complaints(cr, partner_id, company_id, total, crossing, prefix):
    """``total`` open complaints, all on track except ``crossing`` at risk/breached by now."""
    cr.execute("""
        INSERT INTO logistics_complaint
            (name, partner_id, company_id, channel, severity, state, received_date,
             response_deadline, resolution_deadline, response_risk_date, resolution_risk_date,
             first_response_date, response_sla_status, resolution_sla_status, sla_status,
             access_token, create_uid, write_uid, create_date, write_date)
        SELECT %(prefix)s || g, %(partner)s, %(company)s, 'phone', 'normal', 'investigating', r,
               r + interval '12 hours', r + interval '48 hours', r + interval '9 hours', r + interval '36 hours',
               r + interval '1 hour', 'on_track', 'on_track', 'on_track',
               md5(g::text), 1, 1, now() at time zone 'utc', now() at time zone 'utc'
          FROM (SELECT g, (now() at time zone 'utc')
                          - CASE WHEN g <= %(crossing)s / 2 THEN interval '40 hours'   -- at risk now
                                 WHEN g <= %(crossing)s THEN interval '50 hours'       -- breached now
                                 ELSE interval '1 hour' END AS r
                  FROM generate_series(1, %(total)s) g) s
    """, {"prefix": prefix, "partner": partner_id, "company": company_id, "total": total,
          "crossing": crossing})
    cr.execute("ANALYZE logistics_complaint")


def bench_cron(env, total):
    Complaint = env["logistics.complaint"]
    partner = env["res.partner"].create({"name": "Bench cron customer %d" % total, "is_company": True})
    env.cr.execute("SAVEPOINT bench_cron")
    # a) nothing crosses a threshold
    bulk_complaints(env.cr, partner.id, env.user.company_id.id, total, 0, "BENCH-A-%d/" % total)
    Complaint._cron_escalate()  # escalate whatever the demo data has, once
    idle = count_queries(Complaint._cron_escalate)
    env.cr.execute("ROLLBACK TO SAVEPOINT bench_cron")
    env["res.users"].invalidate_cache()
    # b) 1,000 of them cross (500 at risk, 500 breached)
    bulk_complaints(env.cr, partner.id, env.user.company_id.id, total, 1000, "BENCH-B-%d/" % total)
    env.cr.execute("""UPDATE logistics_complaint SET risk_escalated = TRUE, breach_escalated = TRUE
                       WHERE name NOT LIKE 'BENCH-%%'""")
    first = count_queries(Complaint._cron_escalate)
    second = count_queries(Complaint._cron_escalate)
    third = count_queries(Complaint._cron_escalate)
    env.cr.execute("ROLLBACK TO SAVEPOINT bench_cron")
    env["res.users"].invalidate_cache()
    return idle, first, second, third


def bench_portal(env, registry):
    """Server time of /my/complaints and /my/home for a portal user of a customer with 1,000
    complaints, over HTTP on this process's own server (same test cursor, nothing committed)."""
    from odoo.addons.logistics_crm.tests.common import create_portal_user
    partner = env["res.partner"].create({"name": "Bench portal customer", "is_company": True})
    user = create_portal_user(env, partner, login="bench.portal.user")
    bulk_complaints(env.cr, partner.id, env.user.company_id.id, 1000, 0, "BENCH-P/")
    env.cr.execute("UPDATE logistics_complaint SET subject = 'Bench complaint ' || id WHERE partner_id = %s",
                   (partner.id,))
    count = env["logistics.complaint"].search_count([("partner_id", "=", partner.id)])
    session = odoo.http.root.session_store.new()
    session.db = env.cr.dbname
    session.uid = user.id
    session.login = user.login
    session.context = {}
    session.session_token = security.compute_session_token(session, env)
    odoo.http.root.session_store.save(session)
    env.cr.commit()  # a test cursor: only moves its savepoint, so that requests see the data
    port = start_http_server()
    http = requests.Session()
    http.cookies["session_id"] = session.sid
    base = "http://127.0.0.1:%d" % port
    times = {"/my/home": [], "/my/complaints": []}
    sizes, queries = {}, {}
    for path in times:  # warm up (assets, QWeb compilation, caches)
        for _ in range(3):
            response = http.get(base + path, timeout=60)
            assert response.status_code == 200 and "bench.portal" not in response.url, (path, response.url)
    for _ in range(15):
        for path in times:
            start = time.time()
            response = http.get(base + path, timeout=60)
            times[path].append(time.time() - start)
            sizes[path] = len(response.content)
    for path in times:
        queries[path] = count_queries(lambda: http.get(base + path, timeout=60))[0]
    listed = http.get(base + "/my/complaints").text.count("Bench complaint ")
    return {path: (statistics.median(values), min(values), sizes[path], queries[path])
            for path, values in times.items()}, count, listed


registry = env.registry  # noqa: F821 (odoo shell)
registry.enter_test_mode()
try:
    tenv = api.Environment(registry.test_cr, SUPERUSER_ID, {})
    install_query_counter(registry.test_cr)
    tenv["ir.config_parameter"].set_param("logistics_complaints.escalation_batch", "500")
    # two service managers to notify (inbox notifications and the digest e-mail)
    for login in ("bench.manager.1", "bench.manager.2"):
        tenv["res.users"].with_context(no_reset_password=True).create({
            "name": login, "login": login, "email": login + "@example.com",
            "groups_id": [(6, 0, [tenv.ref("logistics_crm.group_service_manager").id])]})
    for total in (10000, 100000):
        idle, first, second, third = bench_cron(tenv, total)
        print("cron, %6d open complaints, none crossing : %4d queries, %.2f s" % (total, idle[0], idle[1]))
        print("cron, %6d open complaints, 1,000 crossing: run 1 %5d queries %.2f s (%d at risk + %d breached"
              " escalated), run 2 %5d queries %.2f s (%d + %d), run 3 %4d queries %.2f s (%d + %d)" % (
                  total, first[0], first[1], len(first[2]["at_risk"]), len(first[2]["breached"]),
                  second[0], second[1], len(second[2]["at_risk"]), len(second[2]["breached"]),
                  third[0], third[1], len(third[2]["at_risk"]), len(third[2]["breached"])))
    results, count, listed = bench_portal(tenv, registry)
    home, mine = results["/my/home"], results["/my/complaints"]
    print("portal, customer with %d complaints, %d listed on the first page "
          "(median of 15 / min, response bytes, queries):" % (count, listed))
    print("  /my/home       %.1f ms / %.1f ms, %d bytes, %d queries" % (home[0] * 1e3, home[1] * 1e3, home[2], home[3]))
    print("  /my/complaints %.1f ms / %.1f ms, %d bytes, %d queries" % (mine[0] * 1e3, mine[1] * 1e3, mine[2], mine[3]))
    print("  ratio /my/complaints : /my/home = %.2f (target <= 2)" % (mine[0] / home[0]))
finally:
    registry.leave_test_mode()
