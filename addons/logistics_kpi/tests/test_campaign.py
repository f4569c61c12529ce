from datetime import datetime, timedelta

from odoo import fields
from odoo.tests.common import SavepointCase

from odoo.addons.logistics_crm.tests.common import SmtpSinkMixin

from .common import KpiCase


class TestSurveyCampaign(SmtpSinkMixin, KpiCase, SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestSurveyCampaign, cls).setUpClass()
        cls.survey = cls.env.ref("logistics_kpi.survey_satisfaction")
        cls.c1 = cls.customer("Camp One", customer_tier="a")
        cls.c2 = cls.customer("Camp Two", customer_tier="a")
        cls.contact = cls.env["res.partner"].create({
            "name": "Ms Survey", "parent_id": cls.c2.id, "email": "ms.survey@example.com"})
        cls.c2.survey_contact_id = cls.contact
        cls.no_mail = cls.customer("Camp No Mail", customer_tier="a")
        cls.no_mail.email = False
        cls.opted = cls.customer("Camp Opted", customer_tier="a", survey_opt_out=True)
        cls.tier_b = cls.customer("Camp Tier B", customer_tier="b")
        cls.customers = cls.c1 | cls.c2 | cls.no_mail | cls.opted | cls.tier_b
        cls.campaign = cls.env["logistics.survey.campaign"].create({
            "name": "Tier A test", "kind": "periodic", "tier": "a", "survey_id": cls.survey.id,
            "partner_ids": [(6, 0, cls.customers.ids)], "batch_size": 1, "quiet_days": 30,
            "reminder_days": 7})

    def setUp(self):
        super(TestSurveyCampaign, self).setUp()
        # only the mails of this test are delivered (demo data may have queued others)
        self.mail_floor = max(self.env["mail.mail"].search([], limit=1, order="id desc").ids or [0])

    def deliver(self):
        mails = self.env["mail.mail"].search([("state", "=", "outgoing"), ("id", ">", self.mail_floor)])
        mails.send()
        return self.smtp.wait_for(len(self.smtp.messages))

    def test_default_period_by_tier(self):
        Campaign = self.env["logistics.survey.campaign"]
        self.assertEqual(self.campaign.period_months, 3)
        b = Campaign.create({"name": "B", "kind": "periodic", "tier": "b", "survey_id": self.survey.id})
        c = Campaign.create({"name": "C", "kind": "periodic", "tier": "c", "survey_id": self.survey.id})
        self.assertEqual((b.period_months, c.period_months), (6, 12))
        self.assertEqual(self.campaign._period_key(datetime(2026, 11, 23)), "2026-P4")
        self.assertEqual(b._period_key(datetime(2026, 5, 1)), "2026-P1")

    def test_run_twice_sends_once_and_counts_skips(self):
        self.assertEqual(self.campaign.action_run(), 2)
        self.assertEqual(self.campaign.last_skipped_no_email, 1)
        self.assertEqual(self.campaign.last_skipped_opt_out, 1)
        self.assertEqual(self.campaign.action_run(), 0)
        self.deliver()
        recipients = sorted(r for m in self.smtp.messages for r in m["to"])
        self.assertEqual(recipients, ["camp.one@example.com", "ms.survey@example.com"])
        inputs = self.campaign.user_input_ids
        self.assertEqual(inputs.mapped("customer_id"), self.c1 | self.c2)
        self.assertEqual(inputs.filtered(lambda i: i.customer_id == self.c2).partner_id, self.contact)
        for message in self.smtp.messages:
            user_input = inputs.filtered(lambda i: i.email in message["to"][0])
            body = message["message"].get_body(("html",)).get_content()
            self.assertIn("/survey/start/", body)
            self.assertIn(user_input.token, body)
        self.assertEqual(self.campaign.sent_count, 2)
        self.assertEqual(self.campaign.response_rate, 0.0)
        inputs[0].write({"state": "done"})
        self.campaign.invalidate_cache()
        self.assertEqual(self.campaign.answered_count, 1)
        self.assertEqual(self.campaign.response_rate, 50.0)

    def test_service_manager_reads_the_invitations_and_answers(self):
        self.campaign.action_run()
        inputs = self.campaign.user_input_ids
        self.assertEqual(len(inputs), 2)
        question = self.survey.page_ids.mapped("question_ids")[:1]
        self.env["survey.user_input_line"].create({
            "user_input_id": inputs[0].id, "question_id": question.id, "survey_id": self.survey.id,
            "answer_type": "free_text", "value_free_text": "Fine"})
        # what the campaign's smart button opens, as a (non-admin) Service Manager
        action = self.campaign.sudo(self.manager).action_view_invitations()
        Input = self.env["survey.user_input"].sudo(self.manager)
        self.assertEqual(Input.search(action["domain"]), inputs.sudo(self.manager))
        self.assertEqual(inputs[0].sudo(self.manager).user_input_line_ids.value_free_text, "Fine")
        # an account manager does not read them
        self.assertFalse(self.env["survey.user_input"].sudo(self.am1).search(action["domain"]))

    def test_quiet_period(self):
        other = self.env["logistics.survey.campaign"].create({
            "name": "Other", "kind": "periodic", "survey_id": self.survey.id,
            "partner_ids": [(6, 0, self.c1.ids)]})
        self.assertEqual(other.action_run(), 1)
        self.assertEqual(self.campaign.action_run(), 1)  # c2 only: c1 was surveyed recently
        self.assertEqual(self.campaign.last_skipped_quiet, 1)
        self.assertEqual(self.campaign.user_input_ids.mapped("customer_id"), self.c2)

    def test_one_reminder_to_non_responders(self):
        self.campaign.action_run()
        answered, open_one = self.campaign.user_input_ids.sorted("id")
        answered.write({"state": "done"})
        eight_days_ago = fields.Datetime.to_string(datetime.now() - timedelta(days=8))
        self.env.cr.execute("UPDATE survey_user_input SET date_create = %s WHERE campaign_id = %s",
                            (eight_days_ago, self.campaign.id))
        self.campaign.invalidate_cache()
        self.env["survey.user_input"].invalidate_cache()
        self.deliver()
        before = len(self.smtp.messages)
        self.campaign.action_run()
        self.assertEqual(self.campaign.last_reminded, 1)
        self.campaign.action_run()
        self.assertEqual(self.campaign.last_reminded, 0)
        self.deliver()
        reminders = self.smtp.messages[before:]
        self.assertEqual(len(reminders), 1)
        self.assertEqual(reminders[0]["to"], [open_one.email])
        self.assertIn(open_one.token, reminders[0]["message"].get_body(("html",)).get_content())

    def test_body_without_url_refused(self):
        from odoo.exceptions import ValidationError
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                self.campaign.body_html = "<p>no link</p>"

    def test_lost_customers_are_surveyed_once_a_year(self):
        reason = self.env["logistics.lost.reason"].create({"name": "Moved to a competitor"})
        self.c1.lost_reason_id = reason
        self.assertEqual(self.c1.lifecycle, "lost")
        campaign = self.env["logistics.survey.campaign"].create({
            "name": "Why did you leave", "kind": "lost_customer", "survey_id": self.survey.id,
            "partner_ids": [(6, 0, self.customers.ids)], "quiet_days": 0})
        self.assertEqual(campaign.action_run(), 1)
        self.assertEqual(campaign.user_input_ids.customer_id, self.c1)
        self.assertEqual(campaign.user_input_ids.campaign_key, str(datetime.now().year))
        self.assertEqual(campaign.action_run(), 0)
        # a lost customer is not in the periodic campaign of its tier any more
        now = datetime.now()
        periodic = [partner for partner, _contact, _key in
                    self.campaign._filter_targets(self.campaign._due_targets(now), now)[0]]
        self.assertNotIn(self.c1, periodic)
        self.assertIn(self.c2, periodic)

    def test_invitation_in_the_contact_language(self):
        self.env.ref("base.lang_en").active = True
        self.campaign.with_context(lang="en_US").write({"subject": "Rate our service"})
        self.campaign.with_context(lang="zh_CN").write({"subject": "请评价我们的服务"})
        self.contact.lang = "zh_CN"
        self.c1.lang = "en_US"
        self.campaign.action_run()
        self.deliver()
        self.assertEqual(self.smtp.to("ms.survey@example.com")[0]["subject"], "请评价我们的服务")
        self.assertEqual(self.smtp.to("camp.one@example.com")[0]["subject"], "Rate our service")

