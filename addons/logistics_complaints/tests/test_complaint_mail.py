import re

import pytz

from odoo.tests.common import TransactionCase

from .common import ComplaintFixtures, workflow_to

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


class TestComplaintMail(ComplaintFixtures, TransactionCase):
    """The customer mails as queued (mail.mail), the alias intake, the chatter notifications."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("mail.catchall.domain", "example.com")
        alias = cls.env.ref("logistics_complaints.mail_alias_complaints")
        domain = cls.env["mail.alias.domain"].search([("name", "=", "example.com")], limit=1) or \
            cls.env["mail.alias.domain"].create({"name": "example.com"})
        alias.alias_domain_id = domain
        cls.env.company.alias_domain_id = domain

    @staticmethod
    def _local(utc, tz):
        """A stored (UTC) datetime as the mails show it in ``tz``: "<date time> (<tz>)"."""
        when = pytz.utc.localize(utc).astimezone(pytz.timezone(tz))
        return r"%s ?[(（]%s[)）]" % (when.strftime("%Y-%m-%d %H:%M"), re.escape(tz))

    def _mails_to(self, address):
        mails = self.env["mail.mail"].search([], order="id")
        return mails.filtered(lambda m: address in (m.email_to or "")
                              or address in m.recipient_ids.mapped("email"))

    def _incoming(self, sender, subject, msgid, name="Alice"):
        raw = RAW.format(sender=sender, to="complaints@example.com", name=name, subject=subject, msgid=msgid)
        thread_id = self.env["mail.thread"].message_process(None, raw)
        return self.Complaint.browse(thread_id)

    def test_alias_creates_complaint_for_known_sender_and_acknowledges(self):
        complaint = self._incoming("alice@customer-a.example.com", "Broken cartons", "m1")
        self.assertTrue(complaint.exists())
        self.assertEqual((complaint.partner_id, complaint.contact_id), (self.customer_a, self.contact_a))
        self.assertEqual((complaint.channel, complaint.subject), ("email", "Broken cartons"))
        self.assertRegex(complaint.name, r"^CMP/\d{4}/\d{5}$")  # the reference, not the subject
        self.assertIn("broken cartons", complaint.description)
        self.assertNotIn("<script", complaint.description)
        self.assertTrue(complaint.response_deadline)
        acks = self._mails_to("alice@customer-a.example.com")
        self.assertEqual(len(acks), 1)
        self.assertIn(complaint.name, acks.subject)
        self.assertIn("/my/complaints/%d?access_token=%s" % (complaint.id, complaint.access_token), acks.body_html)

    def test_unknown_sender_gets_ack_by_address(self):
        complaint = self._incoming("stranger@nowhere.example.org", "Where is my parcel", "m2", name="Stranger")
        self.assertFalse(complaint.partner_id)
        self.assertIn("stranger@nowhere.example.org", complaint.email_from)
        acks = self._mails_to("stranger@nowhere.example.org")
        self.assertEqual(len(acks), 1)
        self.assertIn(complaint.name, acks.subject)

    def test_reply_to_the_thread_does_not_create_a_second_complaint(self):
        complaint = self._incoming("alice@customer-a.example.com", "Broken cartons", "m3")
        count = self.Complaint.search_count([])
        reply = RAW.format(sender="alice@customer-a.example.com", to="complaints@example.com", name="Alice",
                           subject="Re: Broken cartons", msgid="m4").replace(
            "MIME-Version", "In-Reply-To: <m3@customer.example.com>\nMIME-Version")
        self.env["mail.thread"].message_process(None, reply)
        self.assertEqual(self.Complaint.search_count([]), count)
        from_alice = complaint.message_ids.filtered(lambda m: m.message_type == "email"
                                                    and m.author_id == self.contact_a)
        self.assertEqual(len(from_alice), 2)

    def test_reply_of_a_stranger_is_kept_without_making_him_a_follower(self):
        complaint = self._incoming("alice@customer-a.example.com", "Broken cartons", "m7")
        reply = RAW.format(sender="desk@customer-b.example.com", to="complaints@example.com", name="B desk",
                           subject="Re: Broken cartons", msgid="m8").replace(
            "MIME-Version", "In-Reply-To: <m7@customer.example.com>\nMIME-Version")
        self.env["mail.thread"].message_process(None, reply)
        self.assertTrue(complaint.message_ids.filtered(lambda m: m.author_id == self.customer_b))
        self.assertNotIn(self.customer_b, complaint.message_partner_ids)

    def test_customer_notifications(self):
        (self.contact_a | self.customer_a).write({"tz": False})   # neither Alice nor her company has one
        complaint = self._complaint()
        workflow_to(complaint, "resolved", self.service_manager)
        complaint.write({"customer_unreachable": True, "unreachable_reason": "No answer"})
        complaint.action_close()
        mails = self._mails_to("alice@customer-a.example.com").filtered(lambda m: complaint.name in (m.subject or ""))
        self.assertEqual(len(mails), 3, mails.mapped("subject"))
        ack, resolved, closed = mails
        tz = self.env.company._logistics_tz()  # ours, then
        self.assertRegex(ack.body_html, self._local(complaint.resolution_deadline, tz))
        self.assertIn("access_token=%s#rate" % complaint.access_token, resolved.body_html)
        self.assertNotIn("#rate", closed.body_html)
        self.assertIn("/my/complaints/%d?access_token=" % complaint.id, closed.body_html)

    def test_agent_answer_in_the_chatter_links_the_customer_to_the_portal(self):
        complaint = self._complaint(user_id=self.agent.id)
        self.assertIn(self.contact_a.id, complaint.message_partner_ids.ids)
        complaint.with_user(self.agent).with_context(mail_notify_force_send=False).message_post(
            body="We have sent a replacement.", message_type="comment", subtype_xmlid="mail.mt_comment")
        mails = self._mails_to("alice@customer-a.example.com").filtered(
            lambda m: "We have sent a replacement." in (m.body_html or ""))
        self.assertEqual(len(mails), 1)
        body = mails.body_html.replace("&amp;", "&")
        self.assertIn("access_token=%s" % complaint.access_token, body)  # /mail/view?... leads to the portal page
        self.assertIn("res_id=%d" % complaint.id, body)

    def test_deadlines_in_the_time_zone_of_the_recipient(self):
        self.env.company.partner_id.tz = "Asia/Shanghai"
        self.contact_a.tz = "Europe/Paris"
        complaint = self._incoming("alice@customer-a.example.com", "Broken cartons", "m5")
        complaint.action_acknowledge()
        stranger = self._incoming("stranger@nowhere.example.org", "Where is my parcel", "m6", name="Stranger")
        received, ack = self._mails_to("alice@customer-a.example.com").filtered(
            lambda m: complaint.name in (m.subject or ""))
        self.assertRegex(received.body_html, self._local(complaint.response_deadline, "Europe/Paris"))
        self.assertRegex(ack.body_html, self._local(complaint.resolution_deadline, "Europe/Paris"))
        self.assertNotIn("UTC", received.body_html + ack.body_html)
        body = self._mails_to("stranger@nowhere.example.org").body_html
        self.assertRegex(body, self._local(stranger.response_deadline, "Asia/Shanghai"))

    def test_customer_mails_are_in_the_portal_conversation_in_the_customers_language(self):
        """Issue 24, item 5: what the customer received by mail (acknowledgement, resolution) is in
        the complaint's conversation the customer reads on the portal, in the customer's language,
        whoever (an English-speaking agent) pressed the button."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", "logistics_complaints")])._load_module_terms(
            ["logistics_complaints"], ["zh_CN"], overwrite=True)
        self.contact_a.lang = "zh_CN"
        complaint = self._complaint(user_id=self.agent.id)
        complaint.with_user(self.agent).action_acknowledge()
        complaint.action_investigate()
        complaint.write({"cause_analysis": "Cause", "corrective_action": "Measure"})
        complaint.action_submit_approval()
        complaint.with_user(self.service_manager).action_approve()
        complaint.resolution = "Replacement sent"
        complaint.with_user(self.agent).action_resolve()
        mails = self._mails_to("alice@customer-a.example.com").filtered(lambda m: complaint.name in (m.subject or ""))
        self.assertEqual(len(mails), 2, mails.mapped("subject"))
        for mail in mails:
            self.assertRegex(mail.subject, r"[\u4e00-\u9fff]")   # the contact's language
            self.assertNotIn("Your complaint", mail.subject)
        # the portal conversation: the search /mail/chatter_fetch makes, as the customer's user
        thread = complaint.with_user(self.portal_a)
        field = thread._fields["website_message_ids"]
        domain = field.get_domain_list(thread) + [
            ("res_id", "=", complaint.id), ("subtype_id", "=", self.env.ref("mail.mt_comment").id)]
        seen = self.env["mail.message"].with_user(self.portal_a).search(domain)
        self.assertEqual(sorted(seen.mapped("subject")), sorted(mails.mail_message_id.mapped("subject")))
        self.assertEqual(seen.author_id, self.env.company.partner_id)   # written by the company
        self.assertEqual(len(seen.partner_ids & self.contact_a), 1)
        # a template mail is not an agent's answer: the response time is the acknowledgement's
        self.assertEqual(complaint.first_response_date, complaint.acknowledged_date)
