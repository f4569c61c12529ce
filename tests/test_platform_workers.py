"""`WORKERS=2 make run`: the prefork server serves pages and its websocket port."""
import os
import signal
import socket
import subprocess
import time
import unittest
import urllib.request

import websocket

from odoo.tests.common import get_db_name

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TestPreforkServer(unittest.TestCase):

    def _wait_for(self, url, deadline):
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    return response.status, response.read().decode()
            except OSError:
                time.sleep(0.5)
        return None, ""

    def test_two_workers_serve_pages_and_websocket(self):
        port, gevent_port = free_port(), free_port()
        cmd = [os.path.join(ROOT, "runtime", "bin", "odoo"), "-d", get_db_name(),
               "--db-filter=^%s$" % get_db_name(), "--http-port=%d" % port,
               "--gevent-port=%d" % gevent_port, "--workers=2", "--max-cron-threads=1",
               "--log-level=warn"]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            deadline = time.time() + 90
            status, body = self._wait_for("http://127.0.0.1:%d/web/login" % port, deadline)
            self.assertEqual(status, 200)
            self.assertIn("oe_login_form", body)
            # the websocket (bus) is served by the gevent process
            ws = None
            while ws is None and time.time() < deadline:
                try:
                    ws = websocket.create_connection(
                        "ws://127.0.0.1:%d/websocket" % gevent_port, timeout=10,
                        origin="http://127.0.0.1:%d" % port)
                except (OSError, websocket.WebSocketException):
                    time.sleep(0.5)
            self.assertIsNotNone(ws, "no websocket on the gevent port")
            self.assertTrue(ws.connected)
            ws.close()
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                out, _ = proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                out, _ = proc.communicate()
        log = out.decode(errors="replace")
        self.assertNotIn("Traceback", log, log[-3000:])
