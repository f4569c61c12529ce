"""Where Odoo comes from: runtime/bin/odoo-source (ODOO_SOURCE, the per-user cache, the
pinned archive) and `make lint`'s check that none of Odoo's files is tracked.

Small stand-in trees and archives (an odoo/release.py, the base addon's manifest, a
requirements.txt) in each layout, and a local HTTP server on 127.0.0.1 standing in for
the official archive URL.
"""
import hashlib
import http.server
import io
import os
import shutil
import subprocess
import tarfile
import tempfile
import threading
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESOLVER = os.path.join(ROOT, "runtime", "bin", "odoo-source")
PINNED = "1234567890abcdef1234567890abcdef12345678"
OTHER = "fedcba0987654321fedcba0987654321fedcba09"


def make_tree(path, layout="git", series=(18, 0), commit=None):
    """A stand-in Odoo tree of the given layout, series and recorded commit."""
    files = {
        "requirements.txt": "psycopg2\n",
        "odoo/__init__.py": "",
        "odoo/release.py": "version_info = (%d, %d, 0, 'final', 0, '')\n" % series
        + ("repos_heads = {'odoo': '%s', 'enterprise': '%s'}\n" % (commit, OTHER) if commit else ""),
        "odoo/addons/base/__manifest__.py": "{'name': 'Base'}\n",
    }
    web = "addons/web/__manifest__.py" if layout == "git" else "odoo/addons/web/__manifest__.py"
    files[web] = "{'name': 'Web'}\n"
    if layout == "git":
        files["odoo-bin"] = "#!/usr/bin/env python3\n"
    for name, text in files.items():
        full = os.path.join(path, name)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as handle:
            handle.write(text)
    return path


def make_archive(tree, top="odoo-%s" % PINNED, git_commit=PINNED):
    """A .tar.gz of tree under one top folder; git_commit in the pax header as git archive
    (and GitHub's archive URL) records it."""
    buffer = io.BytesIO()
    pax = {"comment": git_commit} if git_commit else {}
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.PAX_FORMAT, pax_headers=pax) as tar:
        tar.add(tree, arcname=top)
    return buffer.getvalue()


