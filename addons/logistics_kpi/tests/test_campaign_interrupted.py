import psycopg2

from odoo import Command, api
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

SENT_BEFORE_FAILURE = 6
CUSTOMERS = 10


class TestCampaignKilledMidBatch(TransactionCase):
    """A campaign run that dies in the middle of a batch, then runs again.

    Runs in its own committed transactions (the cron commits per batch), so it
    creates its own data with a separate cursor and removes it in tearDown.
    The interruption is real: a PostgreSQL trigger raises on the 7th invitation.
    """

    def setUp(self):
        super().setUp()
        self.cr2 = self.registry.cursor()
        self.env2 = api.Environment(self.cr2, self.env.uid, {})
        self.addCleanup(self._cleanup)
        env = self.env2
        self.partners = env["res.partner"]
        for index in range(CUSTOMERS):
            self.partners |= env["res.partner"].create({
                "name": "Killed Batch Customer %d" % index, "is_company": True, "customer_rank": 1,
                "email": "killed.%d@example.com" % index})
        self.campaign = env["logistics.survey.campaign"].create({
            "name": "Killed batch test", "kind": "periodic", "period_months": 12,
            "survey_id": env.ref("logistics_kpi.survey_satisfaction").id,
            "partner_ids": [Command.set(self.partners.ids)], "batch_size": 4, "quiet_days": 0,
            "reminder_days": 0})
        self.cr2.execute("""
            CREATE OR REPLACE FUNCTION logistics_kpi_test_kill() RETURNS trigger AS $$
            BEGIN
                IF (SELECT COUNT(*) FROM survey_user_input WHERE campaign_id = NEW.campaign_id) >= %s THEN
                    RAISE EXCEPTION 'simulated crash after %% invitations', %s;
                END IF;
                RETURN NEW;
            END $$ LANGUAGE plpgsql""" % (SENT_BEFORE_FAILURE, SENT_BEFORE_FAILURE))
        self.cr2.execute("""
            CREATE TRIGGER logistics_kpi_test_kill BEFORE INSERT ON survey_user_input
            FOR EACH ROW WHEN (NEW.campaign_id = %d) EXECUTE PROCEDURE logistics_kpi_test_kill()"""
                         % self.campaign.id)
        self.cr2.commit()

    def _cleanup(self):
        cr = self.cr2
        cr.rollback()
        cr.execute("DROP TRIGGER IF EXISTS logistics_kpi_test_kill ON survey_user_input")
        cr.execute("DROP FUNCTION IF EXISTS logistics_kpi_test_kill()")
        cr.execute("DELETE FROM mail_mail WHERE email_to LIKE %s", ("%killed.%@example.com%",))
        campaigns = tuple(self.campaign.ids + getattr(self, "extra_campaign_ids", []))
        cr.execute("DELETE FROM survey_user_input WHERE campaign_id IN %s", (campaigns,))
        cr.execute("DELETE FROM logistics_survey_campaign WHERE id IN %s", (campaigns,))
        cr.execute("DELETE FROM res_partner WHERE id IN %s", (tuple(self.partners.ids),))
        if getattr(self, "paused_campaign_ids", None):
            cr.execute("UPDATE logistics_survey_campaign SET active = TRUE WHERE id IN %s",
                       (tuple(self.paused_campaign_ids),))
        cr.commit()  # pylint: disable=invalid-commit  # undoes what the killed run committed
        cr.close()

    def test_rerun_after_crash_sends_each_invitation_once(self):
        env = self.env2
        campaign = self.campaign.with_context(logistics_kpi_autocommit=True)
        with self.assertRaises(psycopg2.InternalError):
            campaign.action_run()
        self.cr2.rollback()
        # what the batches committed before the crash survives: whole batches only
        self.cr2.execute("SELECT COUNT(*) FROM survey_user_input WHERE campaign_id = %s", (self.campaign.id,))
        self.assertEqual(self.cr2.fetchone()[0], 4)
        self.cr2.execute("DROP TRIGGER logistics_kpi_test_kill ON survey_user_input")
        self.cr2.commit()
        env.clear()
        self.assertEqual(campaign.action_run(), CUSTOMERS - 4)
        self.assertEqual(campaign.action_run(), 0)
        inputs = env["survey.user_input"].search([("campaign_id", "=", self.campaign.id)])
        self.assertEqual(sorted(inputs.mapped("customer_id").ids), sorted(self.partners.ids))
        self.assertEqual(len(inputs), CUSTOMERS)
        # one queued mail per customer: none lost with the crashed batch, none twice
        mails = env["mail.mail"].search([("email_to", "like", "killed.")])
        recipients = sorted(mail.email_to for mail in mails)
        self.assertEqual(recipients, sorted('"Killed Batch Customer %d" <killed.%d@example.com>' % (i, i)
                                            for i in range(CUSTOMERS)))

    def test_cron_goes_on_after_a_failing_campaign(self):
        """The scheduled job: a campaign that crashes is rolled back to its last
        committed batch, the next campaign still runs, the next run completes."""
        env = self.env2
        # only this test's campaigns run (the demo campaigns are paused meanwhile)
        self.cr2.execute("""UPDATE logistics_survey_campaign SET active = FALSE
                             WHERE active AND id <> %s RETURNING id""", (self.campaign.id,))
        self.paused_campaign_ids = [row[0] for row in self.cr2.fetchall()]
        others = env["res.partner"]
        for index in range(3):
            others |= env["res.partner"].create({
                "name": "Cron Customer %d" % index, "is_company": True, "customer_rank": 1,
                "email": "killed.cron.%d@example.com" % index})
        self.partners |= others
        second = env["logistics.survey.campaign"].create({
            "name": "Runs after the crash", "kind": "periodic", "period_months": 12, "sequence": 99,
            "survey_id": env.ref("logistics_kpi.survey_satisfaction").id,
            "partner_ids": [Command.set(others.ids)], "quiet_days": 0, "reminder_days": 0})
        self.extra_campaign_ids = second.ids
        self.cr2.commit()

        def invitations(campaign):
            self.cr2.execute("SELECT COUNT(*) FROM survey_user_input WHERE campaign_id = %s", (campaign.id,))
            return self.cr2.fetchone()[0]

        with mute_logger("odoo.addons.logistics_kpi.models.logistics_survey_campaign"):
            env["logistics.survey.campaign"]._cron_run_campaigns()
        self.cr2.commit()
        self.assertEqual(invitations(self.campaign), 4)  # the batch committed before the crash
        self.assertEqual(invitations(second), 3)
        self.cr2.execute("DROP TRIGGER logistics_kpi_test_kill ON survey_user_input")
        self.cr2.commit()
        env.clear()
        env["logistics.survey.campaign"]._cron_run_campaigns()
        env["logistics.survey.campaign"]._cron_run_campaigns()
        self.cr2.commit()
        self.assertEqual(invitations(self.campaign), CUSTOMERS)
        self.assertEqual(invitations(second), 3)

