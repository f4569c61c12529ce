"""Shared pieces of the reliability drivers (reliability/faults.py, reliability/load.py).

Standard library plus the project's venv (psycopg2). Everything runs against
127.0.0.1 on its own ports, databases (prefix ``flt_``) and mail folders: the
servers of ``make run`` (8069/8072/2525) and the other helpers' databases are
never touched. Each process started here is stopped here, by its pid.
"""
import contextlib
import email
import email.header
import email.policy
import glob
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import xmlrpc.client

import psycopg2

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STATE = os.path.join(ROOT, ".local")
FILESTORE = os.path.join(STATE, "data", "filestore")
VENV = os.environ.get("VENV", os.path.join(ROOT, ".venv"))
PYTHON = os.path.join(VENV, "bin", "python")
ODOO = os.path.join(ROOT, "runtime", "bin", "odoo")
SINK = os.path.join(ROOT, "runtime", "bin", "smtp-sink.py")
WORK = os.path.join(STATE, "faults")
PG = {"host": "127.0.0.1", "port": int(os.environ.get("PGPORT", "55432")), "user": "odoo"}
# the suite's addons, the demo chart of accounts and the addons' fingerprint: from
# runtime/bin/common.sh, exported by runtime/bin/test-faults and load (run through them)
SUITE = os.environ["ADDONS"].split(",")
DEMO_CHART = os.environ["DEMO_CHART"]
DEMO_DB = os.environ.get("FAULTS_DEMO_DB", "flt_demo")
TEMPLATE = "tpl_base18"


class Fatal(Exception):
    """A scenario cannot go on (a server or the sink did not start)."""


def log(message):
    print("==> %s" % message, flush=True)


# ------------------------------------------------------------------ PostgreSQL
def pg(dbname="postgres", autocommit=True):
    cnx = psycopg2.connect(dbname=dbname, **PG)
    cnx.autocommit = autocommit
    return cnx


def query(dbname, sql, params=None):
    with contextlib.closing(pg(dbname)) as cnx, cnx.cursor() as cr:
        cr.execute(sql, params)
        return cr.fetchall() if cr.description else None


def db_exists(name):
    return bool(query("postgres", "SELECT 1 FROM pg_database WHERE datname = %s", [name]))


