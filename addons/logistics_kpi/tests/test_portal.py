from datetime import datetime, timedelta

from odoo import Command
from odoo.tests.common import HttpCase
from odoo.tools import mute_logger

from odoo.addons.logistics_crm.tests.common import PORTAL_PASSWORD, create_portal_user


class TestPortal(HttpCase):

    def setUp(self):
        super().setUp()
        Partner = self.env["res.partner"]
        self.cust1 = Partner.create({"name": "Portal Cust One", "is_company": True, "customer_rank": 1,
                                     "email": "pc1@example.com"})
        self.cust2 = Partner.create({"name": "Portal Cust Two", "is_company": True, "customer_rank": 1,
                                     "email": "pc2@example.com"})
        month = datetime.now().date().replace(day=1)
        Statement = self.env["logistics.customer.statement"]
        self.st1 = Statement.create({"partner_id": self.cust1.id, "month": month})
        self.st2 = Statement.create({"partner_id": self.cust2.id, "month": month})
        (self.st1 | self.st2).write({"state": "sent"})
        # not mailed yet: not on the portal
        previous = (month - timedelta(days=1)).replace(day=1)
        self.draft1 = Statement.create({"partner_id": self.cust1.id, "month": previous})
        self.user1 = create_portal_user(self.env, self.cust1, login="portal.kpi1@example.com")
        campaign = self.env["logistics.survey.campaign"].create({
            "name": "Portal test", "kind": "periodic",
            "survey_id": self.env.ref("logistics_kpi.survey_satisfaction").id,
            "partner_ids": [Command.set((self.cust1 | self.cust2).ids)], "quiet_days": 0})
        campaign.action_run()
        self.inputs = campaign.user_input_ids

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
        self.assertEqual(own.headers["Content-Type"], "application/pdf")
        # (in test mode Odoo renders the report's HTML instead of calling wkhtmltopdf)
        self.assertIn("Portal Cust One", own.text)
        other = self.url_open("/my/statements/%d/pdf" % self.st2.id)
        self.assertEqual(other.status_code, 404)
        missing = self.url_open("/my/statements/999999999/pdf")
        self.assertEqual(missing.status_code, 404)
        surveys = self.url_open("/my/surveys").text
        mine = self.inputs.filtered(lambda i: i.customer_id == self.cust1)
        theirs = self.inputs.filtered(lambda i: i.customer_id == self.cust2)
        self.assertIn("/my/surveys/%d/answer" % mine.id, surveys)
        self.assertNotIn("/my/surveys/%d/answer" % theirs.id, surveys)
        self.assertNotIn(theirs.access_token, surveys)
        self.assertEqual(self.url_open("/my/surveys/%d/answer" % theirs.id, allow_redirects=False).status_code, 404)
        home = self.url_open("/my/home").text
        self.assertIn("/my/statements", home)
        self.assertIn("/my/surveys", home)

    def test_draft_statement_unreachable_by_every_route(self):
        """The customer's own draft: not by /report/pdf, not by RPC, not by /web/content."""
        self.authenticate("portal.kpi1@example.com", PORTAL_PASSWORD)
        with mute_logger("odoo.http"):  # the access error of the request is logged by Odoo
            report = self.url_open("/report/pdf/logistics_kpi.report_customer_statement/%d" % self.draft1.id)
        self.assertIn(report.status_code, (403, 404))
        self.assertNotIn("Monthly service statement", report.text)
        sent = self.url_open("/report/pdf/logistics_kpi.report_customer_statement/%d" % self.st1.id)
        self.assertEqual(sent.status_code, 200)
        self.assertIn("Portal Cust One", sent.text)
        # JSON-RPC, as the web client or a script would call it
        rpc = self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": "logistics.customer.statement", "method": "search_read",
            "args": [[]], "kwargs": {"fields": ["month", "state"]}})
        self.assertEqual([row["id"] for row in rpc], self.st1.ids)
        # a file attached to a statement follows the statement's access
        Attachment = self.env["ir.attachment"]
        files = {statement: Attachment.create({
            "name": "statement.pdf", "raw": b"%PDF-1.4 statement", "mimetype": "application/pdf",
            "res_model": statement._name, "res_id": statement.id}) for statement in (self.st1, self.draft1)}
        for statement in (self.draft1, self.st1):
            self.assertIn(self.url_open("/web/content/%d" % files[statement].id).status_code, (403, 404))
        # (the route itself serves them, to an employee who reads statements)
        self.env["res.users"].create({
            "name": "Statement Manager", "login": "kpi.web.manager", "password": "kpi-web-manager-1",
            "groups_id": [Command.set([self.env.ref("base.group_user").id,
                                       self.env.ref("logistics_crm.group_service_manager").id])]})
        self.authenticate("kpi.web.manager", "kpi-web-manager-1")
        self.assertEqual(self.url_open("/web/content/%d" % files[self.draft1].id).status_code, 200)

    def test_non_ascii_token_is_refused_not_a_crash(self):
        for token in ("令牌", "é" * 36, "%s\u00e9" % self.st2.access_token[:-1]):
            response = self.url_open("/my/statements/%d/pdf?access_token=%s" % (self.st2.id, token))
            self.assertIn(response.status_code, (403, 404), token)
        self.authenticate("portal.kpi1@example.com", PORTAL_PASSWORD)
        response = self.url_open("/my/statements/%d/pdf?access_token=令牌" % self.st2.id)
        self.assertIn(response.status_code, (403, 404))

    def test_my_pages_of_an_employee_without_logistics_role(self):
        self.env["res.users"].create({
            "name": "Warehouse Clerk", "login": "clerk.kpi@example.com", "password": "clerk-pass-1",
            "groups_id": [Command.set([self.env.ref("base.group_user").id])]})
        self.authenticate("clerk.kpi@example.com", "clerk-pass-1")
        for url in ("/my/home", "/my/account", "/my/statements"):
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
