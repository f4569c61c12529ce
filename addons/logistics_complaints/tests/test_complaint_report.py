from odoo.tests.common import TransactionCase

from .common import ComplaintFixtures, ago


class TestComplaintReport(ComplaintFixtures, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["logistics.complaint.sla.policy"].search([]).unlink()

    def test_measures_by_category(self):
        # in time: answered after 2 h, resolved after 10 h, rated 5
        good = self._complaint(received_date=ago(hours=20))
        good.sudo()._workflow_write({"first_response_date": ago(hours=18), "state": "resolved",
                                     "resolved_date": ago(hours=10)})
        good.sudo().action_rate(5, partner=good.contact_id or good.partner_id)
        self.assertEqual(good.customer_rating, "5")
        # late: answered after 14 h (breached), resolved after 30 h, revisit satisfaction 2; a repeat
        late = self._complaint(received_date=ago(hours=40))
        late.sudo()._workflow_write({"first_response_date": ago(hours=26), "state": "closed",
                                     "resolved_date": ago(hours=10), "revisit_satisfaction": "2"})
        self.assertTrue(good.is_repeat or late.is_repeat)
        open_one = self._complaint(received_date=ago(hours=1), partner_id=self.customer_b.id, contact_id=False)
        Report = self.env["logistics.complaint.report"]
        self.env.flush_all()
        ids = (good | late | open_one).ids
        rows = Report.read_group([("complaint_id", "in", ids)],
                                 ["customer_tier", "nbr", "response_hours", "resolution_hours", "sla_compliance",
                                  "repeat_rate", "satisfaction"], ["customer_tier"])
        by_tier = {r["customer_tier"]: r for r in rows}
        a = by_tier["a"]
        self.assertEqual(a["nbr"], 2)
        self.assertAlmostEqual(a["response_hours"], (2 + 14) / 2.0, delta=0.05)
        self.assertAlmostEqual(a["resolution_hours"], (10 + 30) / 2.0, delta=0.05)
        self.assertAlmostEqual(a["sla_compliance"], 50.0)
        self.assertAlmostEqual(a["repeat_rate"], 50.0)
        self.assertAlmostEqual(a["satisfaction"], 3.5)
        c = by_tier["c"]
        self.assertEqual(c["nbr"], 1)
        self.assertFalse(c["sla_compliance"])  # open complaints are not counted

    def test_grouped_by_tier_at_intake(self):
        before = self._complaint(received_date=ago(hours=5))
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_partner SET customer_tier = 'b' WHERE id = %s", (self.customer_a.id,))
        self.env["res.partner"].invalidate_model(["customer_tier"])
        self.customer_a.customer_tier = "c"
        after = self._complaint(received_date=ago(hours=1))
        self.env.flush_all()
        rows = self.env["logistics.complaint.report"].read_group(
            [("complaint_id", "in", (before | after).ids)], ["customer_tier", "nbr"], ["customer_tier"])
        self.assertEqual({r["customer_tier"]: r["nbr"] for r in rows}, {"a": 1, "c": 1})