def drop_db(name):
    assert name.startswith("flt_"), name
    query("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
    query("postgres", 'DROP DATABASE IF EXISTS "%s"' % name)
    shutil.rmtree(os.path.join(FILESTORE, name), ignore_errors=True)


def copy_db(source, target):
    """A database and its filestore copied (createdb -T)."""
    assert target.startswith("flt_"), target
    drop_db(target)
    query("postgres", 'CREATE DATABASE "%s" TEMPLATE "%s"' % (target, source))
    if os.path.isdir(os.path.join(FILESTORE, source)):
        shutil.copytree(os.path.join(FILESTORE, source), os.path.join(FILESTORE, target))


def odoo_run(args, logfile, timeout=3600):
    """runtime/bin/odoo with ``args`` until it stops (installs, updates); returns its exit code."""
    with open(logfile, "ab") as out:
        return subprocess.call([ODOO] + args + ["--logfile=%s" % logfile], stdout=out, stderr=out,
                               stdin=subprocess.DEVNULL, timeout=timeout)


def log_errors(logfile, since=0):
    """ERROR/CRITICAL lines of an Odoo log from byte offset ``since``."""
    if not os.path.exists(logfile):
        return []
    with open(logfile, "rb") as fh:
        fh.seek(since)
        lines = fh.read().decode("utf-8", "replace").splitlines()
    return [line for line in lines if " ERROR " in line[:60] or " CRITICAL " in line[:60]]


def ensure_demo_db():
    """flt_demo: tpl_base18 plus the suite's addons with demo data, as `make run` builds
    `logistics` (zh_CN users); rebuilt with -u when the addons changed since."""
    os.makedirs(WORK, exist_ok=True)
    sum_file = os.path.join(STATE, "addons-%s.sha1" % DEMO_DB)
    current = os.environ["ADDONS_SUM"]
    logfile = os.path.join(WORK, "%s-install.log" % DEMO_DB)
    if not db_exists(DEMO_DB):
        log("creating %s (the suite's addons with demo data; a few minutes)" % DEMO_DB)
        if db_exists(TEMPLATE):   # a base database with Odoo's addons installed: faster
            copy_db(TEMPLATE, DEMO_DB)
        rc = odoo_run(["-d", DEMO_DB, "-i", ",".join([DEMO_CHART] + SUITE), "--load-language=zh_CN,en_US",
                       "--stop-after-init", "--log-level=warn"], logfile)
        if rc:
            raise Fatal("installing the suite into %s failed (log %s)" % (DEMO_DB, logfile))
        query(DEMO_DB, "UPDATE res_partner SET lang = 'zh_CN' WHERE id IN (SELECT partner_id FROM res_users)")
    elif (open(sum_file).read().strip() if os.path.exists(sum_file) else None) != current \
            and not os.environ.get("FAULTS_NO_UPDATE"):
        installed = {row[0] for row in query(
            DEMO_DB, "SELECT name FROM ir_module_module WHERE state = 'installed' AND name = ANY(%s)", [SUITE])}
        missing = [name for name in SUITE if name not in installed]
        log("the addons changed: updating them in %s%s" % (DEMO_DB, missing and ", installing %s" % missing or ""))
        install = ["-i", ",".join(missing)] if missing else []
        rc = odoo_run(["-d", DEMO_DB, "-u", ",".join(sorted(installed))] + install
                      + ["--stop-after-init", "--log-level=warn"], logfile)
        if rc:
            raise Fatal("updating the suite in %s failed (log %s)" % (DEMO_DB, logfile))
    with open(sum_file, "w") as fh:
        fh.write(current)


# ------------------------------------------------------------------ processes
def wait_port(port, timeout=30.0, proc=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
        if proc is not None and proc.poll() is not None:
            return False
        time.sleep(0.1)
    return False


def port_free(port):
    with contextlib.closing(socket.socket()) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Odoo binds (TIME_WAIT is fine)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class Sink:
    """runtime/bin/smtp-sink.py on its own port and folder."""

    def __init__(self, port, folder):
        self.port, self.folder, self.proc = port, folder, None
        os.makedirs(folder, exist_ok=True)

    def start(self):
        os.makedirs(self.folder, exist_ok=True)
        if not port_free(self.port):
            raise Fatal("port %s is taken: another test-faults run?" % self.port)
        logfile = open(os.path.join(os.path.dirname(self.folder), "smtp-%d.log" % self.port), "ab")
        self.proc = subprocess.Popen([PYTHON, SINK, "127.0.0.1", str(self.port), self.folder],
                                     stdout=logfile, stderr=logfile, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        if not wait_port(self.port, 20, self.proc):
            raise Fatal("the SMTP sink did not start on %s" % self.port)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.proc = None

    def messages(self):
        """[(message-id, to, subject, body text)] of every .eml received."""
        result = []
        for path in sorted(glob.glob(os.path.join(self.folder, "*.eml"))):
            with open(path, "rb") as fh:
                msg = email.message_from_binary_file(fh, policy=email.policy.default)
            parts = []
            for part in msg.walk():
                if part.get_content_maintype() == "text":
                    with contextlib.suppress(Exception):
                        parts.append(part.get_content())
            result.append((str(msg.get("Message-Id", "")).strip(), str(msg.get("X-Envelope-To", "")).strip(),
                           str(msg.get("Subject", "")), "\n".join(parts)))
        return result


class Server:
    """An Odoo server of ours: `runtime/bin/odoo` on its own ports, SIGKILL-able."""

    def __init__(self, db, http_port, smtp_port, logfile, workers=0, cron_threads=1, extra=()):
        self.db, self.port, self.smtp_port, self.logfile = db, http_port, smtp_port, logfile
        self.workers, self.cron_threads, self.extra = workers, cron_threads, list(extra)
        self.proc = None
        self.kills = 0

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def start(self, timeout=180):
        for port in (self.port, self.port + 3):
            if not port_free(port):
                raise Fatal("port %s is taken: another run?" % port)
        env = dict(os.environ, ODOO_NOTIFY_CRON_CHANGES="1")
        out = open(self.logfile + ".out", "ab")
        self.proc = subprocess.Popen(
            [ODOO, "-d", self.db, "--db-filter=^%s$" % self.db, "--http-interface=127.0.0.1",
             "--http-port=%d" % self.port, "--gevent-port=%d" % (self.port + 3),
             "--smtp=127.0.0.1", "--smtp-port=%d" % self.smtp_port, "--workers=%d" % self.workers,
             "--max-cron-threads=%d" % self.cron_threads, "--logfile=%s" % self.logfile] + self.extra,
            stdout=out, stderr=out, stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise Fatal("Odoo stopped at start (log %s)" % self.logfile)
            with contextlib.suppress(OSError, urllib.error.URLError):
                with urllib.request.urlopen(self.url + "/web/login", timeout=10) as resp:
                    if resp.status == 200:
                        return
            time.sleep(0.5)
        raise Fatal("Odoo did not answer on %s (log %s)" % (self.port, self.logfile))

    def kill(self):
        """SIGKILL the Odoo process (then its process group: wkhtmltopdf children, prefork workers)."""
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(30)
            self.kills += 1
        self._reap_group()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait(30)
        self._reap_group()

    def _reap_group(self):
        if self.proc:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)   # the group of the process we started
        self.proc = None

    def rpc(self, login="admin", password="admin"):
        return Rpc(self.url, self.db, login, password)


class Rpc:
    def __init__(self, url, db, login, password):
        self.db, self.password = db, password
        common = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common", allow_none=True)
        self.uid = common.authenticate(db, login, password, {})
        if not self.uid:
            raise RuntimeError("login %s refused" % login)
        self.models = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object", allow_none=True)

    def __call__(self, model, method, *args, **kwargs):
        return self.models.execute_kw(self.db, self.uid, self.password, model, method, list(args), kwargs)


def notify_crons(db):
    """Wake the cron threads of the servers on ``db`` (Odoo's own NOTIFY channel)."""
    # the cron threads LISTEN on a connection to the postgres database (as Odoo's _notifydb)
    query("postgres", "SELECT pg_notify('cron_trigger', %s)", [db])


def table(rows, headers):
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=True)]
    line = "| " + " | ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in rows]
    return "\n".join([line, sep] + body)
