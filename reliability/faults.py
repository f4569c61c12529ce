"""`make test-faults`: the suite's promises under faults, on real Odoo servers.

    runtime/bin/test-faults [crash] [outage] [upgrade] [--seed N] [--customers N] [--kills N]

* crash   -- a few hundred customers; the monthly statement cron and a survey campaign
             run through Odoo's cron thread while the Odoo process is SIGKILLed at random
             (seeded) moments and restarted; then: one statement per customer and month,
             one invitation per customer and period, each mail received by the SMTP sink
             exactly once.
* outage  -- the SMTP sink is down during the monthly run: the mails wait in the queue,
             a Service Manager sees the failure; sink back: the queue sends every mail once.
* upgrade -- `-u` of the suite keeps every record; uninstall and reinstall of each addon
             log no ERROR.

Each scenario works on its own copy (flt_<scenario>) of flt_demo (tpl_base18 + the suite
with demo data, built once and updated when the addons change), its own Odoo server on
127.0.0.1:18169 (not 8069/8072) and its own SMTP sink on 18125 with its own folder under
.local/faults/. Prints a figures table; exits non-zero on any failure.
"""
import argparse
import collections
import datetime
import json
import os
import random
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import log, query  # noqa: E402

HTTP_PORT = int(os.environ.get("FAULTS_HTTP_PORT", "18169"))
SMTP_PORT = int(os.environ.get("FAULTS_SMTP_PORT", "18125"))
# the suite's crons under test, and Odoo's mail queue
CRONS = {
    "statements": "logistics_kpi.ir_cron_monthly_statements",
    "catch_up": "logistics_kpi.ir_cron_statement_catch_up",
    "campaigns": "logistics_kpi.ir_cron_survey_campaigns",
    "queue": "mail.ir_cron_mail_scheduler_action",
}


MAIL_BASELINE = 0   # mail.mail ids up to this one were in the demo database
SENT_BEFORE = set()  # statements sent in the demo database


def cron_ids(db):
    ids = {}
    for key, xmlid in CRONS.items():
        module, name = xmlid.split(".")
        ids[key] = query(db, "SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s",
                         [module, name])[0][0]
    return ids


def prepare_db(scenario):
    """flt_<scenario>: a copy of the demo database, served on our port, other crons asleep."""
    db = "flt_%s" % scenario
    harness.copy_db(harness.DEMO_DB, db)
    url = "http://127.0.0.1:%d" % HTTP_PORT
    for key in ("web.base.url", "report.url"):
        query(db, """INSERT INTO ir_config_parameter (key, value, create_uid, write_uid, create_date, write_date)
                     VALUES (%s, %s, 1, 1, now(), now())
                     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value""", [key, url])
    query(db, "INSERT INTO ir_config_parameter (key, value, create_uid, write_uid, create_date, write_date) "
              "VALUES ('web.base.url.freeze', 'True', 1, 1, now(), now()) ON CONFLICT (key) DO NOTHING")
    ids = cron_ids(db)
    # the crons not under test wait a year (they would mail greetings, digests...);
    # the mail queue runs every minute (Odoo's default: every hour, plus triggers)
    query(db, "UPDATE ir_cron SET nextcall = now() + interval '1 year' WHERE id != ALL(%s)", [list(ids.values())])
    query(db, "UPDATE ir_cron SET nextcall = now() + interval '1 year' WHERE id = ANY(%s)", [list(ids.values())])
    query(db, "DELETE FROM ir_cron_trigger")
    query(db, "UPDATE ir_cron SET interval_number = 1, interval_type = 'minutes' WHERE id = %s", [ids["queue"]])
    # the demo's own queued and failed mails are not this test's
    global MAIL_BASELINE
    MAIL_BASELINE = query(db, "SELECT COALESCE(max(id), 0) FROM mail_mail")[0][0]
    # statements the demo data marked sent (no mail of this test): not expected at the sink
    global SENT_BEFORE
    SENT_BEFORE = {row[0] for row in query(db, "SELECT id FROM logistics_customer_statement WHERE state = 'sent'")}
    return db, ids


def make_due(db, ids, keys):
    """The crons ``keys`` due now (as their next scheduled run would make them), cron threads woken."""
    query(db, "UPDATE ir_cron SET nextcall = now() at time zone 'UTC' - interval '1 second' WHERE id = ANY(%s)",
          [[ids[key] for key in keys]])
    harness.notify_crons(db)


