from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests.common import SavepointCase

from .common import LogisticsCrmCase, SmtpSinkMixin


class TestCrons(LogisticsCrmCase, SavepointCase):

    def activities(self, partner, xmlid):
        return self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "=", partner.id),
            ("activity_type_id", "=", self.env.ref(xmlid).id)])

    def test_profile_reviews_once_per_due_item(self):
        today = date.today()
        key = self.customer("Key", customer_tier="a",
                            basic_info_reviewed_on=str(today - relativedelta(months=4)),   # due
                            business_info_reviewed_on=str(today - timedelta(days=5)),      # fresh
                            needs_reviewed_on=False)                                       # due
        fresh = self.customer("Fresh", customer_tier="a", basic_info_reviewed_on=str(today),
                              business_info_reviewed_on=str(today), needs_reviewed_on=str(today))
        self.assertTrue(key.review_due)
        self.assertFalse(fresh.review_due)
        self.assertIn(key, self.env["res.partner"].search([("review_due", "=", True)]))
        self.assertNotIn(fresh, self.env["res.partner"].search([("review_due", "=", True)]))
        Partner = self.env["res.partner"]
        Partner._cron_profile_reviews()
        Partner._cron_profile_reviews()
        self.assertEqual(len(self.activities(key, "logistics_crm.mail_activity_review_basic")), 1)
        self.assertEqual(len(self.activities(key, "logistics_crm.mail_activity_review_needs")), 1)
        self.assertFalse(self.activities(key, "logistics_crm.mail_activity_review_business"))
        self.assertFalse(self.env["mail.activity"].search([("res_model", "=", "res.partner"), ("res_id", "=", fresh.id)]))
        self.assertEqual(self.activities(key, "logistics_crm.mail_activity_review_basic").user_id, self.am1)
        # marking reviewed closes them and clears the flag
        key.action_mark_reviewed()
        self.assertFalse(key.review_due)
        self.assertFalse(self.activities(key, "logistics_crm.mail_activity_review_basic"))

    def test_plan_reminders_once(self):
        key = self.customer("Key", customer_tier="a")
        self.env["res.partner"]._cron_plan_reminders()
        self.env["res.partner"]._cron_plan_reminders()
        self.assertEqual(len(self.activities(key, "logistics_crm.mail_activity_account_plan")), 1)

    def test_propose_visits_once(self):
        key = self.customer("Overdue", customer_tier="a")
        self.env["logistics.visit"].create({
            "partner_id": key.id, "user_id": self.am1.id,
            "date_start": fields.Datetime.to_string(datetime.now() - timedelta(days=60))}).action_done()
        self.assertTrue(key.visit_overdue)
        Partner = self.env["res.partner"]
        self.assertEqual(Partner._cron_propose_visits(), 1)
        self.assertEqual(Partner._cron_propose_visits(), 0)
        visits = self.env["logistics.visit"].search([("partner_id", "=", key.id), ("state", "=", "planned")])
        self.assertEqual(len(visits), 1)
        self.assertEqual(visits.user_id, self.am1)
        self.assertTrue(visits.calendar_event_id)

    def test_tier_cron_twice(self):
        a, b = self.customer("A"), self.customer("B")
        self.invoice(a, 1000)
        self.invoice(b, 10)
        Partner = self.env["res.partner"]
        self.assertEqual(Partner._cron_compute_customer_tiers(), 2)
        self.assertEqual(Partner._cron_compute_customer_tiers(), 0)


class TestCustomerCare(LogisticsCrmCase, SmtpSinkMixin, SavepointCase):

    def test_birthday_and_anniversary_greetings_once(self):
        today = date.today()
        company = self.customer("Anniversary Co", cooperation_start_date=str(today - relativedelta(years=3)))
        contact = self.env["res.partner"].create({
            "name": "Birthday Person", "parent_id": company.id, "email": "birthday@example.com",
            "birthday": str(today - relativedelta(years=40))})
        milestone = self.env["logistics.partner.key.date"].create({
            "partner_id": company.id, "name": "Warehouse opening", "kind": "opening",
            "date": str(today - relativedelta(years=1))})
        Partner = self.env["res.partner"]
        self.assertEqual(Partner._cron_customer_care(), 3)
        self.assertEqual(Partner._cron_customer_care(), 0)
        self.env["mail.mail"].search([("state", "=", "outgoing")]).send()
        self.smtp.wait_for(3)
        to_contact = self.smtp.to("birthday@example.com")
        self.assertEqual(len(to_contact), 1)
        self.assertIn("Birthday Person", to_contact[0]["subject"])
        to_company = self.smtp.to(company.email)
        self.assertEqual(len(to_company), 2)
        self.assertTrue(any("Warehouse opening" in m["subject"] for m in to_company))
        self.assertEqual(milestone.last_greeted_year, today.year)
        # one anniversary visit suggestion for the account manager
        visits = self.env["logistics.visit"].search([("partner_id", "=", company.id), ("visit_type", "=", "anniversary")])
        self.assertEqual(len(visits), 1)
        self.assertEqual(visits.user_id, self.am1)
