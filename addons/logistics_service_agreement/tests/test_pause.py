from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase

from .common import AgreementCase, ago, create_portal_user


class TestPause(AgreementCase, TransactionCase):

    def _pause_since(self, complaint, hours, reason="Waiting for the damage photos"):
        """The complaint has waited for the customer for ``hours``."""
        complaint.with_user(self.agent).action_wait_customer(reason)
        pause = complaint.pause_ids.filtered(lambda p: not p.date_end)
        pause.date_start = ago(hours=hours)
        return pause

    def test_pause_moves_resolution_deadline_only(self):
        received = ago(hours=10).replace(microsecond=0)
        complaint = self.complaint(received_date=received)
        response, resolution = complaint.response_deadline, complaint.resolution_deadline
        self.assertEqual(resolution, received + timedelta(hours=24))
        pause = self._pause_since(complaint, 5)
        self.assertTrue(complaint.waiting_customer)
        self.assertTrue(complaint.sla_paused)
        self.assertTrue(pause.pauses_clock)
        complaint.with_user(self.agent).action_resume("The customer sent the photos")
        self.assertFalse(complaint.waiting_customer)
        self.assertFalse(complaint.sla_paused)
        self.assertAlmostEqual(complaint.paused_hours, 5.0, places=2)
        self.assertAlmostEqual((complaint.resolution_deadline - resolution).total_seconds() / 3600.0, 5.0, places=2)
        self.assertEqual(complaint.response_deadline, response, "the response clock never pauses")
        chatter = self.messages(complaint)
        self.assertIn("Waiting for the damage photos", chatter)
        self.assertIn("The customer sent the photos", chatter)
        self.assertIn("resolution clock is paused", chatter)
        # a second wait adds up
        self._pause_since(complaint, 2, reason="Waiting for the invoice copy")
        complaint.with_user(self.agent).action_resume("Invoice received")
        self.assertAlmostEqual(complaint.paused_hours, 7.0, places=2)
        self.assertEqual(len(complaint.pause_ids), 2)

    def test_without_pausing_agreement_the_clock_runs(self):
        self.agreement.pause_resolution_when_waiting = False
        complaint = self.complaint(received_date=ago(hours=10))
        resolution = complaint.resolution_deadline
        pause = self._pause_since(complaint, 5)
        self.assertFalse(pause.pauses_clock)
        self.assertFalse(complaint.sla_paused)
        complaint.with_user(self.agent).action_resume("Answer received")
        self.assertEqual(complaint.paused_hours, 0.0)
        self.assertEqual(complaint.resolution_deadline, resolution)
        self.assertIn("keeps running", self.messages(complaint))
        # no agreement at all: same
        other = self.complaint(self.cust_b, received_date=ago(hours=3))
        deadline = other.resolution_deadline
        self._pause_since(other, 2)
        other.with_user(self.agent).action_resume("Answer received")
        self.assertEqual(other.resolution_deadline, deadline)

    def test_paused_clock_status_and_escalation(self):
        """20 h into a 24 h resolution clock, 19 h of them waiting: not at risk, no resolution
        escalation; the response clock (4 h, never answered) is breached and escalated all the same."""
        self.env["ir.config_parameter"].sudo().set_param("logistics_complaints.at_risk_ratio", "0.75")
        paused = self.complaint(received_date=ago(hours=20))
        running = self.complaint(received_date=ago(hours=20))
        self._pause_since(paused, 19)
        self.Complaint._cron_escalate()
        paused.invalidate_recordset()
        self.assertEqual(paused.resolution_sla_status, "on_track")
        self.assertEqual(paused.resolution_escalation, 0.0)
        self.assertEqual(paused.response_sla_status, "breached")
        self.assertEqual(paused.response_escalation, 1.0)
        self.assertEqual(running.resolution_sla_status, "at_risk")
        self.assertGreater(running.resolution_escalation, 0.0)
        # the next escalation of the paused complaint is not its resolution clock's
        self.assertFalse(paused.sla_next_escalation)
        paused.with_user(self.agent).action_resume("Customer called back")
        self.Complaint._cron_escalate()
        self.assertEqual(paused.resolution_sla_status, "on_track")
        self.assertAlmostEqual((paused.resolution_deadline - fields.Datetime.now()).total_seconds() / 3600.0,
                               23.0, delta=0.1)
        self.assertTrue(paused.sla_next_escalation)

    def test_customer_answer_resumes(self):
        portal = create_portal_user(self.env, self.cust_a, login="sa.portal.a")
        complaint = self.complaint(received_date=ago(hours=2))
        complaint.message_subscribe(partner_ids=portal.partner_id.ids)
        self._pause_since(complaint, 1)
        # an agent's public answer does not end the wait
        complaint.with_user(self.agent).message_post(body="We still need the photos.", message_type="comment",
                                                     subtype_xmlid="mail.mt_comment")
        self.assertTrue(complaint.waiting_customer)
        complaint.with_user(portal).message_post(body="Here are the photos.", message_type="comment",
                                                 subtype_xmlid="mail.mt_comment")
        complaint.invalidate_recordset()
        self.assertFalse(complaint.waiting_customer)
        self.assertAlmostEqual(complaint.paused_hours, 1.0, places=2)
        self.assertIn("The customer answered", self.messages(complaint))

    def test_wizard_and_guards(self):
        complaint = self.complaint(received_date=ago(hours=2))
        wizard = self.env["logistics.complaint.pause.wizard"].with_user(self.agent).create({
            "complaint_ids": [(6, 0, complaint.ids)], "pause_action": "pause", "reason": "Documents missing"})
        wizard.action_confirm()
        self.assertTrue(complaint.waiting_customer)
        with self.assertRaisesRollback(UserError):
            complaint.with_user(self.agent).action_wait_customer("Again")
        with self.assertRaisesRollback(UserError):
            complaint.with_user(self.agent).action_resume("  ")
        with self.assertRaisesRollback(UserError):
            complaint.with_user(self.agent).write({"waiting_customer": False})
        action = complaint.with_context(pause_action="resume").action_open_pause_wizard()
        self.assertEqual(action["context"]["default_pause_action"], "resume")
        self.env["logistics.complaint.pause.wizard"].with_user(self.agent).create({
            "complaint_ids": [(6, 0, complaint.ids)], "pause_action": "resume", "reason": "Received"}).action_confirm()
        self.assertFalse(complaint.waiting_customer)
        # cancelling a waiting complaint ends the wait
        self._pause_since(complaint, 1)
        complaint.with_user(self.agent).action_cancel("Duplicate")
        self.assertFalse(complaint.waiting_customer)
        self.assertTrue(all(pause.date_end for pause in complaint.pause_ids))
        with self.assertRaisesRollback(UserError):
            complaint.with_user(self.agent).action_wait_customer("Closed already")

    def test_customer_mail_resumes(self):
        """The customer's e-mail answer (mail gateway, a reply to the complaint's mail) ends the wait."""
        self.env["res.partner"].create({"name": "Carl of A", "parent_id": self.cust_a.id,
                                        "email": "carl@agreed.example.com"})
        complaint = self.complaint(received_date=ago(hours=2))
        self._pause_since(complaint, 1)
        question = complaint.with_user(self.agent).message_post(
            body="Please send the photos.", message_type="comment", subtype_xmlid="mail.mt_comment")
        self.assertTrue(complaint.waiting_customer)
        raw = (
            "From: Carl of A <carl@agreed.example.com>\r\n"
            "To: complaints@example.com\r\n"
            "Subject: Re: photos\r\n"
            "Message-ID: <photos-1@agreed.example.com>\r\n"
            "In-Reply-To: %s\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "\r\n"
            "Here are the photos.\r\n" % question.message_id)
        thread_id = self.env["mail.thread"].message_process(None, raw)
        self.assertEqual(thread_id, complaint.id)
        complaint.invalidate_recordset()
        self.assertFalse(complaint.waiting_customer)
        self.assertIn("The customer answered (Carl of A)", self.messages(complaint))
