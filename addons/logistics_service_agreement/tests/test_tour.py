from odoo.tests import HttpCase, tagged

from .common import AgreementCase, ago


@tagged("post_install", "-at_install")
class TestWaitCustomerTour(AgreementCase, HttpCase):

    def test_wait_and_resume_in_the_form(self):
        agent = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Tour Agent", "login": "sa.tour.agent", "password": "sa.tour.agent", "lang": "en_US",
            "email": "sa.tour.agent@example.com",
            "tz": "UTC", "groups_id": [(6, 0, [self.env.ref("base.group_user").id,
                                              self.env.ref("logistics_crm.group_user").id])]})
        complaint = self.complaint(received_date=ago(hours=3))
        deadline = complaint.resolution_deadline
        self.start_tour("/odoo/logistics.complaint/%d" % complaint.id, "logistics_service_agreement_wait_customer",
                        login=agent.login)
        complaint.invalidate_recordset()
        self.assertFalse(complaint.waiting_customer)
        self.assertEqual(len(complaint.pause_ids), 1)
        pause = complaint.pause_ids
        self.assertEqual((pause.reason, pause.resume_reason, pause.user_id),
                         ("Waiting for the photos of the damage", "The customer sent the photos", agent))
        self.assertTrue(pause.pauses_clock)
        self.assertGreaterEqual(complaint.resolution_deadline, deadline)
