from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase

from odoo.addons.logistics_crm.tools import customer_fields

from ..models.logistics_business_review import customer_readable
from .common import AgreementCase


class TestReview(AgreementCase, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Review = cls.env["logistics.business.review"]
        cls.Review = Review
        cls.year, cls.quarter = Review._last_quarter()
        first_month = 3 * int(cls.quarter) - 2
        cls.cust_a.write({"industry_influence": True, "customer_tier": "a"})  # a key account
        cls.first = datetime(cls.year, first_month, 3, 9, 0)
        for index in range(4):
            cls.ship(cls.cust_a, cls.first.replace(day=3 + index), late_minutes=120 if index == 0 else 0)
        cls.complaint_a = cls.complaint(received_date=cls.first.replace(day=10), subject="Pallet broken")
        cls.complaint_a.sudo().write({
            "cause_analysis": "SECRET-CAUSE forklift driver untrained",
            "corrective_action": "SECRET-MEASURE retrain the night shift",
            "resolution": "The pallet was replaced free of charge.",
            "compensation_amount": 7777.0,
        })
        cls.plan = cls.env["logistics.account.plan"].create({
            "partner_id": cls.cust_a.id, "user_id": cls.am1.id, "year": cls.year,
            "half": "h1" if first_month <= 6 else "h2",
            "objective_ids": [(0, 0, {"name": "Raise on-time arrival to 98 %", "progress": 40,
                                      "status": "in_progress"})],
        })

    def test_pack_contents(self):
        review = self.Review._get_or_create(self.cust_a, self.year, self.quarter)
        html = review._render_html().decode()
        for section in ("o_review_kpis", "o_review_kpi_table", "o_review_misses", "o_review_complaints",
                        "o_review_satisfaction", "o_review_objectives"):
            self.assertIn(section, html)
        self.assertIn("SLA Agreed Customer", html)
        self.assertIn("Missed", html)
        self.assertIn(self.complaint_a.name, html)
        self.assertIn("Pallet broken", html)
        self.assertIn("Operations error", html)  # the cause category
        self.assertIn("The pallet was replaced free of charge.", html)  # the resolution
        self.assertIn("Raise on-time arrival to 98 %", html)
        # internal fields never reach the customer's PDF
        for secret in ("SECRET-CAUSE", "SECRET-MEASURE", "7777", "7,777", "Tier", "Contribution"):
            self.assertNotIn(secret, html)
        # the health score (logistics_customer_health) only if its fields are readable by a customer
        fields = self.cust_a._fields
        readable = "health_score" in fields and any(
            customer_readable(self.cust_a, name) for name in ("health_score", "health_risk", "health_reason")
            if name in fields)
        self.assertEqual("o_review_health" in html, readable)

    def test_pack_in_customer_language(self):
        self.cust_a.lang = "zh_CN"
        review = self.Review._get_or_create(self.cust_a, self.year, self.quarter)
        html = review._render_html().decode()
        self.assertIn("季度业务回顾", html)
        self.assertIn("派车及时率", html)

    def test_pdf_attached_to_plan_and_send(self):
        review = self.Review._get_or_create(self.cust_a, self.year, self.quarter)
        review.with_user(self.am1).with_context(force_report_rendering=True).action_generate()
        attachment = review.attachment_id
        self.assertEqual((attachment.res_model, attachment.res_id), ("logistics.account.plan", self.plan.id))
        self.assertTrue(attachment.raw.startswith(b"%PDF"))
        self.assertEqual(review.plan_id, self.plan)
        self.assertEqual(self.plan.review_count, 1)
        floor = self.mail_floor()
        review.with_user(self.am1).action_send()
        self.assertEqual(review.state, "sent")
        mails = self.mails_since(floor)
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.attachment_ids, attachment)
        self.assertIn(self.cust_a.email, mails.email_to)
        with self.assertRaisesRollback(UserError):
            review.with_user(self.am1).action_generate()

    def test_buttons(self):
        action = self.cust_a.with_user(self.am1).action_business_review()
        review = self.Review.browse(action["res_id"])
        self.assertEqual((review.partner_id, review.year, review.quarter), (self.cust_a, self.year, self.quarter))
        self.assertTrue(review.attachment_id)
        again = self.plan.with_user(self.am1).action_business_review()
        self.assertEqual(again["res_id"], review.id)
        # another account manager's customer: refused
        other = self.customer("Not Mine", manager=self.am2)
        with self.assertRaisesRollback(AccessError):
            other.with_user(self.am1).action_business_review()
        self.assertEqual(self.Review.with_user(self.am2).search([("partner_id", "=", self.cust_a.id)]),
                         self.Review.browse())
        # service managers see every pack and may make another account manager's
        self.assertEqual(self.Review.with_user(self.manager).search([("partner_id", "=", self.cust_a.id)]), review)
        action = other.with_user(self.manager).action_business_review()
        self.assertEqual(self.Review.browse(action["res_id"]).partner_id, other)

    def test_cron_idempotent(self):
        first = self.Review._cron_quarterly_reviews()
        reviews = self.Review.search([("year", "=", self.year), ("quarter", "=", self.quarter)])
        self.assertEqual(first, 1)
        self.assertEqual(reviews.partner_id, self.cust_a)
        attachment = reviews.attachment_id
        self.assertTrue(attachment)
        self.assertEqual(self.Review._cron_quarterly_reviews(), 0)
        again = self.Review.search([("year", "=", self.year), ("quarter", "=", self.quarter)])
        self.assertEqual(again, reviews)
        self.assertEqual(again.attachment_id, attachment)


class TestCustomerReadable(TransactionCase):

    def test_customer_readable(self):
        """What the pack may print: what Odoo's field access lets a portal user read."""
        Complaint = self.env["logistics.complaint"]
        self.assertTrue(customer_readable(Complaint, "resolution"))
        self.assertTrue(customer_readable(Complaint, "category"))
        for name in ("cause_analysis", "corrective_action", "compensation_amount", "customer_tier"):
            self.assertFalse(customer_readable(Complaint, name), name)
        Partner = self.env["res.partner"]
        for name in ("customer_tier", "contribution_12m"):
            self.assertFalse(customer_readable(Partner, name), name)
        self.assertTrue(customer_readable(self.env["survey.survey"], "title"))

    def test_asked_from_the_rights_of_portal_users(self):
        """The rights are Odoo's, of the user new portal users are made from, not a reading of
        the fields' groups: with another template, other fields; without one, none."""
        Complaint = self.env["logistics.complaint"].with_context(lang="en_US")
        self.assertEqual(customer_fields(Complaint, ["resolution", "cause_analysis", "no_such_field"]),
                         {"resolution": "Resolution note"})
        params = self.env["ir.config_parameter"].sudo()
        employee = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Template Employee", "login": "template.employee",
            "groups_id": [Command.set([self.env.ref("base.group_user").id])]})
        params.set_param("base.template_portal_user_id", str(employee.id))
        self.assertTrue(customer_readable(Complaint, "cause_analysis"))
        params.set_param("base.template_portal_user_id", "0")
        self.assertEqual(customer_fields(Complaint, ["resolution", "cause_analysis"]), {})
