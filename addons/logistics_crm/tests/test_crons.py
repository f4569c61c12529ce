from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests.common import TransactionCase

from .common import LogisticsCrmCase, SmtpSinkMixin


class TestCrons(LogisticsCrmCase, TransactionCase):

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
        Care = self.env["logistics.customer.care"]
        Care._cron_profile_reviews()
        Care._cron_profile_reviews()
        self.assertEqual(len(self.activities(key, "logistics_crm.mail_activity_review_basic")), 1)
        self.assertEqual(len(self.activities(key, "logistics_crm.mail_activity_review_needs")), 1)
        self.assertFalse(self.activities(key, "logistics_crm.mail_activity_review_business"))
        self.assertFalse(self.env["mail.activity"].search([("res_model", "=", "res.partner"),
                                                           ("res_id", "=", fresh.id)]))
        self.assertEqual(self.activities(key, "logistics_crm.mail_activity_review_basic").user_id, self.am1)
        # marking reviewed closes them and clears the flag
        key.action_mark_reviewed()
        self.assertFalse(key.review_due)
        self.assertFalse(self.activities(key, "logistics_crm.mail_activity_review_basic"))

    def test_plan_reminders_once(self):
        key = self.customer("Key", customer_tier="a")
        self.env["logistics.account.plan"]._cron_plan_reminders()
        self.env["logistics.account.plan"]._cron_plan_reminders()
        self.assertEqual(len(self.activities(key, "logistics_crm.mail_activity_account_plan")), 1)

    def test_propose_visits_once(self):
        key = self.customer("Overdue", customer_tier="a")
        self.env["logistics.visit"].create({
            "partner_id": key.id, "user_id": self.am1.id,
            "date_start": fields.Datetime.now() - timedelta(days=60)}).action_done()
        self.assertTrue(key.visit_overdue)
        Visit = self.env["logistics.visit"]
        self.assertEqual(Visit._cron_propose_visits(), 1)
        self.assertEqual(Visit._cron_propose_visits(), 0)
        visits = self.env["logistics.visit"].search([("partner_id", "=", key.id), ("state", "=", "planned")])
        self.assertEqual(len(visits), 1)
        self.assertEqual(visits.user_id, self.am1)
        self.assertTrue(visits.calendar_event_id)

    def test_tier_cron_twice(self):
        a, b = self.customer("A"), self.customer("B")
        self.invoice(a, 1000)
        self.invoice(b, 10)
        Engine = self.env["logistics.tier.engine"]
        self.assertEqual(Engine._cron_compute_customer_tiers(), 2)
        self.assertEqual(Engine._cron_compute_customer_tiers(), 0)


