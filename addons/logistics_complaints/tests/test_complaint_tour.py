from odoo.tests.common import HttpCase, tagged

from .common import PORTAL_PASSWORD, ComplaintFixtures


@tagged("post_install", "-at_install")
class TestComplaintTour(ComplaintFixtures, HttpCase):

    def test_portal_submission_tour(self):
        self.portal_a.password = PORTAL_PASSWORD
        before = self.Complaint.sudo().search([("partner_id", "=", self.customer_a.id)])
        self.start_tour("/my/complaints", "logistics_complaints_portal_submit", login=self.portal_a.login)
        complaint = self.Complaint.sudo().search([("partner_id", "=", self.customer_a.id)]) - before
        self.assertEqual(len(complaint), 1)
        self.assertEqual((complaint.subject, complaint.shipment_ref, complaint.problem_type, complaint.channel),
                         ("Pallets crushed at delivery", "WB-TOUR-0001", "damage", "portal"))
        self.assertFalse(complaint.category)   # the cause is the agent's finding
