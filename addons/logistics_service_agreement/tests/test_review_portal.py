from datetime import date

from odoo import Command
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


@tagged("post_install", "-at_install")
class TestOneTokenPolicy(AgreementCase, HttpCase):
    """The review pack and the statement routes grant and refuse the same tokens: one access
    check (logistics_crm's portal base) for every document of the suite on the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_a = create_portal_user(cls.env, cls.cust_a, login="sa.token.portal.a", password=PASSWORD)
        cls.portal_b = create_portal_user(cls.env, cls.cust_b, login="sa.token.portal.b", password=PASSWORD)
        cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Clerk Without Role", "login": "sa.token.clerk", "password": PASSWORD,
            "groups_id": [Command.set([cls.env.ref("base.group_user").id])]})
        Review, Statement = cls.env["logistics.business.review"], cls.env["logistics.customer.statement"]
        cls.docs = {}
        for kind in ("review", "statement"):
            docs = {}
            for key, customer, quarter, state in (("a", cls.cust_a, "1", "sent"), ("b", cls.cust_b, "1", "sent"),
                                                  ("a_draft", cls.cust_a, "2", "draft")):
                if kind == "review":
                    doc = Review.create({"partner_id": customer.id, "year": 2026, "quarter": quarter})
                    doc.attachment_id = cls.env["ir.attachment"].create({
                        "name": "pack-%s.pdf" % key, "raw": b"%PDF-1.4 pack", "mimetype": "application/pdf",
                        "res_model": doc._name, "res_id": doc.id})
                    doc.sudo()._portal_ensure_token()
                else:  # a statement gets its token when it is made
                    doc = Statement.create({"partner_id": customer.id,
                                            "month": date(2026, 1 if quarter == "1" else 4, 1)})
                if state == "sent":
                    doc.sudo().write({"state": "sent"})
                docs[key] = doc
            cls.docs[kind] = docs

    def url(self, kind, doc, token=None):
        path = "/my/reviews/%d/pdf" % doc.id if kind == "review" else "/my/statements/%d/pdf" % doc.id
        return path + ("?access_token=%s" % token if token is not None else "")

    def outcomes(self, kind):
        docs = self.docs[kind]
        own, other, draft = docs["a"], docs["b"], docs["a_draft"]
        cases = {}
        self.authenticate(None, None)
        cases["visitor without token"] = self.url(kind, own)
        cases["visitor, right token"] = self.url(kind, own, own.access_token)
        cases["visitor, wrong token"] = self.url(kind, own, "wrong")
        cases["visitor, non-ASCII token"] = self.url(kind, own, "令牌")
        cases["visitor, token of another record"] = self.url(kind, own, other.access_token)
        cases["visitor, draft with its token"] = self.url(kind, draft, draft.access_token)
        result = {label: self.url_open(url).status_code for label, url in cases.items()}
        for login, label in (("sa.token.portal.b", "user of another company"),
                             ("sa.token.clerk", "employee without access"),
                             ("sa.token.portal.a", "user of the customer")):
            self.authenticate(login, PASSWORD)
            result[label + ", right token"] = self.url_open(self.url(kind, own, own.access_token)).status_code
            result[label + ", no token"] = self.url_open(self.url(kind, own)).status_code
        return result

    def test_same_tokens_granted_and_refused(self):
        expected = {
            "visitor without token": 404,
            "visitor, right token": 200,
            "visitor, wrong token": 404,
            "visitor, non-ASCII token": 404,
            "visitor, token of another record": 404,
            "visitor, draft with its token": 404,
            "user of another company, right token": 404,
            "user of another company, no token": 404,
            "employee without access, right token": 404,
            "employee without access, no token": 404,
            "user of the customer, right token": 200,
            "user of the customer, no token": 200,
        }
        reviews, statements = self.outcomes("review"), self.outcomes("statement")
        self.assertEqual(reviews, statements)
        self.assertEqual(reviews, expected)
