"""`make load-cluster`: the load of `make load` against `make cluster`, through its proxy.

    runtime/bin/load-cluster [--seconds 120] [--portal 50] [--backoffice 10]
                             [--scenarios plain,kill,replica] [--seed N]

Three runs of the same load (reliability/load.py's portal and back-office users, each a
thread with its own session, 1-3 s between pages), each on fresh sessions:

* ``plain``: the cluster as it is;
* ``kill``: HTTP node 1 is SIGKILLed (its whole process group: prefork workers, websocket)
  half-way; nginx sends the next requests to node 2; node 1 is started again afterwards;
* ``replica``: the PostgreSQL replica is stopped (immediate shutdown) 30 s into the run for
  30 s, then started again; Odoo falls back to the primary for read-only requests (and a
  worker whose replica connection failed stays on the primary until it is recycled:
  ``--recycle`` recycles the HTTP workers once the replica is back).

Besides their pages, a third of the portal users submit a complaint now and then (the form's
POST, served by the primary) and load their complaint list at once (a read-only route, served
by the replica): read-your-writes is checked there (is the complaint they just submitted in
the list?), and at the end every complaint whose submission was answered must be in the
primary (none lost).

Per run: requests, errors (status other than 200/303, exception, JSON-RPC error), 5xx, p50/p95
per page, how many requests each node served read-only ("ro") or read/write, the transactions
the replica served, read-your-writes checks and misses, submitted and found complaints.
Only 127.0.0.1 is contacted; the cluster must be up (make cluster).
"""
import argparse
import collections
import datetime
import glob
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
import load  # noqa: E402
from harness import log  # noqa: E402

ROOT = harness.ROOT
DIR = os.path.join(harness.STATE, "cluster")
PROXY = "http://127.0.0.1:%s" % os.environ.get("CLUSTER_PORT", "18600")
DB = os.environ.get("CLUSTER_DB", "logistics_cluster")
PRIMARY_PORT = int(os.environ.get("CLUSTER_PG_PORT", "55450"))
REPLICA_PORT = int(os.environ.get("CLUSTER_REPLICA_PORT", "55451"))
CLUSTER = os.path.join(ROOT, "runtime", "bin", "cluster")
REQUEST_LINE = re.compile(r'werkzeug: .*"(GET|POST) (\S+) HTTP/[\d.]+" (\d+) .* (ro|rw|ro->rw)$')


def pg_query(port, sql, params=None, dbname=DB):
    import psycopg2
    with psycopg2.connect(host="127.0.0.1", port=port, user="odoo", dbname=dbname) as cnx, cnx.cursor() as cr:
        cr.execute(sql, params)
        return cr.fetchall()


def replica_transactions():
    try:
        return pg_query(REPLICA_PORT, "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s",
                        [DB], dbname="postgres")[0][0]
    except Exception:  # the replica is down
        return None


class Writer(load.PortalUser):
    """A portal user who also submits complaints and reads the list right after."""

    def __init__(self, *args, results, **kwargs):
        super().__init__(*args, **kwargs)
        self.results = results

    def submit_and_read(self):
        form = self.request("new complaint form", "/my/complaints/new")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form or "")
        if not token:
            return
        marker = "Load %s %d" % (self.login, self.requests)
        started = time.monotonic()
        req_body = {"csrf_token": token.group(1), "problem_type": "late_delivery", "subject": marker,
                    "description": "Submitted by the cluster load test: %s" % marker}
        self.request("submit complaint", "/my/complaints/new", data=req_body, expect=(303,))
        match = re.search(r"/my/complaints/(\d+)", self.last_location or "")
        with self.results["lock"]:
            self.results["submitted"].append((marker, int(match.group(1)) if match else None))
        if not match:
            return
        page = self.request("complaints list", "/my/complaints")
        with self.results["lock"]:
            self.results["ryw_checks"] += 1
            if page is not None and "/my/complaints/%s" % match.group(1) not in page:
                self.results["ryw_misses"] += 1
                self.results["ryw_samples"].append("%s after %.2f s" % (marker, time.monotonic() - started))

    def run(self):
        if not self.log_in():
            return
        self.ready()
        while self.alive():
            if self.rng.random() < 0.15:
                self.submit_and_read()
            else:
                self.step()
            self.think()


