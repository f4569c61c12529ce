from odoo.tests.common import TransactionCase

from .common import ComplaintFixtures, ago


class TestComplaintRepeat(ComplaintFixtures, TransactionCase):

    def test_same_customer_and_subcategory_within_window(self):
        first = self._complaint(received_date=ago(days=60))
        second = self._complaint(received_date=ago(days=10))
        self.assertFalse(first.is_repeat)
        self.assertTrue(second.is_repeat)
        self.assertEqual(second.repeat_of_ids, first)
        third = self._complaint(received_date=ago(days=1))
        self.assertEqual(third.repeat_of_ids, first | second)
        self.assertEqual(self.env["logistics.complaint"].search(
            [("id", "in", (first | second | third).ids), ("is_repeat", "=", True)]), second | third)

    def test_not_repeat_outside_window_other_subcategory_or_customer(self):
        self._complaint(received_date=ago(days=91))
        self.assertFalse(self._complaint(received_date=ago(days=0)).is_repeat)
        self._complaint(received_date=ago(days=5), category="supplier", subcategory_id=self.sub_damage.id)
        other_customer = self._complaint(received_date=ago(days=1), partner_id=self.customer_b.id,
                                         contact_id=False, category="supplier", subcategory_id=self.sub_damage.id)
        self.assertFalse(other_customer.is_repeat)

    def test_window_is_configurable(self):
        self.env["ir.config_parameter"].sudo().set_param("logistics_complaints.repeat_days", "200")
        self._complaint(received_date=ago(days=150))
        self.assertTrue(self._complaint(received_date=ago(days=0)).is_repeat)

    def test_cancelled_earlier_complaint_does_not_count(self):
        earlier = self._complaint(received_date=ago(days=3))
        earlier.action_cancel("Entered twice")
        self.assertFalse(self._complaint(received_date=ago(days=0)).is_repeat)

    def test_late_entry_makes_later_complaints_repeats(self):
        later = self._complaint(received_date=ago(days=2))
        self.assertFalse(later.is_repeat)
        earlier = self._complaint(received_date=ago(days=20))  # entered afterwards
        self.assertTrue(later.is_repeat)
        self.assertEqual(later.repeat_of_ids, earlier)

    def test_partner_counters(self):
        self._complaint(received_date=ago(days=3))
        self._complaint(received_date=ago(days=1))
        self._complaint(received_date=ago(hours=13), partner_id=self.customer_b.id, contact_id=False)
        self.assertEqual(self.customer_a.complaint_count, 2)
        self.assertEqual(self.customer_a.complaint_repeat_count, 1)
        self.assertEqual(self.contact_a.complaint_count, 2)
        self.assertEqual(self.customer_b.complaint_breached_count, 1)
        action = self.customer_a.action_view_complaints()
        self.assertEqual(self.env["logistics.complaint"].search_count(action["domain"]), 2)