def sleep_waking(db, seconds):
    """Sleep, waking the cron threads every 2 s: a server just (re)started LISTENs only
    once its cron threads run, and they otherwise poll once a minute."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(min(2.0, max(deadline - time.monotonic(), 0)))
        harness.notify_crons(db)


def make_customers(rpc, count, prefix):
    """``count`` customer companies with an e-mail, opted in to the monthly statement (en_US)."""
    values = [{
        "name": "%s Customer %04d" % (prefix, index), "is_company": True, "customer_rank": 1,
        "email": "%s-c%04d@customers.example" % (prefix.lower(), index), "statement_opt_in": True,
        "lang": "en_US",
    } for index in range(1, count + 1)]
    return rpc("res.partner", "create", values)


def make_campaign(rpc, partner_ids, name):
    survey_id = rpc("logistics.survey.campaign", "search_read", [], fields=["survey_id"], limit=1)[0]["survey_id"][0]
    # the demo campaigns are archived in this copy: the campaign cron runs ours only
    demo = rpc("logistics.survey.campaign", "search", [])
    rpc("logistics.survey.campaign", "write", demo, {"active": False})
    return rpc("logistics.survey.campaign", "create", {
        "name": name, "kind": "periodic", "survey_id": survey_id, "period_months": 12,
        "partner_ids": [(6, 0, partner_ids)], "quiet_days": 0, "reminder_days": 0, "batch_size": 25,
    })


def statement_month(db):
    today = query(db, "SELECT (now() at time zone 'Asia/Shanghai')::date")[0][0]
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def snapshot(db, month, campaign_id, sink):
    """What is done so far: statements sent, invitations, mails queued/failed, mails received."""
    sent = query(db, "SELECT count(*) FROM logistics_customer_statement WHERE month = %s AND state = 'sent'",
                 [month])[0][0]
    invitations = query(db, "SELECT count(*) FROM survey_user_input WHERE campaign_id = %s", [campaign_id])[0][0]
    queue = dict(query(db, "SELECT state, count(*) FROM mail_mail WHERE id > %s GROUP BY state", [MAIL_BASELINE]))
    return {"statements_sent": sent, "invitations": invitations, "queued": queue.get("outgoing", 0),
            "exception": queue.get("exception", 0), "received": len(os.listdir(sink.folder))}


def expected_statements(db, month):
    """{statement id: (customer name, recipient email)} of the month's statements that must be mailed."""
    rows = query(db, """
        SELECT s.id, p.name, COALESCE(c.email, p.email)
          FROM logistics_customer_statement s
          JOIN res_partner p ON p.id = s.partner_id
     LEFT JOIN res_partner c ON c.id = p.statement_contact_id
         WHERE s.month = %s""", [month])
    return {sid: (name, email) for sid, name, email in rows}


