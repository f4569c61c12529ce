from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import AgreementCase, create_portal_user

PASSWORD = "Portal-Pa55-word"


@tagged("post_install", "-at_install")
class TestReviewPortal(AgreementCase, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_a = create_portal_user(cls.env, cls.cust_a, login="sa.review.portal.a", password=PASSWORD)
        cls.portal_b = create_portal_user(cls.env, cls.cust_b, login="sa.review.portal.b", password=PASSWORD)
        Review = cls.env["logistics.business.review"]
        cls.sent = Review.create({"partner_id": cls.cust_a.id, "year": 2026, "quarter": "1"})
        cls.draft = Review.create({"partner_id": cls.cust_a.id, "year": 2026, "quarter": "2"})
        for review in (cls.sent, cls.draft):
            attachment = cls.env["ir.attachment"].create({
                "name": "pack.pdf", "raw": b"%PDF-1.4 pack " + review.name.encode(), "mimetype": "application/pdf",
                "res_model": review._name, "res_id": review.id})
            review.write({"attachment_id": attachment.id})
        cls.sent.sudo().write({"state": "sent"})
        cls.complaint_a = cls.complaint(subject="Portal check")

    def test_portal_sent_packs_only(self):
        self.authenticate("sa.review.portal.a", PASSWORD)
        response = self.url_open("/my/reviews/%d/pdf" % self.sent.id)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"%PDF-1.4 pack"))
        self.assertEqual(self.url_open("/my/reviews/%d/pdf" % self.draft.id).status_code, 404)
        listing = self.url_open("/my/reviews")
        self.assertEqual(listing.status_code, 200)
        self.assertIn("/my/reviews/%d/pdf" % self.sent.id, listing.text)
        self.assertNotIn("/my/reviews/%d/pdf" % self.draft.id, listing.text)
        self.assertEqual(self.url_open("/my/reviews/999999999/pdf").status_code, 404)

    def test_other_customer_gets_404(self):
        self.authenticate("sa.review.portal.b", PASSWORD)
        self.assertEqual(self.url_open("/my/reviews/%d/pdf" % self.sent.id).status_code, 404)
        self.assertNotIn("/my/reviews/%d/pdf" % self.sent.id, self.url_open("/my/reviews").text)

    def test_complaint_page_says_waiting(self):
        self.complaint_a.with_user(self.agent).action_wait_customer("Photos of the damage")
        self.authenticate("sa.review.portal.a", PASSWORD)
        page = self.url_open("/my/complaints/%d" % self.complaint_a.id)
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_complaint_waiting", page.text)
        self.assertNotIn("Photos of the damage", page.text)  # the reason is an internal note
        self.complaint_a.with_user(self.agent).action_resume("Received")
        self.assertNotIn("o_complaint_waiting", self.url_open("/my/complaints/%d" % self.complaint_a.id).text)

    def test_token(self):
        token = self.sent.sudo()._portal_ensure_token()
        self.assertEqual(self.url_open("/my/reviews/%d/pdf?access_token=%s" % (self.sent.id, token)).status_code, 200)
        self.assertEqual(self.url_open("/my/reviews/%d/pdf?access_token=wrong" % self.sent.id).status_code, 404)
        draft_token = self.draft.sudo()._portal_ensure_token()
        self.assertEqual(
            self.url_open("/my/reviews/%d/pdf?access_token=%s" % (self.draft.id, draft_token)).status_code, 404)

    def test_rpc_rules(self):
        """What a portal user reads through the ORM (as over XML-RPC): own sent packs, no agreement, no
        waiting periods, no agreement on the complaint."""
        Review = self.env["logistics.business.review"]
        self.assertEqual(Review.with_user(self.portal_a).search([]), self.sent)
        self.assertFalse(Review.with_user(self.portal_b).search([]))
        self.sent.with_user(self.portal_a).read(["name", "year", "quarter", "date_sent", "partner_id"])
        for field in ("plan_id", "attachment_id", "account_manager_id", "mail_id"):
            with self.assertRaises(AccessError):
                self.sent.with_user(self.portal_a).read([field])
        with self.assertRaises(AccessError):
            self.env["logistics.service.agreement"].with_user(self.portal_a).search([])
        with self.assertRaises(AccessError):
            self.env["logistics.complaint.pause"].with_user(self.portal_a).search([])
        complaint = self.complaint_a.with_user(self.portal_a)
        complaint.read(["name", "waiting_customer"])
        for field in ("service_agreement_id", "pause_ids", "paused_hours"):
            with self.assertRaises(AccessError):
                complaint.read([field])
        with self.assertRaises(AccessError):
            self.env["logistics.agreement.kpi.report"].with_user(self.portal_a).search([])