class TestCustomerCare(LogisticsCrmCase, SmtpSinkMixin, TransactionCase):

    def care_visits(self, partner, visit_type):
        return self.env["logistics.visit"].search([
            ("partner_id", "=", partner.id), ("visit_type", "=", visit_type), ("state", "=", "planned")])

    def test_birthday_and_anniversary_greetings_once(self):
        Care = self.env["logistics.customer.care"]
        today = Care._care_today()
        company = self.customer("Anniversary Co", cooperation_start_date=str(today - relativedelta(years=3)))
        self.env["res.partner"].create({
            "name": "Birthday Person", "parent_id": company.id, "email": "birthday@example.com",
            "birthday": str(today - relativedelta(years=40))})
        milestone = self.env["logistics.partner.key.date"].create({
            "partner_id": company.id, "name": "Warehouse opening", "kind": "opening",
            "date": str(today - relativedelta(years=1))})
        # the birthday, and one greeting to the company for its two anniversaries
        self.assertEqual(Care._cron_customer_care(), 2)
        self.assertEqual(Care._cron_customer_care(), 0)
        self.env["mail.mail"].search([("state", "=", "outgoing")]).send()
        self.smtp.wait_for(2)
        to_contact = self.smtp.to("birthday@example.com")
        self.assertEqual(len(to_contact), 1)
        self.assertIn("Birthday Person", to_contact[0]["subject"])
        to_company = self.smtp.to(company.email)
        self.assertEqual(len(to_company), 1)
        self.assertIn("Warehouse opening", to_company[0]["subject"])
        cooperation = self.env["logistics.partner.key.date"].search([
            ("partner_id", "=", company.id), ("date", "=", company.cooperation_start_date)])
        self.assertIn(cooperation.name, to_company[0]["subject"])     # in the cron user's language
        self.assertEqual(cooperation.last_greeted_year, today.year)
        self.assertEqual(milestone.last_greeted_year, today.year)
        # one anniversary visit suggestion for the account manager
        visits = self.env["logistics.visit"].search([("partner_id", "=", company.id),
                                                     ("visit_type", "=", "anniversary")])
        self.assertEqual(len(visits), 1)
        self.assertEqual(visits.user_id, self.am1)

    def test_cooperation_anniversary_greeted_once_from_second_year(self):
        Care = self.env["logistics.customer.care"]
        today = Care._care_today()
        company = self.customer("Second Year Co", cooperation_start_date=str(today - relativedelta(years=2)))
        # last year's run remembered the cooperation anniversary as a key date
        remembered = self.env["logistics.partner.key.date"].create({
            "partner_id": company.id, "name": "our cooperation anniversary", "kind": "opening",
            "date": company.cooperation_start_date, "yearly": True})
        remembered.last_greeted_year = today.year - 1
        Care._cron_customer_care()
        Care._cron_customer_care()
        mails = self.env["mail.mail"].search([("recipient_ids", "in", company.ids)])
        self.assertEqual(len(mails), 1)
        self.assertEqual(remembered.last_greeted_year, today.year)
        self.assertEqual(self.env["logistics.partner.key.date"].search_count([("partner_id", "=", company.id)]), 1)
        self.assertEqual(len(self.care_visits(company, "anniversary")), 1)

    def test_feb_29_celebrated_on_feb_28_of_common_years(self):
        company = self.customer("Leap Co", cooperation_start_date="2024-02-29")
        contact = self.env["res.partner"].create({
            "name": "Leap Person", "parent_id": company.id, "email": "leap@example.com",
            "birthday": "1988-02-29"})
        leap_day = self.env["logistics.partner.key.date"].create({
            "partner_id": company.id, "name": "Depot opening", "kind": "opening", "date": "2020-02-29"})
        Care = self.env["logistics.customer.care"]
        Care._cron_customer_care("2027-02-27")
        self.assertFalse(contact.last_birthday_greeting_year)
        Care._cron_customer_care("2027-02-28")
        self.assertEqual(contact.last_birthday_greeting_year, 2027)
        self.assertEqual(leap_day.last_greeted_year, 2027)
        cooperation = self.env["logistics.partner.key.date"].search([
            ("partner_id", "=", company.id), ("date", "=", "2024-02-29")])
        self.assertEqual(cooperation.last_greeted_year, 2027)
        # leap years: on Feb 29 itself, not on Feb 28
        Care._cron_customer_care("2028-02-28")
        self.assertEqual(contact.last_birthday_greeting_year, 2027)
        Care._cron_customer_care("2028-02-29")
        self.assertEqual(contact.last_birthday_greeting_year, 2028)
        self.assertEqual(leap_day.last_greeted_year, 2028)

    def test_birthday_proposes_one_visit(self):
        Care = self.env["logistics.customer.care"]
        today = Care._care_today()
        company = self.customer("Birthday Co")
        contacts = self.env["res.partner"]
        for name in ("First", "Second"):
            contacts |= self.env["res.partner"].create({
                "name": "%s Birthday" % name, "parent_id": company.id, "email": "%s@example.com" % name.lower(),
                "birthday": str(today - relativedelta(years=35))})
        Care._cron_customer_care()
        contacts.write({"last_birthday_greeting_year": 0})    # even greeted again: no second visit
        Care._cron_customer_care()
        visits = self.care_visits(company, "birthday")
        self.assertEqual(len(visits), 1)
        self.assertEqual(visits.user_id, self.am1)
        self.assertEqual(visits.contact_ids, contacts)
        self.assertTrue(visits.calendar_event_id)

    def test_today_is_the_company_local_date(self):
        # a timezone whose date differs from UTC's now
        utc_now = datetime.utcnow()
        tz, offset = ("Pacific/Kiritimati", 14) if utc_now.hour >= 10 else ("Etc/GMT+12", -12)
        local_today = (utc_now + timedelta(hours=offset)).date()
        self.assertNotEqual(local_today, utc_now.date())
        self.env.user.tz = tz
        contact = self.env["res.partner"].create({
            "name": "Local Person", "email": "local@example.com",
            "birthday": str(local_today - relativedelta(years=30))})
        Care = self.env["logistics.customer.care"].with_context(tz=None)
        self.assertEqual(Care._care_today(), local_today)
        Care._cron_customer_care()
        self.assertEqual(contact.last_birthday_greeting_year, local_today.year)
        # without any timezone, China's
        self.env.user.tz = False
        self.env.company.partner_id.tz = False
        shanghai = fields.Date.context_today(Care.with_context(tz="Asia/Shanghai"))
        self.assertEqual(Care._care_today(), shanghai)
