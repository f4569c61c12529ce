from odoo.tests.common import TransactionCase

from .common import ComplaintFixtures


class TestComplaintToken(ComplaintFixtures, TransactionCase):
    """A complaint has its portal token from creation: a portal page never writes it
    during a GET (two contacts opening it at once collided on that write, make load)."""

    def test_token_from_creation(self):
        complaint = self._complaint(subject="Token at creation")
        self.assertTrue(complaint.access_token)
        self.assertNotEqual(complaint.access_token, self._complaint(subject="Another").access_token)

    def test_update_gives_older_complaints_a_token(self):
        complaint = self._complaint(subject="Made before the token")
        self.env.cr.execute("UPDATE logistics_complaint SET access_token = NULL WHERE id = %s", [complaint.id])
        complaint.invalidate_recordset(["access_token"])
        self.env["logistics.complaint"]._fill_portal_tokens()
        self.assertTrue(complaint.access_token)