def check_delivery(db, month, campaign_id, partner_ids, sink):
    """The promises, as figures and a list of failures."""
    failures = []
    # one statement per customer and month (the statement partners: key accounts + opted in)
    per_partner = query(db, """
        SELECT p.id, count(s.id), count(s.id) FILTER (WHERE s.state = 'sent')
          FROM res_partner p
     LEFT JOIN logistics_customer_statement s ON s.partner_id = p.id AND s.month = %s
         WHERE p.active AND p.is_company AND (p.is_key_account OR p.statement_opt_in)
      GROUP BY p.id""", [month])
    missing = [pid for pid, count, _sent in per_partner if count == 0]
    doubled = [pid for pid, count, _sent in per_partner if count > 1]
    ours = set(partner_ids)
    unsent = [pid for pid, count, sent in per_partner if pid in ours and sent != 1]
    if missing or doubled or unsent:
        failures.append("statements: %d customers without, %d with two or more, %d of ours not sent"
                        % (len(missing), len(doubled), len(unsent)))
    # one invitation per customer and period
    invitations = query(db, """SELECT customer_id, campaign_key, count(*), min(access_token)
                                 FROM survey_user_input WHERE campaign_id = %s
                             GROUP BY customer_id, campaign_key""", [campaign_id])
    invited = {row[0] for row in invitations}
    if len(invitations) != len(ours) or invited != ours or any(row[2] != 1 for row in invitations):
        failures.append("invitations: %d rows for %d customers (expected one each)" % (
            sum(row[2] for row in invitations), len(ours)))
    # the sink: each mail exactly once
    messages = sink.messages()
    received = collections.Counter()
    by_message_id = collections.Counter(mid for mid, _to, _subject, _body in messages)
    statements = expected_statements(db, month)
    sent_statements = {sid for (sid,) in query(
        db, "SELECT id FROM logistics_customer_statement WHERE month = %s AND state = 'sent'", [month])}
    month_text = month.strftime("%Y-%m")
    names = {name: sid for sid, (name, _email) in statements.items()}
    tokens = {row[3]: row[0] for row in invitations}
    token_re = re.compile(r"answer_token=([0-9a-f-]{36})")
    for _mid, to, subject, body in messages:
        if month_text in subject:
            for name, sid in names.items():
                if subject.endswith(name) and statements[sid][1] and statements[sid][1].lower() in to.lower():
                    received[("statement", sid)] += 1
        for token in set(token_re.findall(body)):
            if token in tokens:
                received[("invitation", token)] += 1
    expected = [("statement", sid) for sid in sent_statements - SENT_BEFORE if statements[sid][1]] + \
               [("invitation", token) for token in tokens]
    lost = [key for key in expected if received[key] == 0]
    twice = [key for key in expected if received[key] > 1]
    if lost or twice:
        failures.append("sink: %d mails lost, %d received more than once (e.g. %s)" % (
            len(lost), len(twice), (lost + twice)[:3]))
    dup_ids = sum(1 for count in by_message_id.values() if count > 1)
    left = query(db, """SELECT state, count(*) FROM mail_mail WHERE id > %s AND state IN ('outgoing', 'exception')
                         GROUP BY state""", [MAIL_BASELINE])
    if left:
        failures.append("mail queue not empty: %s" % dict(left))
    figures = {
        "statement customers": len(per_partner), "statements sent": len(sent_statements - SENT_BEFORE),
        "invitations": len(invitations), "mails expected": len(expected), "mails received": len(messages),
        "lost": len(lost), "duplicated": len(twice), "duplicate Message-Ids": dup_ids,
    }
    return figures, failures


