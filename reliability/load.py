"""`make load`: 20 portal customers and 5 back-office users against a prefork Odoo.

    runtime/bin/load [--seconds 60] [--portal 20] [--backoffice 5] [--workers 2] [--seed N]

A copy of the demo database (flt_load, from flt_demo: tpl_base18 + the suite with demo
data) served by `runtime/bin/odoo --workers=2` on 127.0.0.1:18269 (its own ports, not
8069/8072). Each simulated user is a thread with its own session (urllib, cookies): it
logs in through /web/login and walks realistic pages, 1 to 3 s apart (reading), until
the time is up (and at most --max-requests requests); the logins come first, the
measured minute starts when every user is in:

* portal: /my/home, /my/complaints, a complaint of the list, /my/complaints/new,
  /my/statements, /my/surveys;
* back office: the web client (/odoo), then /web/dataset/call_kw searches on
  complaints, customers and shipments, and a KPI read_group by month.

Only 127.0.0.1 is contacted. Prints requests, errors (must be 0: a status other than
200/303, an exception, a JSON-RPC error) and p50/p95 per page; exits non-zero on errors.
"""
import argparse
import collections
import datetime
import http.cookiejar
import json
import os
import random
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import log, query  # noqa: E402

HTTP_PORT = int(os.environ.get("LOAD_HTTP_PORT", "18269"))
SMTP_PORT = int(os.environ.get("LOAD_SMTP_PORT", "18225"))
BACKOFFICE = [("admin", "admin"), ("demo", "demo"), ("li.na", "li.na"), ("wang.qiang", "wang.qiang"),
              ("zhao.min", "zhao.min")]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = collections.defaultdict(list)
        self.errors = collections.Counter()
        self.server_errors = 0
        self.samples = []

    def add(self, page, seconds, error=None, status=None):
        with self.lock:
            self.times[page].append(seconds)
            if error:
                self.errors[page] += 1
                if len(self.samples) < 10:
                    self.samples.append("%s: %s" % (page, error))
            if status and status >= 500:
                self.server_errors += 1


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, int(round(fraction * (len(ordered) - 1)))))
    return ordered[index]


