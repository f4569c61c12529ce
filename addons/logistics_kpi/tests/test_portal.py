from datetime import datetime, timedelta

from odoo import fields
from odoo.tests.common import HttpCase

from odoo.addons.logistics_crm.tests.common import PORTAL_PASSWORD, create_portal_user


class TestPortal(HttpCase):

    def setUp(self):
        super(TestPortal, self).setUp()
        # Odoo 11: HTTP requests of an HttpCase use the registry's test cursor,
        # not the TransactionCase cursor; the fixtures live there (rolled back).
        # (restored before TransactionCase's own cleanup closes its cursor)
        self.addCleanup(setattr, self, "env", self.env)
        self.addCleanup(setattr, self, "cr", self.cr)
        self.cr = self.registry.test_cr
        self.env = self.env(cr=self.cr)
        Partner = self.env["res.partner"]
        self.cust1 = Partner.create({"name": "Portal Cust One", "is_company": True, "customer": True,
                                     "email": "pc1@example.com"})
        self.cust2 = Partner.create({"name": "Portal Cust Two", "is_company": True, "customer": True,
                                     "email": "pc2@example.com"})
        month = fields.Date.to_string(datetime.now().date().replace(day=1))
        Statement = self.env["logistics.customer.statement"]
        self.st1 = Statement.create({"partner_id": self.cust1.id, "month": month})
        self.st2 = Statement.create({"partner_id": self.cust2.id, "month": month})
        (self.st1 | self.st2).write({"state": "sent"})
        # not mailed yet: not on the portal
        previous = fields.Date.to_string((datetime.now().date().replace(day=1) - timedelta(days=1)).replace(day=1))
        self.draft1 = Statement.create({"partner_id": self.cust1.id, "month": previous})
        self.user1 = create_portal_user(self.env, self.cust1, login="portal.kpi1@example.com")
        campaign = self.env["logistics.survey.campaign"].create({
            "name": "Portal test", "kind": "periodic", "survey_id": self.env.ref("logistics_kpi.survey_satisfaction").id,
            "partner_ids": [(6, 0, (self.cust1 | self.cust2).ids)], "quiet_days": 0})
        campaign.action_run()
        self.inputs = campaign.user_input_ids
        # a test cursor's commit is a savepoint: requests that roll back keep the fixtures
        self.env.cr.commit()

    def test_statements_and_surveys_of_own_company_only(self):
        self.authenticate("portal.kpi1@example.com", PORTAL_PASSWORD)
        page = self.url_open("/my/statements").text
        self.assertIn("/my/statements/%d/pdf" % self.st1.id, page)
        self.assertNotIn("/my/statements/%d/pdf" % self.st2.id, page)
        self.assertNotIn("/my/statements/%d/pdf" % self.draft1.id, page)
        self.assertEqual(self.url_open("/my/statements/%d/pdf" % self.draft1.id).status_code, 404)
        self.assertEqual(self.url_open("/my/statements/%d/pdf?access_token=%s" % (
            self.draft1.id, self.draft1.access_token)).status_code, 404)
        own = self.url_open("/my/statements/%d/pdf" % self.st1.id)
        self.assertEqual(own.status_code, 200)
        self.assertIn("Portal Cust One", own.text)
        other = self.url_open("/my/statements/%d/pdf" % self.st2.id)
        self.assertEqual(other.status_code, 404)
        missing = self.url_open("/my/statements/999999999/pdf")
        self.assertEqual(missing.status_code, 404)
        surveys = self.url_open("/my/surveys").text
        mine = self.inputs.filtered(lambda i: i.customer_id == self.cust1)
        theirs = self.inputs.filtered(lambda i: i.customer_id == self.cust2)
        self.assertIn(mine.token, surveys)
        self.assertNotIn(theirs.token, surveys)
        home = self.url_open("/my/home").text
        self.assertIn("/my/statements", home)

    def test_my_pages_of_an_employee_without_logistics_role(self):
        self.env["res.users"].create({
            "name": "Warehouse Clerk", "login": "clerk.kpi@example.com", "password": "clerk-pass-1",
            # billing rights: Odoo 11's own invoice portal needs them (not ours to fix)
            "groups_id": [(6, 0, [self.env.ref("base.group_user").id,
                                  self.env.ref("account.group_account_invoice").id])]})
        self.env.cr.commit()
        self.authenticate("clerk.kpi@example.com", "clerk-pass-1")
        for url in ("/my/home", "/my/account"):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertNotIn("/my/statements/", response.text)

    def test_statement_by_token_and_anonymous(self):
        anonymous = self.url_open("/my/statements/%d/pdf" % self.st2.id)
        self.assertEqual(anonymous.status_code, 404)
        by_token = self.url_open("/my/statements/%d/pdf?access_token=%s" % (self.st2.id, self.st2.access_token))
        self.assertEqual(by_token.status_code, 200)
        wrong = self.url_open("/my/statements/%d/pdf?access_token=wrong" % self.st2.id)
        self.assertEqual(wrong.status_code, 404)