def cluster_logins(rpc, count):
    """``count`` portal users of the demo customers (made once, kept in the cluster's database)."""
    existing = {row["login"] for row in rpc("res.users", "search_read", [("login", "like", "flt.portal.%")],
                                            fields=["login"])}
    wanted = ["flt.portal.%02d" % index for index in range(count)]
    missing = [login for login in wanted if login not in existing]
    if missing:
        companies = [row["id"] for row in rpc("res.partner", "search_read",
                                              [("is_company", "=", True), ("customer_rank", ">", 0)],
                                              fields=["id"], limit=10, order="id")]
        portal_group = rpc("ir.model.data", "search_read", [("module", "=", "base"), ("name", "=", "group_portal")],
                           fields=["res_id"])[0]["res_id"]
        for login in missing:
            index = int(login.rsplit(".", 1)[1])
            contact = rpc("res.partner", "create", {"name": "Load Contact %02d" % index, "type": "contact",
                                                    "parent_id": companies[index % len(companies)],
                                                    "email": "%s@customers.example" % login})
            rpc("res.users", "create", {"login": login, "password": login, "partner_id": contact,
                                        "groups_id": [(6, 0, [portal_group])]})
    return [(login, login) for login in wanted]


def log_offsets():
    return {path: os.path.getsize(path) for path in glob.glob(os.path.join(DIR, "http*.log"))}


def request_modes(offsets):
    """{node: Counter(mode)} of the requests each node logged since ``offsets``."""
    modes = {}
    for path, offset in offsets.items():
        counter = collections.Counter()
        with open(path, "rb") as fh:
            fh.seek(offset)
            for line in fh.read().decode("utf-8", "replace").splitlines():
                match = REQUEST_LINE.search(line)
                if match:
                    counter[match.group(4)] += 1
        modes[os.path.basename(path)[:-4]] = counter
    return modes


def node_pid(name):
    with open(os.path.join(DIR, "%s.pid" % name)) as fh:
        return int(fh.read().strip())


def pg_ctl(data, *args):
    user = os.environ.get("PG_OS_USER", "odoo-pg")
    pg_bin = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")
    command = [os.path.join(pg_bin, "pg_ctl"), "-D", data] + list(args)
    if os.getuid() == 0:
        command = ["runuser", "-u", user, "--"] + command
    subprocess.run(command, check=True, cwd="/", stdout=subprocess.DEVNULL)


