from datetime import datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import TransactionCase

from .common import KpiCase


class TestSurveyCampaign(KpiCase, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
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
            "partner_ids": [Command.set(cls.customers.ids)], "batch_size": 1, "quiet_days": 30,
            "reminder_days": 7})

    def setUp(self):
        super().setUp()
        self.floor = self.mail_floor()

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
        mails = self.mails_since(self.floor)
        self.assertEqual(sorted(mails.mapped("email_to")),
                         ['"Camp One" <camp.one@example.com>', '"Ms Survey" <ms.survey@example.com>'])
        inputs = self.campaign.user_input_ids
        self.assertEqual(inputs.mapped("customer_id"), self.c1 | self.c2)
        self.assertEqual(inputs.filtered(lambda i: i.customer_id == self.c2).partner_id, self.contact)
        for user_input in inputs:
            self.assertTrue(user_input.deadline)
            self.assertFalse(user_input.test_entry)
            mail = mails.filtered(lambda m, user_input=user_input: user_input.email in m.email_to)
            self.assertIn("/survey/start/%s?answer_token=%s" % (self.survey.access_token, user_input.access_token),
                          mail.body_html)
        self.assertEqual(self.campaign.sent_count, 2)
        self.assertEqual(self.campaign.response_rate, 0.0)
        inputs[0].write({"state": "done"})
        self.campaign.invalidate_recordset()
        self.assertEqual(self.campaign.answered_count, 1)
        self.assertEqual(self.campaign.response_rate, 50.0)

    def test_service_manager_reads_the_invitations_and_answers(self):
        self.campaign.action_run()
        inputs = self.campaign.user_input_ids
        self.assertEqual(len(inputs), 2)
        question = self.env.ref("logistics_kpi.survey_question_comment")
        self.env["survey.user_input.line"].create({
            "user_input_id": inputs[0].id, "question_id": question.id,
            "answer_type": "text_box", "value_text_box": "Fine"})
        # what the campaign's smart button opens, as a (non-admin) Service Manager
        action = self.campaign.with_user(self.manager).action_view_invitations()
        Input = self.env["survey.user_input"].with_user(self.manager)
        self.assertEqual(Input.search(action["domain"]), inputs.with_user(self.manager))
        self.assertEqual(inputs[0].with_user(self.manager).user_input_line_ids.value_text_box, "Fine")
        # an account manager does not read them
        with self.assertRaisesRollback(AccessError):
            self.env["survey.user_input"].with_user(self.am1).search(action["domain"])

    def test_quiet_period(self):
        other = self.env["logistics.survey.campaign"].create({
            "name": "Other", "kind": "periodic", "survey_id": self.survey.id,
            "partner_ids": [Command.set(self.c1.ids)]})
        self.assertEqual(other.action_run(), 1)
        self.assertEqual(self.campaign.action_run(), 1)  # c2 only: c1 was surveyed recently
        self.assertEqual(self.campaign.last_skipped_quiet, 1)
        self.assertEqual(self.campaign.user_input_ids.mapped("customer_id"), self.c2)

    def test_one_reminder_to_non_responders(self):
        self.campaign.action_run()
        answered, open_one = self.campaign.user_input_ids.sorted("id")
        answered.write({"state": "done"})
        eight_days_ago = datetime.now() - timedelta(days=8)
        self.env.cr.execute("UPDATE survey_user_input SET create_date = %s WHERE campaign_id = %s",
                            (eight_days_ago, self.campaign.id))
        self.env.invalidate_all()
        before = self.mail_floor()
        self.campaign.action_run()
        self.assertEqual(self.campaign.last_reminded, 1)
        self.campaign.action_run()
        self.assertEqual(self.campaign.last_reminded, 0)
        reminders = self.mails_since(before)
        self.assertEqual(len(reminders), 1)
        self.assertIn(open_one.email, reminders.email_to)
        self.assertIn(open_one.access_token, reminders.body_html)
        self.assertTrue(open_one.reminder_sent)

    def test_no_reminder_after_the_deadline(self):
        self.campaign.action_run()
        self.env.cr.execute("UPDATE survey_user_input SET create_date = %s, deadline = %s WHERE campaign_id = %s",
                            (datetime.now() - timedelta(days=8), datetime.now() - timedelta(hours=1),
                             self.campaign.id))
        self.env.invalidate_all()
        self.campaign.action_run()
        self.assertEqual(self.campaign.last_reminded, 0)

    def test_body_without_url_refused(self):
        with self.assertRaisesRollback(ValidationError):
            self.campaign.body_html = "<p>no link</p>"

    def test_lost_customers_are_surveyed_once_a_year(self):
        reason = self.env["logistics.lost.reason"].create({"name": "Moved to a competitor"})
        self.c1.lost_reason_id = reason
        self.assertEqual(self.c1.lifecycle, "lost")
        campaign = self.env["logistics.survey.campaign"].create({
            "name": "Why did you leave", "kind": "lost_customer", "survey_id": self.survey.id,
            "partner_ids": [Command.set(self.customers.ids)], "quiet_days": 0})
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
        mails = self.mails_since(self.floor)
        self.assertEqual(mails.filtered(lambda m: "ms.survey@example.com" in m.email_to).subject, "请评价我们的服务")
        self.assertEqual(mails.filtered(lambda m: "camp.one@example.com" in m.email_to).subject, "Rate our service")

    def test_queries_per_recipient(self):
        """Queuing is set-based: a bounded number of queries per recipient."""
        customers = self.env["res.partner"]
        for index in range(40):
            customers |= self.customer("Query Customer %d" % index, customer_tier="c")
        campaign = self.env["logistics.survey.campaign"].create({
            "name": "Queries", "kind": "periodic", "tier": "c", "survey_id": self.survey.id,
            "partner_ids": [Command.set(customers.ids)], "batch_size": 200, "quiet_days": 0,
            "reminder_days": 0})
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=5 * 40):
            self.assertEqual(campaign.action_run(), 40)

    def test_mail_queue_delivers_the_invitations_in_a_batch(self):
        """The queue's own sending (mail.mail.send) takes the campaign's batch path:
        each invitation built and handed to the SMTP session, then removed."""
        self.campaign.action_run()
        mails = self.mails_since(self.floor)
        self.assertEqual(len(mails), 2)
        self.assertEqual(mails.logistics_campaign_id, self.campaign)
        other = self.env["mail.mail"].create({"email_to": "someone@example.com", "subject": "Not a survey",
                                              "body_html": "<p>x</p>", "auto_delete": False})
        (mails | other).send()
        self.assertFalse(mails.exists(), "delivered invitations are removed (auto_delete): %s" % [
            (m.state, m.failure_reason) for m in mails.exists()])
        self.assertFalse(other.exists() and other.state == "outgoing", "Odoo's own mails go their way")
