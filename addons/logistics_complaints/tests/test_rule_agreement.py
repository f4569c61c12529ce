"""One definition per rule: the open states of a complaint (the SLA clocks of one
complaint, the portal's "In progress" list of all of them) and what counts as a
complaint (a cancelled one does not: the complaint report, the ORM domain, the
repeats), record by record on complaints in every state."""
import random
import re

from odoo.tests.common import HttpCase, tagged

from ..controllers import main as portal
from ..models.logistics_complaint import COUNTED_DOMAIN, OPEN_STATES, STATES, counted_complaint_sql
from .common import PORTAL_PASSWORD, ComplaintFixtures, ago

LINK = re.compile(r"/my/complaints/(\d+)\b(?!/)")


@tagged("post_install", "-at_install")
class TestRuleAgreement(ComplaintFixtures, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # two complaints of customer A in every state, in random order, and one of B
        states = [key for key, _label in STATES] * 2
        random.Random(25).shuffle(states)
        cls.complaints = cls.Complaint
        for index, state in enumerate(states):
            complaint = cls._complaint(subject="Rule %d" % index, received_date=ago(days=index + 1))
            cls.complaints |= complaint
            complaint.sudo()._workflow_write({"state": state})
        cls.other = cls._complaint(partner_id=cls.customer_b.id, contact_id=False, subject="Rule other")
        cls.env.flush_all()

    def ids_listed(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return {int(found) for found in LINK.findall(response.text)}

    def test_open_states_of_the_portal_and_of_a_complaint_agree(self):
        self.assertIs(portal.OPEN_STATES, OPEN_STATES)  # the portal's states are the model's
        # each complaint on its own: the states in which its SLA clocks run
        by_state = {c.id for c in self.complaints if c.state in c._sla_open_states}
        self.assertEqual(len(by_state), 2 * len(OPEN_STATES))
        self.assertFalse(any(c._sla_clock_running("response") or c._sla_clock_running("resolution")
                             for c in self.complaints if c.id not in by_state))
        # all of them at once: the portal's list "In progress" of the customer
        self.authenticate(self.portal_a.login, PORTAL_PASSWORD)
        listed = self.ids_listed("/my/complaints?filterby=open")
        self.assertEqual(listed & set(self.complaints.ids), by_state)
        self.assertNotIn(self.other.id, listed)
        # and the escalation cron's search (every open complaint of the database)
        cron_domain = [("state", "in", list(self.Complaint._sla_open_states)), ("id", "in", self.complaints.ids)]
        self.assertEqual(set(self.Complaint.search(cron_domain).ids), by_state)

    def test_counted_complaints_report_domain_and_record_agree(self):
        """A cancelled complaint is no complaint: the complaint report (SQL, every complaint
        at once), the ORM domain and each record's own test give the same complaints."""
        mine = self.complaints | self.other
        single = {c.id for c in mine if c.state != "cancelled"}
        self.assertEqual(len(mine) - len(single), 2)
        orm = set(self.Complaint.search(COUNTED_DOMAIN + [("id", "in", mine.ids)]).ids)
        report = set(self.env["logistics.complaint.report"].search([("complaint_id", "in", mine.ids)])
                     .mapped("complaint_id").ids)
        self.env.cr.execute("SELECT c.id FROM logistics_complaint c WHERE c.id IN %s AND " + counted_complaint_sql("c"),
                            [tuple(mine.ids)])
        sql = {row[0] for row in self.env.cr.fetchall()}
        self.assertEqual(orm, single)
        self.assertEqual(report, single)
        self.assertEqual(sql, single)

    def test_cancelled_complaint_makes_no_repeat(self):
        """The repeats (one complaint at a time) count the same complaints: a cancelled
        earlier complaint on the same problem makes no repeat, any other state does."""
        customer = self.customer_b
        for state, _label in STATES:
            earlier = self._complaint(partner_id=customer.id, contact_id=False, subject="Earlier %s" % state,
                                      received_date=ago(days=5))
            earlier.sudo()._workflow_write({"state": state})
            later = self._complaint(partner_id=customer.id, contact_id=False, subject="Later %s" % state,
                                    received_date=ago(days=2))
            self.assertEqual(later.is_repeat, state != "cancelled", state)
            self.assertEqual(bool(later.repeat_of_ids), state != "cancelled", state)
            (earlier | later).sudo()._workflow_write({"state": "cancelled"})
