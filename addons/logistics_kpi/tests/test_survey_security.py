"""Only the invitations the suite issues count; customers never create or read others'."""
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests.common import HttpCase, TransactionCase

from odoo.addons.logistics_crm.tests.common import PORTAL_PASSWORD, create_portal_user

from .common import KpiCase


class TestSurveyInvitationSecurity(KpiCase, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("logistics_kpi.survey_satisfaction")
        cls.nps_question = cls.env.ref("logistics_kpi.survey_question_nps")
        cls.cust1 = cls.customer("Survey Sec One", customer_tier="a")
        cls.cust2 = cls.customer("Survey Sec Two", customer_tier="a")
        cls.portal = create_portal_user(cls.env, cls.cust1, login="survey.sec.portal@example.com")
        cls.campaign = cls.env["logistics.survey.campaign"].create({
            "name": "Security test", "kind": "periodic", "survey_id": cls.survey.id,
            "partner_ids": [Command.set((cls.cust1 | cls.cust2).ids)], "quiet_days": 0})
        cls.campaign.action_run()
        cls.input1 = cls.campaign.user_input_ids.filtered(lambda i: i.customer_id == cls.cust1)
        cls.input2 = cls.campaign.user_input_ids.filtered(lambda i: i.customer_id == cls.cust2)
        cls.input2.write({"user_input_line_ids": [Command.create({
            "question_id": cls.nps_question.id, "answer_type": "numerical_box", "value_numerical_box": 10})],
            "state": "done"})

    def test_portal_user_creates_no_invitation(self):
        Input = self.env["survey.user_input"].with_user(self.portal)
        with self.assertRaisesRollback(AccessError):
            Input.create({"survey_id": self.survey.id, "partner_id": self.portal.partner_id.id,
                          "customer_id": self.cust2.id})
        with self.assertRaisesRollback(AccessError):
            Input.create({"survey_id": self.survey.id})

    def test_survey_officer_cannot_issue_campaign_answers(self):
        officer = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Survey Officer", "login": "survey.officer.kpi",
            "groups_id": [Command.set([self.env.ref("base.group_user").id,
                                       self.env.ref("survey.group_survey_user").id])]})
        Input = self.env["survey.user_input"].with_user(officer)
        with self.assertRaisesRollback(AccessError):
            Input.create({"survey_id": self.survey.id, "customer_id": self.cust2.id,
                          "campaign_id": self.campaign.id, "campaign_key": "forged"})
        own = Input.create({"survey_id": self.survey.id, "partner_id": self.cust2.id})
        self.assertFalse(own.customer_id, "the customer is never derived from the contact")
        with self.assertRaisesRollback(AccessError):
            own.write({"customer_id": self.cust2.id})

    def test_answers_not_issued_by_a_campaign_do_not_count(self):
        """What /survey/start creates for a logged-in user (survey's own _create_answer),
        answered with 0: the customer's NPS stays that of its campaign answers."""
        self.assertEqual(self.cust2.nps, 100.0)
        forged = self.survey.sudo()._create_answer(partner=self.cust2, check_attempts=False)
        self.assertFalse(forged.customer_id)
        forged.write({"user_input_line_ids": [Command.create({
            "question_id": self.nps_question.id, "answer_type": "numerical_box", "value_numerical_box": 0})],
            "state": "done"})
        self.cust2.invalidate_recordset(["nps"])
        self.assertEqual(self.cust2.nps, 100.0)
        row = self.env["logistics.kpi.report"].read_group(
            [("partner_id", "=", self.cust2.id)], ["nps", "nps_count"], [], lazy=False)[0]
        self.assertEqual((row["nps"], row["nps_count"]), (100.0, 1))

    def test_portal_user_reads_and_writes_no_invitation(self):
        for user_input in (self.input1, self.input2):
            with self.assertRaisesRollback(AccessError):
                user_input.with_user(self.portal).read(["state"])
            with self.assertRaisesRollback(AccessError):
                user_input.with_user(self.portal).write({"email": "hijack@example.com"})
        with self.assertRaisesRollback(AccessError):
            self.env["survey.user_input.line"].with_user(self.portal).search([])
        with self.assertRaisesRollback(AccessError):
            self.input2.user_input_line_ids.with_user(self.portal).read(["value_numerical_box"])

    def test_answers_readable_by_service_managers_only(self):
        lines = self.input2.user_input_line_ids
        self.assertEqual(lines.with_user(self.manager).read(["value_numerical_box"])[0]["value_numerical_box"], 10)
        for user in (self.am1, self.agent):
            with self.assertRaisesRollback(AccessError):
                lines.with_user(user).read(["value_numerical_box"])
        with self.assertRaisesRollback(AccessError):
            self.input2.with_user(self.manager).write({"email": "x@example.com"})


class TestSurveyStartSecurity(HttpCase):
    """Over HTTP: the campaign survey is for invited people only."""

    def test_portal_user_cannot_start_an_uninvited_answer(self):
        customer = self.env["res.partner"].create({"name": "Start Sec Co", "is_company": True,
                                                   "customer_rank": 1, "email": "start.sec@example.com"})
        create_portal_user(self.env, customer, login="start.sec.portal@example.com")
        survey = self.env.ref("logistics_kpi.survey_satisfaction")
        before = self.env["survey.user_input"].search_count([("survey_id", "=", survey.id)])
        self.authenticate("start.sec.portal@example.com", PORTAL_PASSWORD)
        response = self.url_open("/survey/start/%s" % survey.access_token)
        self.assertNotEqual(response.status_code, 500)
        self.assertEqual(self.env["survey.user_input"].search_count([("survey_id", "=", survey.id)]), before)