def wait_until(predicate, timeout, poll=3.0, tick=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        if tick:
            tick()
        time.sleep(poll)
    return predicate()


# ------------------------------------------------------------------------------ crash
def scenario_crash(args, work):
    db, ids = prepare_db("crash")
    sink = harness.Sink(SMTP_PORT, os.path.join(work, "crash-mail"))
    # two cron threads: the mail queue sends while the statements are being made
    server = harness.Server(db, HTTP_PORT, SMTP_PORT, os.path.join(work, "crash-odoo.log"), cron_threads=2)
    rng = random.Random(args.seed)
    started = time.monotonic()
    kills = []
    try:
        sink.start()
        server.start()
        rpc = server.rpc()
        partner_ids = make_customers(rpc, args.customers, "FLT")
        campaign_id = make_campaign(rpc, partner_ids, "FLT crash campaign")
        month = statement_month(db)
        log("crash: %d customers, statements of %s and campaign %s; %d kills (seed %s)"
            % (args.customers, month, campaign_id, args.kills, args.seed))
        make_due(db, ids, ["statements", "campaigns", "queue"])
        for number in range(1, args.kills + 1):
            delay = rng.uniform(args.min_delay, args.max_delay)
            sleep_waking(db, delay)
            state = snapshot(db, month, campaign_id, sink)
            server.kill()
            kills.append(dict(state, kill=number, after_s=round(delay, 1)))
            log("kill %d after %.1f s: %s" % (number, delay, state))
            server.start()
            # the next scheduled runs: the monthly cron again (as Odoo's cron thread runs a
            # job that was not done again), the daily catch-up and campaign runs, the queue
            make_due(db, ids, ["statements", "catch_up", "campaigns", "queue"])

        def done():
            state = snapshot(db, month, campaign_id, sink)
            return (state["invitations"] >= len(partner_ids) and state["queued"] == 0
                    and not query(db, """SELECT 1 FROM logistics_customer_statement
                                          WHERE month = %s AND state = 'draft' AND partner_id = ANY(%s)""",
                                  [month, partner_ids]))

        def tick():
            make_due(db, ids, ["catch_up", "queue"] + ([] if done() else ["statements", "campaigns"]))

        sleep_waking(db, 4)

        finished = wait_until(done, args.timeout, poll=5, tick=tick)
        time.sleep(5)  # the last queue run commits
        figures, failures = check_delivery(db, month, campaign_id, partner_ids, sink)
        if not finished:
            failures.append("the crons did not finish within %d s: %s" % (
                args.timeout, snapshot(db, month, campaign_id, sink)))
        errors = [line for line in harness.log_errors(server.logfile) if "wkhtmltopdf" not in line]
        figures.update({"kills survived": server.kills, "customers": args.customers,
                        "seconds": round(time.monotonic() - started)})
        return {"figures": figures, "kills": kills, "failures": failures, "log_errors": len(errors)}
    finally:
        server.stop()
        sink.stop()


# ------------------------------------------------------------------------------ outage
def service_manager(rpc):
    """A Service Manager who is not the administrator (login flt.manager / flt.manager)."""
    group = rpc("ir.model.data", "search_read", [("module", "=", "logistics_crm"),
                                                 ("name", "=", "group_service_manager")], fields=["res_id"])
    rpc("res.users", "create", {"name": "FLT Service Manager", "login": "flt.manager", "password": "flt.manager",
                                "email": "flt.manager@example.com", "groups_id": [(4, group[0]["res_id"])]})
    return "flt.manager", "flt.manager"


def scenario_outage(args, work):
    db, ids = prepare_db("outage")
    sink = harness.Sink(SMTP_PORT, os.path.join(work, "outage-mail"))
    server = harness.Server(db, HTTP_PORT, SMTP_PORT, os.path.join(work, "outage-odoo.log"), cron_threads=2)
    started = time.monotonic()
    failures = []
    try:
        server.start()   # the sink is down: nothing listens on SMTP_PORT
        rpc = server.rpc()
        partner_ids = make_customers(rpc, args.outage_customers, "OUT")
        campaign_id = make_campaign(rpc, partner_ids, "FLT outage campaign")
        login, password = service_manager(rpc)
        month = statement_month(db)
        log("outage: %d customers, statements of %s, campaign %s; the SMTP sink is down"
            % (len(partner_ids), month, campaign_id))
        make_due(db, ids, ["statements", "campaigns", "queue"])
        sleep_waking(db, 4)

        def ours():
            return dict(query(db, "SELECT state, count(*) FROM mail_mail WHERE id > %s GROUP BY state",
                              [MAIL_BASELINE]))

        def all_failed():
            drafts = query(db, """SELECT 1 FROM logistics_customer_statement
                                   WHERE month = %s AND state = 'draft' AND partner_id = ANY(%s)""",
                           [month, partner_ids])
            invited = snapshot(db, month, campaign_id, sink)["invitations"]
            states = ours()
            return not drafts and invited >= len(partner_ids) and not states.get("outgoing") \
                and states.get("exception", 0) >= len(partner_ids) * 2

        if not wait_until(all_failed, args.timeout, poll=5, tick=lambda: make_due(db, ids, ["queue"])):
            failures.append("the monthly run did not end with every mail waiting: %s" % ours())
        waiting = ours().get("exception", 0)
        expected_waiting = len(partner_ids) + query(db, """
            SELECT count(*) FROM logistics_customer_statement
             WHERE month = %s AND state = 'sent' AND id != ALL(%s)""", [month, list(SENT_BEFORE)])[0][0]
        if waiting != expected_waiting:
            failures.append("%d mails waiting, %d expected (statements + invitations)" % (waiting, expected_waiting))
        # what a Service Manager sees meanwhile
        manager = harness.Rpc(server.url, db, login, password)
        failed_statements = manager("logistics.customer.statement", "search_count",
                                    [("delivery_failed", "=", True), ("month", "=", str(month))])
        failed_invitations = manager("logistics.survey.campaign", "read", [campaign_id],
                                     ["failed_mail_count"])[0]["failed_mail_count"]
        if failed_statements != expected_waiting - len(partner_ids) or failed_invitations != len(partner_ids):
            failures.append("the Service Manager sees %d statements and %d invitations not delivered "
                            "(%d and %d are)" % (failed_statements, failed_invitations,
                                                 expected_waiting - len(partner_ids), len(partner_ids)))
        # a further queue run while the server is still down: nothing is lost, nothing sent
        outage_s = round(time.monotonic() - started)
        log("outage: %d mails waiting; the Service Manager sees %d statements and %d invitations failed; "
            "sink back" % (waiting, failed_statements, failed_invitations))
        sink.start()
        back = time.monotonic()

        def drained():
            states = ours()
            return not states.get("outgoing") and not states.get("exception")

        sleep_waking(db, 3)
        if not wait_until(drained, args.timeout, poll=5, tick=lambda: make_due(db, ids, ["queue"])):
            failures.append("the queue did not drain after the outage: %s" % ours())
        drain_s = round(time.monotonic() - back)
        time.sleep(3)
        figures, delivery_failures = check_delivery(db, month, campaign_id, partner_ids, sink)
        failures += delivery_failures
        still = manager("logistics.customer.statement", "search_count",
                        [("delivery_failed", "=", True), ("month", "=", str(month))])
        if still:
            failures.append("%d statements still shown as not delivered after the queue sent them" % still)
        figures.update({"mails waiting during the outage": waiting,
                        "statements shown failed to the Service Manager": failed_statements,
                        "invitations shown failed to the Service Manager": failed_invitations,
                        "seconds of outage (start to sink back)": outage_s,
                        "seconds until every mail was sent after the sink came back": drain_s})
        return {"figures": figures, "failures": failures}
    finally:
        server.stop()
        sink.stop()


# ------------------------------------------------------------------------------ upgrade
def suite_tables(db):
    """{model: table} of the suite's stored models, plus res.partner, mail.message, ir.attachment."""
    rows = query(db, """
        SELECT DISTINCT m.model FROM ir_model m JOIN ir_model_data d ON d.model = 'ir.model' AND d.res_id = m.id
         WHERE d.module = ANY(%s) AND NOT m.transient""", [harness.SUITE])
    models = sorted({row[0] for row in rows} | {"res.partner", "mail.message", "ir.attachment"})
    tables = {}
    for model in models:
        table = model.replace(".", "_")
        if query(db, "SELECT 1 FROM information_schema.tables WHERE table_name = %s AND table_type = 'BASE TABLE'",
                 [table]):
            tables[model] = table
    return tables


def counts(db, tables):
    return {model: query(db, 'SELECT count(*) FROM "%s"' % table)[0][0] for model, table in tables.items()}


def odoo_shell(db, code, logfile):
    import subprocess
    with open(logfile, "ab") as out:
        proc = subprocess.run([harness.ODOO, "shell", "-d", db, "--no-http", "--log-level=info",
                               "--logfile=%s" % logfile], input=code.encode(), stdout=out, stderr=out,
                              timeout=1800)
    return proc.returncode


def scenario_upgrade(args, work):
    db = "flt_upgrade"
    harness.copy_db(harness.DEMO_DB, db)
    logfile = os.path.join(work, "upgrade-odoo.log")
    failures, figures = [], {}
    tables = suite_tables(db)
    before = counts(db, tables)
    started = time.monotonic()
    rc = harness.odoo_run(["-d", db, "-u", ",".join(harness.SUITE), "--stop-after-init", "--log-level=info"],
                          logfile)
    figures["-u seconds"] = round(time.monotonic() - started)
    after = counts(db, tables)
    errors = harness.log_errors(logfile)
    if rc or errors:
        failures.append("-u: exit %s, %d ERROR lines (first: %s)" % (rc, len(errors), errors[:1]))
    changed = {model: (before[model], after[model]) for model in tables if before[model] != after[model]}
    lost = {model: pair for model, pair in changed.items() if pair[1] < pair[0]}
    if lost:
        failures.append("-u lost records: %s" % lost)
    figures["models counted"] = len(tables)
    figures["records before -u"] = sum(before.values())
    figures["records after -u"] = sum(after.values())
    figures["models whose count changed"] = ", ".join(
        "%s %d->%d" % (model, old, new) for model, (old, new) in changed.items()) or "none"
    # uninstall then reinstall each addon, the bridges first (an addon's dependents go with it)
    for addon in reversed(harness.SUITE):   # ADDONS lists an addon after those it builds on
        offset = os.path.getsize(logfile)
        installed_before = {row[0] for row in query(
            db, "SELECT name FROM ir_module_module WHERE state = 'installed' AND name = ANY(%s)", [harness.SUITE])}
        t0 = time.monotonic()
        rc = odoo_shell(db, "env['ir.module.module'].search([('name', '=', %r)]).button_immediate_uninstall()\n"
                            "env.cr.commit()\n" % addon, logfile)
        removed = installed_before - {row[0] for row in query(
            db, "SELECT name FROM ir_module_module WHERE state = 'installed' AND name = ANY(%s)", [harness.SUITE])}
        uninstall_s = round(time.monotonic() - t0)
        if rc or addon not in removed:
            failures.append("uninstall %s: exit %s, removed %s" % (addon, rc, sorted(removed)))
        t0 = time.monotonic()
        reinstall = [name for name in harness.SUITE if name in removed]
        rc = harness.odoo_run(["-d", db, "-i", ",".join(reinstall or [addon]), "--stop-after-init",
                               "--log-level=info"], logfile)
        installed = {row[0] for row in query(
            db, "SELECT name FROM ir_module_module WHERE state = 'installed' AND name = ANY(%s)", [harness.SUITE])}
        errors = harness.log_errors(logfile, offset)
        if rc or errors or installed != installed_before:
            failures.append("uninstall/reinstall %s: exit %s, %d ERROR lines (first: %s), installed after: %s"
                            % (addon, rc, len(errors), errors[:1], sorted(installed)))
        figures["uninstall+reinstall %s" % addon] = "%s removed, %d s + %d s, %d ERROR" % (
            "+".join(sorted(removed)) or "-", uninstall_s, round(time.monotonic() - t0), len(errors))
    return {"figures": figures, "failures": failures}


# ------------------------------------------------------------------------------ main
SCENARIOS = {"crash": scenario_crash, "outage": scenario_outage, "upgrade": scenario_upgrade}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenarios", nargs="*", default=["crash", "outage", "upgrade"])
    parser.add_argument("--seed", type=int, default=int(os.environ.get("FAULTS_SEED", "14")))
    parser.add_argument("--customers", type=int, default=int(os.environ.get("FAULTS_CUSTOMERS", "200")))
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--outage-customers", type=int, default=30)
    parser.add_argument("--min-delay", type=float, default=4.0, help="seconds after a (re)start before a kill")
    parser.add_argument("--max-delay", type=float, default=90.0)
    parser.add_argument("--timeout", type=int, default=1500, help="seconds for the crons to finish")
    args = parser.parse_args()
    unknown = set(args.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error("unknown scenario(s): %s" % ", ".join(sorted(unknown)))
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    work = os.path.join(harness.WORK, stamp)
    os.makedirs(work)
    harness.ensure_demo_db()
    results = {}
    for name in args.scenarios:
        log("scenario %s (work folder %s)" % (name, work))
        started = time.monotonic()
        try:
            results[name] = SCENARIOS[name](args, work)
        except harness.Fatal as error:
            results[name] = {"figures": {}, "failures": [str(error)]}
        except Exception as error:  # a bug of the driver or an unexpected state: that scenario failed
            import traceback
            traceback.print_exc()
            results[name] = {"figures": {}, "failures": ["%s: %s" % (type(error).__name__, error)]}
        results[name]["seconds"] = round(time.monotonic() - started)
    rows, failed = [], False
    for name, result in results.items():
        for key, value in result["figures"].items():
            rows.append((name, key, value))
        for failure in result["failures"]:
            rows.append((name, "FAILURE", failure))
            failed = True
        rows.append((name, "result", "FAILED" if result["failures"] else "ok"))
    print()
    print("test-faults %s, seed %s, machine: %s" % (stamp, args.seed, os.uname().nodename))
    print(harness.table(rows, ["scenario", "figure", "value"]))
    with open(os.path.join(work, "results.json"), "w") as fh:
        json.dump({"stamp": stamp, "seed": args.seed, "results": results}, fh, indent=1, default=str)
    print("details: %s" % os.path.join(work, "results.json"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
