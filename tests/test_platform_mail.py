"""`make run`'s SMTP sink keeps what Odoo sends, one .eml file per message."""
import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

from odoo.modules import module
from odoo.tests.common import TransactionCase, tagged

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@tagged("post_install", "-at_install")
class TestSmtpSink(TransactionCase):

    def setUp(self):
        super().setUp()
        self.folder = tempfile.mkdtemp(prefix="smtp-sink-")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(ROOT, "runtime", "bin", "smtp-sink.py"),
             "127.0.0.1", str(self.port), self.folder])
        self.addCleanup(self._stop)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)

    def _stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=10)

    def test_odoo_mail_lands_as_eml(self):
        server = self.env["ir.mail_server"].create({
            "name": "sink", "smtp_host": "127.0.0.1", "smtp_port": self.port,
            "smtp_encryption": "none"})
        mail = self.env["mail.mail"].create({
            "subject": "Statement 2026-11 / 月度统计分析表", "email_to": "customer@example.com",
            "email_from": "service@example.com", "body_html": "<p>您好</p>",
            "mail_server_id": server.id})
        previous, module.current_test = module.current_test, False   # really deliver
        try:
            mail.send(raise_exception=True)
        finally:
            module.current_test = previous
        files = [f for f in os.listdir(self.folder) if f.endswith(".eml")]
        self.assertEqual(len(files), 1, files)
        with open(os.path.join(self.folder, files[0]), "rb") as fh:
            message = email.message_from_binary_file(fh, policy=email.policy.default)
        self.assertEqual(message["Subject"], "Statement 2026-11 / 月度统计分析表")
        self.assertEqual(message["X-Envelope-To"], "customer@example.com")
        self.assertIn("您好", message.get_body(("html",)).get_content())