class User(threading.Thread):
    def __init__(self, base, login, password, stats, clock, max_requests, rng):
        super().__init__(daemon=True)
        self.base, self.login, self.password = base, login, password
        self.stats, self.clock, self.max_requests, self.rng = stats, clock, max_requests, rng
        self.jar = http.cookiejar.CookieJar()
        self.redirects = NoRedirect()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), self.redirects)
        self.requests = 0
        self.last_location = None  # where the last answer redirected to (a 303's Location)

    # -------------------------------------------------------------- HTTP
    def request(self, page, path, data=None, json_body=None, expect=(200,)):
        url = self.base + path
        headers = {"User-Agent": "flt-load"}
        if json_body is not None:
            data = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        elif data is not None:
            data = urllib.parse.urlencode(data).encode()
        req = urllib.request.Request(url, data=data, headers=headers)
        self.redirects.location = None
        started = time.monotonic()
        status, body, error = None, b"", None
        try:
            with self.opener.open(req, timeout=60) as resp:
                status, body = resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            status, body = exc.code, exc.read()
        except Exception as exc:  # a timeout, a reset connection: an error of the run
            error = "%s %s" % (type(exc).__name__, exc)
        elapsed = time.monotonic() - started
        self.last_location = self.redirects.location
        self.requests += 1
        if error is None and status not in expect:
            error = "HTTP %s on %s" % (status, path)
        if error is None and json_body is not None:
            answer = json.loads(body or b"{}")
            if "error" in answer:
                error = "JSON-RPC error on %s: %s" % (path, str(answer["error"].get("data", {}).get("message"))[:200])
        self.stats.add(page, elapsed, error, status)
        return body.decode("utf-8", "replace") if error is None else None

    def call_kw(self, page, model, method, args, kwargs):
        return self.request(page, "/web/dataset/call_kw/%s/%s" % (model, method), json_body={
            "jsonrpc": "2.0", "method": "call", "id": self.requests,
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs}})

    def think(self):
        time.sleep(self.rng.uniform(1.0, 3.0))  # a person reading the page

    def alive(self):
        return time.monotonic() < self.clock["deadline"] and self.requests < self.max_requests

    def ready(self):
        """Logged in: wait for the others (the measured minute starts when all are in)."""
        with self.clock["lock"]:
            self.clock["logged_in"] += 1
        self.clock["go"].wait(600)

    def log_in(self):
        page = self.request("login", "/web/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page or "")
        if not token:
            return False
        self.request("login", "/web/login", data={"login": self.login, "password": self.password,
                                                  "csrf_token": token.group(1)}, expect=(303,))
        return any(cookie.name == "session_id" for cookie in self.jar)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A 303 after the login is the answer we want, not a page to follow (its target is kept)."""

    location = None

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        self.location = newurl
        return None


class PortalUser(User):
    def run(self):
        if not self.log_in():
            return
        self.ready()
        while self.alive():
            self.step()
            self.think()

    complaint_ids = ()

    def step(self):
        """One page a customer reads."""
        step = self.rng.random()
        if step < 0.2:
            self.request("portal home", "/my/home")
        elif step < 0.4:
            page = self.request("complaints list", "/my/complaints")
            self.complaint_ids = sorted(set(re.findall(r"/my/complaints/(\d+)", page or ""))) or self.complaint_ids
        elif step < 0.6 and self.complaint_ids:
            self.request("complaint detail", "/my/complaints/%s" % self.rng.choice(self.complaint_ids))
        elif step < 0.7:
            self.request("new complaint form", "/my/complaints/new")
        elif step < 0.85:
            self.request("statements", "/my/statements")
        else:
            self.request("surveys", "/my/surveys")


class BackofficeUser(User):
    def run(self):
        if not self.log_in():
            return
        self.ready()
        self.request("web client", "/odoo")
        while self.alive():
            step = self.rng.random()
            if step < 0.1:
                self.request("web client", "/odoo")
            elif step < 0.35:
                self.call_kw("search complaints", "logistics.complaint", "web_search_read", [], {
                    "domain": [], "specification": {"name": {}, "partner_id": {"fields": {"display_name": {}}},
                                                    "state": {}, "severity": {}, "subject": {}},
                    "limit": 80, "order": "id desc"})
            elif step < 0.6:
                self.call_kw("search customers", "res.partner", "web_search_read", [], {
                    "domain": [("is_company", "=", True), ("customer_rank", ">", 0)],
                    "specification": {"display_name": {}, "email": {}, "customer_tier": {}}, "limit": 80})
            elif step < 0.8:
                self.call_kw("search shipments", "logistics.shipment", "web_search_read", [], {
                    "domain": [], "specification": {"name": {}, "partner_id": {"fields": {"display_name": {}}},
                                                    "pickup_planned": {}}, "limit": 80})
            else:
                self.call_kw("KPI read_group", "logistics.kpi.report", "web_read_group", [], {
                    "domain": [], "groupby": ["month:month"],
                    "fields": ["shipment_count:sum", "dispatch_on_time_rate:avg"], "lazy": False})
            self.think()


def portal_logins(rpc, count):
    """``count`` portal users, contacts of the demo customers with complaints or statements."""
    companies = [row[0] for row in query(rpc.db, """
        SELECT p.id FROM res_partner p
         WHERE p.is_company AND p.active AND p.customer_rank > 0
      ORDER BY (SELECT count(*) FROM logistics_complaint c JOIN res_partner cp ON cp.id = c.partner_id
                 WHERE cp.commercial_partner_id = p.id) DESC,
               (SELECT count(*) FROM logistics_customer_statement s WHERE s.partner_id = p.id) DESC, p.id
         LIMIT 10""")]
    portal_group = rpc("ir.model.data", "search_read", [("module", "=", "base"), ("name", "=", "group_portal")],
                       fields=["res_id"])[0]["res_id"]
    logins = []
    for index in range(count):
        login = "flt.portal.%02d" % index
        contact = rpc("res.partner", "create", {"name": "Load Contact %02d" % index, "type": "contact",
                                                "parent_id": companies[index % len(companies)],
                                                "email": "%s@customers.example" % login})
        rpc("res.users", "create", {"login": login, "password": login, "partner_id": contact,
                                    "groups_id": [(6, 0, [portal_group])]})
        logins.append((login, login))
    return logins


def backoffice_logins(rpc, count):
    """``count`` back-office users: the demo's five, then agents made once like zhao.min (one
    session per user: the same user logging in twice at once only measures Odoo's retry of
    its login write)."""
    logins = list(BACKOFFICE[:count])
    extra = ["flt.backoffice.%02d" % index for index in range(count - len(logins))]
    existing = {row["login"] for row in rpc("res.users", "search_read", [("login", "in", extra)], fields=["login"])}
    template = rpc("res.users", "search_read", [("login", "=", "zhao.min")], fields=["groups_id"])
    groups = template[0]["groups_id"] if template else []
    for login in extra:
        if login not in existing:
            rpc("res.users", "create", {"name": "Load Agent %s" % login[-2:], "login": login, "password": login,
                                        "groups_id": [(6, 0, groups)]})
    return logins + [(login, login) for login in extra]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--portal", type=int, default=20)
    parser.add_argument("--backoffice", type=int, default=5)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")))
    parser.add_argument("--max-requests", type=int, default=400, help="per simulated user")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    work = os.path.join(harness.WORK, "load-" + stamp)
    os.makedirs(work)
    harness.ensure_demo_db()
    db = "flt_load"
    harness.copy_db(harness.DEMO_DB, db)
    url = "http://127.0.0.1:%d" % HTTP_PORT
    query(db, "UPDATE ir_config_parameter SET value = %s WHERE key = 'web.base.url'", [url])
    query(db, "UPDATE ir_cron SET nextcall = now() + interval '1 year'")  # the run measures the pages
    query(db, "DELETE FROM ir_cron_trigger")
    server = harness.Server(db, HTTP_PORT, SMTP_PORT, os.path.join(work, "odoo.log"), workers=args.workers,
                            extra=["--limit-time-real=120"])
    stats = Stats()
    try:
        server.start()
        rpc = server.rpc()
        logins = portal_logins(rpc, args.portal)
        rng = random.Random(args.seed)
        clock = {"deadline": 0.0, "logged_in": 0, "lock": threading.Lock(), "go": threading.Event()}
        log("load: %d portal users, %d back-office users, %d s, workers=%d, %s"
            % (args.portal, args.backoffice, args.seconds, args.workers, url))
        users = [PortalUser(url, login, password, stats, clock, args.max_requests, random.Random(rng.random()))
                 for login, password in logins]
        users += [BackofficeUser(url, login, password, stats, clock, args.max_requests,
                                 random.Random(rng.random()))
                  for login, password in backoffice_logins(rpc, args.backoffice)]
        # a fresh copy builds its web client and portal asset bundles on their first page:
        # one visit of each before the measured minute (not counted)
        warm = Stats()
        for cls, (login, password), paths in ((PortalUser, logins[0], ["/my/home", "/my/complaints"]),
                                              (BackofficeUser, BACKOFFICE[0], ["/odoo"])):
            visitor = cls(url, login, password, warm, clock, 10, random.Random(0))
            if visitor.log_in():
                for path in paths:
                    visitor.request("warm-up", path)
        # everybody logs in first (a login is a deliberately slow password hash); the
        # measured minute starts when all are in
        for user in users:
            user.start()
        login_deadline = time.monotonic() + 300
        while clock["logged_in"] < len(users) and time.monotonic() < login_deadline \
                and any(user.is_alive() for user in users):
            time.sleep(0.2)
        started = time.monotonic()
        clock["deadline"] = started + args.seconds
        clock["go"].set()
        for user in users:
            user.join(args.seconds + 120)
        elapsed = time.monotonic() - started
        logged_out = [user.login for user in users if user.requests <= 2]
        server_errors = harness.log_errors(server.logfile)
    finally:
        server.stop()
    total = sum(len(v) for v in stats.times.values())
    errors = sum(stats.errors.values())
    rows = []
    for page in sorted(stats.times):
        values = stats.times[page]
        rows.append((page, len(values), stats.errors[page], "%.0f" % (1000 * percentile(values, 0.5)),
                     "%.0f" % (1000 * percentile(values, 0.95)), "%.0f" % (1000 * max(values))))
    pages = sum((values for page, values in stats.times.items() if page != "login"), [])
    rows.append(("all pages (no login)", len(pages), errors - stats.errors["login"],
                 "%.0f" % (1000 * percentile(pages, 0.5)), "%.0f" % (1000 * percentile(pages, 0.95)), ""))
    everything = sum(stats.times.values(), [])
    rows.append(("all", total, errors, "%.0f" % (1000 * percentile(everything, 0.5)),
                 "%.0f" % (1000 * percentile(everything, 0.95)), ""))
    print()
    print("load %s: %d portal + %d back-office users, %.0f s, workers=%d, machine %s (2 shared cores)"
          % (stamp, args.portal, args.backoffice, elapsed, args.workers, os.uname().nodename))
    print(harness.table(rows, ["page", "requests", "errors", "p50 ms", "p95 ms", "max ms"]))
    print("requests/s: %.1f; 5xx: %d; ERROR lines in the Odoo log: %d" % (
        total / elapsed if elapsed else 0, stats.server_errors, len(server_errors)))
    failed = bool(errors or stats.server_errors or server_errors or logged_out)
    for sample in stats.samples:
        print("  error: %s" % sample)
    for line in server_errors[:5]:
        print("  log: %s" % line[:300])
    if logged_out:
        print("  users who could not log in: %s" % logged_out)
    with open(os.path.join(work, "results.json"), "w") as fh:
        json.dump({"stamp": stamp, "rows": rows, "requests": total, "errors": errors, "times": stats.times,
                   "server_errors": stats.server_errors, "log_errors": len(server_errors)}, fh, indent=1)
    print("result: %s (details %s)" % ("FAILED" if failed else "ok", work))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