class ArchiveServer:
    """127.0.0.1 HTTP server: path -> (body, announced length or None); counts requests."""

    def __init__(self):
        self.files, self.requests = {}, []
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                owner.requests.append(self.path)
                if self.path not in owner.files:
                    self.send_error(404)
                    return
                body, length = owner.files[self.path]
                self.send_response(200)
                self.send_header("Content-Type", "application/x-gzip")
                self.send_header("Content-Length", str(length or len(body)))
                self.end_headers()
                self.wfile.write(body)   # fewer bytes than announced: the client sees it break
                self.close_connection = True

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class TestOdooSource(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="odoo-source-test-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.cache = os.path.join(self.tmp, "cache")
        self.cached_tree = os.path.join(self.cache, "logistics-crm", "odoo", PINNED)
        self.server = ArchiveServer()
        self.addCleanup(self.server.close)
        self.pin(sha256="")

    def pin(self, sha256="", url=None):
        self.pin_file = os.path.join(self.tmp, "odoo.pin")
        with open(self.pin_file, "w") as handle:
            handle.write("# test pin\nseries = 18.0\ncommit = %s\nurl = %s\nsha256 = %s\n"
                         % (PINNED, url or self.server.url + "/odoo.tar.gz", sha256))

    def resolve(self, source=None, url=None, *args):
        env = {k: v for k, v in os.environ.items() if k not in ("ODOO_SOURCE", "ODOO_SOURCE_URL")}
        env.update(ODOO_PIN=self.pin_file, XDG_CACHE_HOME=self.cache)
        if source:
            env["ODOO_SOURCE"] = source
        if url:
            env["ODOO_SOURCE_URL"] = url
        return subprocess.run(["python3", RESOLVER, *args], env=env, capture_output=True,
                              text=True, timeout=60, check=False)

    def addons_path(self, tree):
        result = subprocess.run(["python3", RESOLVER, "--addons-path", tree], capture_output=True,
                                text=True, check=True)
        return result.stdout.strip().split(",")

    def cache_leftovers(self):
        root = os.path.dirname(self.cached_tree)
        return sorted(n for n in os.listdir(root) if n != ".lock") if os.path.isdir(root) else []

    # --- ODOO_SOURCE ---------------------------------------------------------------
    def test_git_layout_tree(self):
        tree = make_tree(os.path.join(self.tmp, "odoo-git"), "git", commit=None)
        result = self.resolve(tree)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), os.path.realpath(tree))
        self.assertIn("Odoo 18.0 (git layout, commit not recorded) from ODOO_SOURCE=%s" % tree,
                      result.stderr)
        self.assertEqual(self.addons_path(tree),
                         [os.path.join(tree, "odoo", "addons"), os.path.join(tree, "addons")])
        self.assertEqual(self.server.requests, [], "a given source is never downloaded")

    def test_nightly_layout_tree(self):
        tree = make_tree(os.path.join(self.tmp, "odoo-nightly"), "nightly", commit=PINNED)
        result = self.resolve(tree)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("nightly layout, commit 1234567890ab, the pinned one", result.stderr)
        self.assertEqual(self.addons_path(tree), [os.path.join(tree, "odoo", "addons")])

    def test_integrators_checkout_of_another_commit_is_used_and_named(self):
        tree = make_tree(os.path.join(self.tmp, "odoo-own"), "git", commit=OTHER)
        result = self.resolve(tree)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("commit fedcba098765, not the pinned 1234567890ab", result.stderr)

    def test_tarball_unpacked_once_into_the_cache(self):
        tree = make_tree(os.path.join(self.tmp, "src"), "nightly", commit=PINNED)
        archive = os.path.join(self.tmp, "odoo_18.0.latest.tar.gz")
        with open(archive, "wb") as handle:
            handle.write(make_archive(tree, top="odoo-18.0.post20250506", git_commit=None))
        first = self.resolve(archive)
        self.assertEqual(first.returncode, 0, first.stderr)
        unpacked = first.stdout.strip()
        self.assertTrue(unpacked.startswith(os.path.dirname(self.cached_tree)), unpacked)
        self.assertTrue(os.path.isfile(os.path.join(unpacked, "odoo", "release.py")))
        self.assertIn("unpacking", first.stderr)
        second = self.resolve(archive)
        self.assertEqual((second.returncode, second.stdout), (0, first.stdout))
        self.assertNotIn("unpacking", second.stderr)

    def test_wrong_series_refused(self):
        tree = make_tree(os.path.join(self.tmp, "odoo-17"), "git", series=(17, 0))
        result = self.resolve(tree)
        self.assertEqual(result.returncode, 1)
        self.assertIn("is Odoo 17.0, not 18.0", result.stderr)
        self.assertEqual(result.stdout, "")

    def test_not_a_tree_refused(self):
        empty = os.path.join(self.tmp, "empty")
        os.makedirs(empty)
        result = self.resolve(empty)
        self.assertEqual(result.returncode, 1)
        self.assertIn("is not an Odoo source tree", result.stderr)

    # --- the cache and the download -------------------------------------------------
    def test_download_good_archive_then_cache_hit(self):
        tree = make_tree(os.path.join(self.tmp, "src"), "git")
        body = make_archive(tree)
        self.server.files["/odoo.tar.gz"] = (body, None)
        self.pin(sha256=hashlib.sha256(body).hexdigest())
        first = self.resolve()
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertEqual(first.stdout.strip(), self.cached_tree)
        self.assertIn("downloaded from %s/odoo.tar.gz" % self.server.url, first.stderr)
        self.assertIn("commit 1234567890ab, the pinned one", first.stderr)
        self.assertTrue(os.path.isfile(os.path.join(self.cached_tree, "odoo-bin")))
        self.assertEqual(self.cache_leftovers(), [PINNED])
        # a second run: the cache, no request
        second = self.resolve()
        self.assertEqual((second.returncode, second.stdout), (0, first.stdout))
        self.assertIn("from the cache", second.stderr)
        self.assertEqual(self.server.requests, ["/odoo.tar.gz"])

    def test_mirror_url_overrides_the_pin(self):
        tree = make_tree(os.path.join(self.tmp, "src"), "git")
        self.server.files["/mirror/odoo.tar.gz"] = (make_archive(tree), None)
        result = self.resolve(url=self.server.url + "/mirror/odoo.tar.gz")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.server.requests, ["/mirror/odoo.tar.gz"])

    def test_wrong_checksum_refused_nothing_left(self):
        tree = make_tree(os.path.join(self.tmp, "src"), "git")
        self.server.files["/odoo.tar.gz"] = (make_archive(tree), None)
        self.pin(sha256="0" * 64)
        result = self.resolve()
        self.assertEqual(result.returncode, 1)
        self.assertIn("the pin says %s: refused" % ("0" * 64), result.stderr)
        self.assertEqual(self.cache_leftovers(), [])

    def test_truncated_archive_refused_then_retried(self):
        tree = make_tree(os.path.join(self.tmp, "src"), "git")
        body = make_archive(tree)
        # the connection breaks: fewer bytes than announced
        self.server.files["/odoo.tar.gz"] = (body[: len(body) // 2], len(body))
        broken = self.resolve()
        self.assertEqual(broken.returncode, 1)
        self.assertIn("broke off", broken.stderr)
        self.assertEqual(self.cache_leftovers(), [])
        # a whole response of a truncated file
        self.server.files["/odoo.tar.gz"] = (body[: len(body) // 2], None)
        truncated = self.resolve()
        self.assertEqual(truncated.returncode, 1)
        self.assertIn("is not a whole .tar.gz", truncated.stderr)
        self.assertEqual(self.cache_leftovers(), [])
        # the next run retries and succeeds
        self.server.files["/odoo.tar.gz"] = (body, None)
        retry = self.resolve()
        self.assertEqual(retry.returncode, 0, retry.stderr)
        self.assertEqual(len(self.server.requests), 3)

    def test_archive_of_another_commit_or_series_refused(self):
        tree = make_tree(os.path.join(self.tmp, "src"), "git")
        self.server.files["/odoo.tar.gz"] = (make_archive(tree, git_commit=OTHER), None)
        result = self.resolve()
        self.assertEqual(result.returncode, 1)
        self.assertIn("is an archive of commit %s, not the pinned %s" % (OTHER, PINNED), result.stderr)
        old = make_tree(os.path.join(self.tmp, "old"), "git", series=(17, 0))
        self.server.files["/odoo.tar.gz"] = (make_archive(old), None)
        result = self.resolve()
        self.assertEqual(result.returncode, 1)
        self.assertIn("is Odoo 17.0, not 18.0", result.stderr)
        self.assertEqual(self.cache_leftovers(), [])

    def test_a_killed_runs_leftovers_are_removed(self):
        root = os.path.dirname(self.cached_tree)
        os.makedirs(os.path.join(root, ".partial-dead", "odoo"))
        with open(os.path.join(root, ".partial-4242.tar.gz"), "wb") as handle:
            handle.write(b"half an archive")
        tree = make_tree(os.path.join(self.tmp, "src"), "git")
        self.server.files["/odoo.tar.gz"] = (make_archive(tree), None)
        result = self.resolve()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.cache_leftovers(), [PINNED])

    def test_cached_tree_of_another_commit_refused(self):
        make_tree(self.cached_tree, "nightly", commit=OTHER)
        result = self.resolve()
        self.assertEqual(result.returncode, 1)
        self.assertIn("is commit %s, not the pinned %s" % (OTHER, PINNED), result.stderr)

    def test_no_source_no_network_names_the_three_ways_quickly(self):
        with socket_closed_port() as port:
            started = time.monotonic()
            result = self.resolve(url="http://127.0.0.1:%d/odoo.tar.gz" % port)
            elapsed = time.monotonic() - started
        self.assertEqual(result.returncode, 1)
        self.assertLess(elapsed, 10)   # the promise: within seconds
        for way in ("ODOO_SOURCE=/path/to/odoo make run", self.cached_tree.replace(
                os.path.expanduser("~"), "~"), "ODOO_SOURCE_URL="):
            self.assertIn(way, result.stderr)
        self.assertEqual(self.cache_leftovers(), [])


class socket_closed_port:
    """A port on 127.0.0.1 that nothing listens on."""

    def __enter__(self):
        import socket
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]

    def __exit__(self, *exc):
        return False


class TestBootstrapAndLint(unittest.TestCase):

    def test_bootstrap_second_run_is_a_no_op(self):
        """make test has bootstrapped this venv: running it again changes nothing."""
        venv = os.environ.get("VENV") or os.path.join(ROOT, ".venv")
        stamp = os.path.join(venv, ".bootstrap-stamp")
        before = os.stat(stamp).st_mtime_ns
        result = subprocess.run([os.path.join(ROOT, "runtime", "bin", "bootstrap")], capture_output=True,
                                text=True, timeout=120, check=False)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stderr, r"Odoo 18\.0 \(\w+ layout, .*\) from ")
        self.assertNotIn("installing", result.stderr)
        self.assertEqual(os.stat(stamp).st_mtime_ns, before)

    def test_lint_refuses_odoo_files(self):
        repo = tempfile.mkdtemp(prefix="no-odoo-")
        self.addCleanup(shutil.rmtree, repo, True)

        def git(*args):
            subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True)

        def check():
            return subprocess.run([os.path.join(ROOT, "runtime", "bin", "check-no-odoo"), repo],
                                  capture_output=True, text=True, check=False)

        git("init", "-q")
        make_tree(os.path.join(repo, "vendor"), "git")
        os.makedirs(os.path.join(repo, "addons", "logistics_x"))
        with open(os.path.join(repo, "addons", "logistics_x", "__manifest__.py"), "w") as handle:
            handle.write("{}\n")
        git("add", "addons")
        self.assertEqual(check().returncode, 0, check().stderr)
        for path in ("vendor/odoo-bin", "vendor/odoo/release.py", "vendor/addons/web/__manifest__.py"):
            git("add", path)
            result = check()
            self.assertEqual(result.returncode, 1, path)
            self.assertIn(path, result.stderr)
            git("rm", "-q", "--cached", path)
        with open(os.path.join(repo, "odoo_18.0.latest.tar.gz"), "wb") as handle:
            handle.write(b"\x1f\x8b")
        git("add", "odoo_18.0.latest.tar.gz")
        self.assertIn("odoo_18.0.latest.tar.gz", check().stderr)
        # and this repository tracks none
        self.assertEqual(subprocess.run([os.path.join(ROOT, "runtime", "bin", "check-no-odoo")],
                                        capture_output=True, check=False).returncode, 0)