def run_scenario(name, args, logins, backoffice, rng_seed):
    stats = load.Stats()
    results = {"lock": threading.Lock(), "submitted": [], "ryw_checks": 0, "ryw_misses": 0, "ryw_samples": []}
    clock = {"deadline": 0.0, "logged_in": 0, "lock": threading.Lock(), "go": threading.Event()}
    rng = random.Random(rng_seed)
    users = []
    for index, (login, password) in enumerate(logins):
        cls = Writer if index % 3 == 0 else load.PortalUser
        kwargs = {"results": results} if cls is Writer else {}
        users.append(cls(PROXY, login, password, stats, clock, args.max_requests,
                         random.Random(rng.random()), **kwargs))
    users += [load.BackofficeUser(PROXY, login, password, stats, clock, args.max_requests,
                                  random.Random(rng.random()))
              for login, password in backoffice]
    for user in users:
        user.start()
    deadline = time.monotonic() + 300
    while clock["logged_in"] < sum(u.is_alive() for u in users) and time.monotonic() < deadline:
        time.sleep(0.2)
    failed_logins = [u.login for u in users if not u.is_alive()]
    offsets, replica_before = log_offsets(), replica_transactions()
    started = time.monotonic()
    clock["deadline"] = started + args.seconds
    clock["go"].set()
    events, replica_at_stop = [], None
    if name == "kill":
        time.sleep(args.seconds / 2)
        pid = node_pid("http1")
        os.killpg(pid, signal.SIGKILL)
        events.append("HTTP node 1 (pid %d and its workers) SIGKILLed at %.0f s" % (pid, time.monotonic() - started))
    elif name == "replica":
        time.sleep(30)
        replica_at_stop = replica_transactions()
        pg_ctl(os.path.join(DIR, "pg-replica"), "-m", "immediate", "-w", "stop")
        events.append("replica stopped at %.0f s" % (time.monotonic() - started))
        time.sleep(30)
        pg_ctl(os.path.join(DIR, "pg-replica"), "-l", os.path.join(DIR, "pg-replica", "server.log"), "-w",
               "-o", "-c listen_addresses=127.0.0.1 -k /tmp -p %d -c hot_standby=on" % REPLICA_PORT, "start")
        events.append("replica started again at %.0f s" % (time.monotonic() - started))
        if args.recycle:
            subprocess.run([CLUSTER, "recycle"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            events.append("HTTP workers recycled at %.0f s (runtime/bin/cluster recycle)" % (time.monotonic() - started))
    for user in users:
        user.join(args.seconds + 120)
    elapsed = time.monotonic() - started
    replica_after = replica_transactions()
    if name == "replica" and replica_before is not None and replica_at_stop is not None:
        # an immediate shutdown resets the statistics: what it served before, plus since its restart
        replica_after = replica_at_stop + (replica_after or 0)
    modes = request_modes(offsets)
    submitted = [cid for _marker, cid in results["submitted"] if cid]
    found = {row[0] for row in pg_query(PRIMARY_PORT, "SELECT id FROM logistics_complaint WHERE id = ANY(%s)",
                                        [submitted])} if submitted else set()
    return {"name": name, "failed_logins": failed_logins, "stats": stats, "elapsed": elapsed, "users": len(users), "events": events,
            "modes": modes, "replica": (replica_before, replica_after), "results": results,
            "submitted": len(results["submitted"]), "answered": len(submitted), "found": len(found)}


def report(run):
    stats = run["stats"]
    rows = []
    for page in sorted(stats.times):
        values = stats.times[page]
        rows.append((page, len(values), stats.errors[page], "%.0f" % (1000 * load.percentile(values, 0.5)),
                     "%.0f" % (1000 * load.percentile(values, 0.95)), "%.0f" % (1000 * max(values))))
    everything = sum(stats.times.values(), [])
    total, errors = len(everything), sum(stats.errors.values())
    rows.append(("all", total, errors, "%.0f" % (1000 * load.percentile(everything, 0.5)),
                 "%.0f" % (1000 * load.percentile(everything, 0.95)), ""))
    print()
    print("### %s: %d users, %.0f s, %.1f requests/s" % (run["name"], run["users"], run["elapsed"],
                                                          total / run["elapsed"] if run["elapsed"] else 0))
    for event in run["events"]:
        print("- %s" % event)
    print(harness.table(rows, ["page", "requests", "errors", "p50 ms", "p95 ms", "max ms"]))
    modes = ", ".join("%s: %s" % (node, ", ".join("%s %d" % item for item in sorted(counter.items())))
                      for node, counter in sorted(run["modes"].items()))
    before, after = run["replica"]
    served = (after - before) if before is not None and after is not None else None
    results = run["results"]
    print("- 5xx: %d; errors: %d" % (stats.server_errors, errors))
    print("- requests by cursor mode (Odoo's log): %s" % modes)
    print("- transactions served by the replica: %s" % (served if served is not None else
                                                        "n/a (its counters restarted with it)"))
    print("- read-your-writes: %d checks, %d misses%s" % (
        results["ryw_checks"], results["ryw_misses"],
        (" (%s)" % "; ".join(results["ryw_samples"][:3])) if results["ryw_samples"] else ""))
    print("- complaints submitted: %d, answered with their page: %d, in the primary afterwards: %d"
          % (run["submitted"], run["answered"], run["found"]))
    if run["failed_logins"]:
        print("- users who could not log in: %s" % ", ".join(run["failed_logins"]))
    for sample in stats.samples[:5]:
        print("  error: %s" % sample)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--portal", type=int, default=50)
    parser.add_argument("--backoffice", type=int, default=10)
    parser.add_argument("--scenarios", default="plain,kill,replica")
    parser.add_argument("--max-requests", type=int, default=400)
    parser.add_argument("--seed", type=int, default=26)
    parser.add_argument("--recycle", action="store_true",
                        help="replica run: recycle the HTTP workers once the replica is back")
    args = parser.parse_args()
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    rpc = harness.Rpc(PROXY, DB, "admin", "admin")
    logins = cluster_logins(rpc, args.portal)
    backoffice = load.backoffice_logins(rpc, args.backoffice)
    # the asset bundles of the web client and the portal, built once before the measure
    warm = load.Stats()
    clock = {"deadline": 0.0, "logged_in": 0, "lock": threading.Lock(), "go": threading.Event()}
    for cls, (login, password), paths in ((load.PortalUser, logins[0], ["/my/home", "/my/complaints"]),
                                          (load.BackofficeUser, load.BACKOFFICE[0], ["/odoo"])):
        visitor = cls(PROXY, login, password, warm, clock, 10, random.Random(0))
        if visitor.log_in():
            for path in paths:
                visitor.request("warm-up", path)
    print("load-cluster %s: %d portal + %d back-office users, %d s per run, through %s (2 shared cores)"
          % (stamp, args.portal, args.backoffice, args.seconds, PROXY))
    failed = False
    summary = []
    for index, name in enumerate(args.scenarios.split(",")):
        log("run %s" % name)
        run = run_scenario(name, args, logins, backoffice, args.seed + index)
        report(run)
        if name == "kill":
            log("starting HTTP node 1 again")
            subprocess.run([CLUSTER, "start"], check=True, stdout=subprocess.DEVNULL)
        failed |= run["found"] != run["answered"]
        summary.append({"name": name, "requests": sum(len(v) for v in run["stats"].times.values()),
                        "errors": sum(run["stats"].errors.values()), "5xx": run["stats"].server_errors,
                        "ryw_misses": run["results"]["ryw_misses"], "lost": run["answered"] - run["found"]})
    with open(os.path.join(DIR, "load-cluster.json"), "w") as fh:
        json.dump({"stamp": stamp, "runs": summary}, fh, indent=1)
    print()
    print("result: %s" % ("a submitted complaint is missing" if failed else "no submitted complaint lost"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
