from datetime import date, timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase

from .common import AgreementCase, ago


class TestAgreement(AgreementCase, TransactionCase):

    def test_overlap_refused(self):
        """Two active agreements of a customer cannot overlap; a later one, or an archived one, can exist."""
        with self.assertRaisesRollback(ValidationError):
            self.Agreement.create({"name": "Second", "partner_id": self.cust_a.id, "date_start": date(2025, 1, 1)})
        self.agreement.date_end = date(2025, 12, 31)
        later = self.Agreement.create({"name": "2026", "partner_id": self.cust_a.id, "date_start": date(2026, 1, 1),
                                       "dispatch_on_time_target": 97.0})
        self.assertEqual(self.Agreement._find_agreement(self.cust_a, date(2026, 3, 1)), later)
        self.assertEqual(self.Agreement._find_agreement(self.cust_a, date(2025, 3, 1)), self.agreement)
        with self.assertRaisesRollback(ValidationError):
            later.date_start = date(2025, 12, 1)
        archived = self.Agreement.create({"name": "Old", "partner_id": self.cust_b.id, "date_start": date(2020, 1, 1),
                                          "active": False})
        self.Agreement.create({"name": "B", "partner_id": self.cust_b.id, "date_start": date(2020, 1, 1)})
        self.assertFalse(archived.active)

    def test_customer_or_group_and_bad_input(self):
        with self.assertRaisesRollback(ValidationError):
            self.Agreement.create({"name": "Nobody", "date_start": date(2026, 1, 1)})
        tag = self.env["res.partner.category"].create({"name": "Automotive group"})
        with self.assertRaisesRollback(ValidationError):
            self.Agreement.create({"name": "Both", "partner_id": self.cust_b.id, "category_id": tag.id,
                                   "date_start": date(2026, 1, 1)})
        for values in ({"dispatch_on_time_target": 101}, {"damage_ceiling": -1}, {"response_hours": 4},
                       {"response_hours": 10, "resolution_hours": 5}, {"date_end": date(2025, 1, 1)}):
            with self.assertRaisesRollback(ValidationError):
                self.Agreement.create(dict({"name": "Bad", "category_id": tag.id, "date_start": date(2026, 1, 1)},
                                           **values))
        group = self.Agreement.create({"name": "Group", "category_id": tag.id, "date_start": date(2000, 1, 1),
                                       "response_hours": 8, "resolution_hours": 30})
        self.assertFalse(self.Agreement._find_agreement(self.cust_b, date.today()))
        self.cust_b.category_id = [(4, tag.id)]
        self.assertEqual(self.Agreement._find_agreement(self.cust_b, date.today()), group)
        # the customer's own agreement comes before the group's
        self.cust_a.category_id = [(4, tag.id)]
        self.assertEqual(self.Agreement._find_agreement(self.cust_a, date.today()), self.agreement)
        with self.assertRaisesRollback(ValidationError):
            self.Agreement.create({"name": "Group 2", "category_id": tag.id, "date_start": date(2026, 1, 1)})

    def test_sla_matrix_override(self):
        """The agreement's times replace the tier x severity matrix; per severity if it has a line; the
        other customers keep the matrix."""
        self.env["logistics.service.agreement.sla"].create({
            "agreement_id": self.agreement.id, "severity": "critical", "response_hours": 1, "resolution_hours": 8})
        received = ago(hours=1).replace(microsecond=0)
        normal = self.complaint(received_date=received)
        critical = self.complaint(received_date=received, severity="critical")
        other = self.complaint(self.cust_b, received_date=received)
        self.assertEqual(normal.service_agreement_id, self.agreement)
        self.assertEqual((normal.response_time_allowed, normal.resolution_time_allowed), (4.0, 24.0))
        self.assertEqual(normal.response_deadline, received + timedelta(hours=4))
        self.assertEqual(normal.resolution_deadline, received + timedelta(hours=24))
        self.assertEqual((critical.response_time_allowed, critical.resolution_time_allowed), (1.0, 8.0))
        self.assertEqual(critical.resolution_deadline, received + timedelta(hours=8))
        self.assertFalse(other.service_agreement_id)
        policy = self.env["logistics.complaint.sla.policy"].sudo()._find_policy(
            other.customer_tier, other.severity, other.company_id)
        expected = policy.resolution_hours if policy else 48.0
        self.assertEqual(other.resolution_time_allowed, expected)
        self.assertEqual(other.resolution_deadline, received + timedelta(hours=expected))
        # an agreement without complaint times leaves the matrix
        self.agreement.write({"response_hours": 0, "resolution_hours": 0})
        self.agreement.sla_line_ids.unlink()
        again = self.complaint(received_date=received)
        policy_a = self.env["logistics.complaint.sla.policy"].sudo()._find_policy(
            again.customer_tier, again.severity, again.company_id)
        self.assertEqual(again.resolution_time_allowed, policy_a.resolution_hours if policy_a else 48.0)
        self.assertEqual(again.service_agreement_id, self.agreement)

    def test_access_rules(self):
        """Agents read every agreement; account managers change their accounts' only."""
        self.assertEqual(self.Agreement.with_user(self.agent).search([("id", "=", self.agreement.id)]),
                         self.agreement)
        with self.assertRaisesRollback(AccessError):
            self.agreement.with_user(self.agent).write({"dispatch_on_time_target": 50})
        self.agreement.with_user(self.am1).write({"dispatch_on_time_target": 91})
        with self.assertRaisesRollback(AccessError):
            self.agreement.with_user(self.am2).write({"dispatch_on_time_target": 50})
        self.agreement.with_user(self.manager).write({"dispatch_on_time_target": 92})
        self.assertEqual(self.agreement.dispatch_on_time_target, 92)
