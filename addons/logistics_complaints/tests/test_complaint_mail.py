import re

import pytz

from odoo import fields
from odoo.tests.common import SavepointCase

from odoo.addons.logistics_crm.tests.common import SmtpSinkMixin

from .common import ComplaintFixtures

RAW = """Return-Path: <{sender}>
To: {to}
From: {name} <{sender}>
Subject: {subject}
Message-ID: <{msgid}@customer.example.com>
Date: Mon, 02 Mar 2026 08:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Our shipment WB-77 arrived with two broken cartons.
<script>alert('x')</script>
"""


class TestComplaintMail(ComplaintFixtures, SmtpSinkMixin, SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestComplaintMail, cls).setUpClass()
        cls._setup_fixtures(cls, cls.env)
        cls.env["ir.config_parameter"].sudo().set_param("mail.catchall.domain", "example.com")
        cls.Complaint = cls.env["logistics.complaint"]

    @staticmethod
    def _local(utc, tz):
        """A stored (UTC) datetime as the mails show it in ``tz``: "<date time> (<tz>)", in
        parentheses of the language of the mail."""
        when = pytz.utc.localize(fields.Datetime.from_string(utc)).astimezone(pytz.timezone(tz))
        return r"%s ?[(（]%s[)）]" % (when.strftime("%Y-%m-%d %H:%M"), re.escape(tz))

    def _deliver_queue(self):
        self.env["mail.mail"].search([("state", "=", "outgoing")], order="id").send()

    def _incoming(self, sender, subject, msgid, name="Alice"):
        raw = RAW.format(sender=sender, to="complaints@example.com", name=name, subject=subject, msgid=msgid)
        thread_id = self.env["mail.thread"].message_process(None, raw)
        return self.Complaint.browse(thread_id)

    def test_alias_creates_complaint_for_known_sender_and_acknowledges(self):
        complaint = self._incoming("alice@customer-a.example.com", "Broken cartons", "m1")
        self.assertTrue(complaint.exists())
        self.assertEqual(complaint.partner_id, self.customer_a)
        self.assertEqual(complaint.contact_id, self.contact_a)
        self.assertEqual(complaint.channel, "email")
        self.assertEqual(complaint.subject, "Broken cartons")
        self.assertRegex(complaint.name, r"^CMP/\d{4}/\d{5}$")  # the reference, not the subject
        self.assertIn("broken cartons", complaint.description)
        self.assertNotIn("<script", complaint.description)
        self.assertTrue(complaint.response_deadline)
        self._deliver_queue()
        acks = self.smtp.to("alice@customer-a.example.com")
        self.assertEqual(len(acks), 1)
        self.assertIn(complaint.name, acks[0]["subject"])
        body = acks[0]["message"].get_body(("html", "plain")).get_content()
        self.assertIn("/my/complaints/%d?access_token=%s" % (complaint.id, complaint.access_token), body)

    def test_unknown_sender_gets_ack_by_address(self):
        complaint = self._incoming("stranger@nowhere.example.org", "Where is my parcel", "m2", name="Stranger")
        self.assertFalse(complaint.partner_id)
        self.assertEqual(complaint.email_from, "Stranger <stranger@nowhere.example.org>")
        self._deliver_queue()
        acks = self.smtp.to("stranger@nowhere.example.org")
        self.assertEqual(len(acks), 1)
        self.assertIn(complaint.name, acks[0]["subject"])

    def test_reply_to_the_thread_does_not_create_a_second_complaint(self):
        complaint = self._incoming("alice@customer-a.example.com", "Broken cartons", "m3")
        count = self.Complaint.search_count([])
        reply = RAW.format(sender="alice@customer-a.example.com", to="complaints@example.com", name="Alice",
                           subject="Re: Broken cartons", msgid="m4").replace(
            "MIME-Version", "In-Reply-To: <m3@customer.example.com>\nMIME-Version")
        self.env["mail.thread"].message_process(None, reply)
        self.assertEqual(self.Complaint.search_count([]), count)
        from_alice = complaint.message_ids.filtered(
            lambda m: m.message_type == "email" and m.author_id == self.contact_a)
        self.assertEqual(len(from_alice), 2)

    def test_customer_notifications_delivered(self):
        complaint = self._complaint()
        complaint.action_acknowledge()
        complaint.action_investigate()
        complaint.write({"cause_analysis": "Cause", "corrective_action": "Measure"})
        complaint.action_submit_approval()
        complaint.action_approve()  # superuser is a service manager
        complaint.write({"resolution": "Goods replaced"})
        complaint.action_resolve()
        complaint.write({"unreachable_reason": "No answer"})
        complaint.action_close()
        self._deliver_queue()
        subjects = [m["subject"] for m in self.smtp.to("alice@customer-a.example.com")]
        self.assertEqual(len(subjects), 3, subjects)
        self.assertTrue(all(complaint.name in s for s in subjects))
        # delivered in order: acknowledgment, resolution, closing
        ack, resolved, closed = [m["message"].get_body(("html", "plain")).get_content()
                                 for m in self.smtp.to("alice@customer-a.example.com")]
        tz = self.env.user.company_id.partner_id.tz or "Asia/Shanghai"  # Alice has no time zone
        self.assertRegex(ack, self._local(complaint.resolution_deadline, tz))
        self.assertIn("access_token=%s#rate" % complaint.access_token, resolved)
        self.assertNotIn("#rate", closed)
        self.assertIn("/my/complaints/%d?access_token=" % complaint.id, closed)

    def test_agent_answer_in_the_chatter_links_the_customer_to_the_portal(self):
        complaint = self._complaint()
        complaint.message_subscribe([self.contact_a.id])
        self._deliver_queue()
        self.smtp.messages[:] = []
        complaint.sudo(self.agent).message_post(
            body="We have sent a replacement.", message_type="comment", subtype="mail.mt_comment")
        self._deliver_queue()
        mails = self.smtp.to("alice@customer-a.example.com")
        self.assertEqual(len(mails), 1)
        body = mails[0]["message"].get_body(("html", "plain")).get_content()
        self.assertIn("We have sent a replacement.", body)
        self.assertIn("/my/complaints/%d?access_token=%s" % (complaint.id, complaint.access_token), body)

    def test_deadlines_in_the_time_zone_of_the_recipient(self):
        self.env.user.company_id.partner_id.tz = "Asia/Shanghai"
        self.contact_a.tz = "Europe/Paris"
        complaint = self._incoming("alice@customer-a.example.com", "Broken cartons", "m5")
        complaint.action_acknowledge()
        stranger = self._incoming("stranger@nowhere.example.org", "Where is my parcel", "m6", name="Stranger")
        self._deliver_queue()
        received, ack = [m["message"].get_body(("html", "plain")).get_content()
                         for m in self.smtp.to("alice@customer-a.example.com")]
        self.assertRegex(received, self._local(complaint.response_deadline, "Europe/Paris"))
        self.assertRegex(ack, self._local(complaint.resolution_deadline, "Europe/Paris"))
        self.assertNotIn(complaint.response_deadline[:16], received)
        self.assertNotIn("UTC", received + ack)
        # nobody to notify but an address: the time zone of the company
        body = self.smtp.to("stranger@nowhere.example.org")[0]["message"].get_body(("html", "plain")).get_content()
        self.assertRegex(body, self._local(stranger.response_deadline, "Asia/Shanghai"))
