"""`make run WORKERS=2`: the prefork server starts, serves and stops on 3.11."""
import os
import signal
import subprocess
import time
import unittest
import urllib.request

import odoo
from odoo.tests.common import get_db_name

from odoo.addons.logistics_crm.tests.common import free_port

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class TestPreforkServer(unittest.TestCase):

    def test_two_workers_serve_and_stop(self):
        port, lp_port = free_port(), free_port()
        cmd = [os.path.join(ROOT, 'runtime', 'bin', 'odoo'), '-d', get_db_name(),
               '--db-filter=^%s$' % get_db_name(), '--http-port=%d' % port,
               '--longpolling-port=%d' % lp_port, '--workers=2', '--max-cron-threads=0',
               '--log-level=warn']
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            status, body = None, ''
            deadline = time.time() + 60
            while time.time() < deadline and proc.poll() is None:
                try:
                    with urllib.request.urlopen('http://127.0.0.1:%d/web/login' % port, timeout=10) as r:
                        status, body = r.status, r.read().decode()
                    break
                except OSError:
                    time.sleep(0.5)
            self.assertEqual(status, 200)
            self.assertIn('oe_login_form', body)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                out, _ = proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                out, _ = proc.communicate()
        log = out.decode(errors='replace')
        self.assertEqual(proc.returncode, 0, log[-3000:])
        # a worker dying at start (float rlimit) is logged and respawned forever
        self.assertNotIn('Traceback', log)
