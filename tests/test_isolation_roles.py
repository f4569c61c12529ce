"""Isolation matrix of the internal roles against the README's promises (Security section).

Agents (customer-service users), the account managers of customers A and B and a Service
Manager, over every kind of record of both customers: whether each role reads (and finds
by search) each record is compared with what the README promises, and what each role may
change. Customer A's complaints: the first is assigned to agent 1, the second to agent 2
(so no complaint is in the unassigned queue); each customer has its own account manager.
"""
import logging

from isolation_common import COMPANIES, WorldCase

from odoo.exceptions import AccessError, UserError
from odoo.tests.common import TransactionCase, tagged

_logger = logging.getLogger(__name__)


def promised(role, label, key, index, world):
    """Whether ``role`` reads record ``index`` of ``label`` of customer ``key`` (README, Security)."""
    if role == "sm":
        return True  # Service Managers see everything
    own = role == "am_" + key  # the account manager of this customer
    if label == "complaint":
        # agents: the queue (unassigned), their own and those they follow; account managers also
        # their accounts' complaints
        assignee = world.agent if index == 0 else world.agent2
        return own or role == ("agent" if assignee == world.agent else "agent2")
    if label in ("visit", "plan"):
        return own  # agents: only visits they take part in (none here); plans: account managers
    if label in ("shipment", "statement_draft", "statement_sent", "kpi_row"):
        return own or role in ("agent", "agent2")  # agents read all; account managers their accounts
    if label in ("key_date", "team_row"):
        return True  # every employee reads them
    if label == "tier_history":
        return role.startswith("am_")  # account managers and Service Managers
    if label in ("invitation", "answer_line"):
        return False  # Service Managers only
    raise KeyError(label)


LABELS = ("complaint", "visit", "plan", "shipment", "statement_draft", "statement_sent", "kpi_row", "key_date",
          "team_row", "tier_history", "invitation", "answer_line")


@tagged("post_install", "-at_install")
class TestIsolationRoles(WorldCase, TransactionCase):

    def _roles(self):
        world = self.world
        return {"agent": world.agent, "agent2": world.agent2, "am_A": world.am["A"], "am_B": world.am["B"],
                "sm": world.manager}

    def _reads(self, records):
        try:
            records.check_access("read")
            # (not display_name: an invitation's is its survey's title, which needs Survey rights)
            records.read([name for name in ("create_date", "partner_id") if name in records._fields])
        except AccessError as exc:
            self.refusals.append(str(exc).splitlines()[0])
            return False
        return True

    def _finds(self, records):
        try:
            return set(records.search([("id", "in", records.ids)]).ids) == set(records.ids)
        except AccessError:
            return False

    def test_internal_roles_see_what_the_readme_promises(self):
        world = self.world
        self.refusals = []
        cases, wrong = 0, []
        for role, user in self._roles().items():
            for key in COMPANIES:
                records = world.records(key)
                for label in LABELS:
                    for index, record in enumerate(records[label]):
                        expected = promised(role, label, key, index, world)
                        mine = record.with_user(user)
                        for how, seen in (("reads", self._reads(mine)), ("finds", self._finds(mine))):
                            cases += 1
                            if seen != expected:
                                wrong.append("%s %s %s %s#%d: %s, README says %s %s" % (
                                    role, how, key, label, record.id, seen, expected, self.refusals[-1:]))
                            self.env.invalidate_all()
        print("isolation matrix internal roles: %d cases tried, %d differ from the README" % (cases, len(wrong)))
        self.assertGreaterEqual(cases, 340, "the matrix shrank")
        _logger.info("isolation matrix internal roles: %d cases, %d differ", cases, len(wrong))
        self.assertFalse(wrong, "\n".join(wrong))

    def test_account_managers_change_their_own_accounts_only(self):
        world = self.world
        am_a = world.am["A"]
        for label, field, value in (("key_date", "name", "Renamed"), ("team_row", "note", "Renamed"),
                                    ("visit", "agenda", "Renamed"), ("plan", "name", None)):
            own = world.records("A")[label].with_user(am_a)
            theirs = world.records("B")[label].with_user(am_a)
            if value is not None:
                own.write({field: value})
            with self.assertRaises(AccessError, msg=label):
                with self.env.cr.savepoint():
                    theirs.write({field: value or "x"})
        # nobody but a Service Manager hands a customer to an account manager
        for customer in (world.customer["A"], world.customer["B"]):
            with self.assertRaises(UserError):  # AccessError and ValidationError are UserErrors
                with self.env.cr.savepoint():
                    customer.with_user(am_a).write({"account_manager_id": am_a.id if customer == world.customer["B"]
                                                    else world.am["B"].id})
        world.customer["B"].with_user(world.manager).write({"account_manager_id": am_a.id})
        self.assertTrue(self._reads(world.plans["B"].with_user(am_a)))

    def test_agents_change_no_complaint_of_another_agent(self):
        world = self.world
        theirs = world.complaints["A"][1].with_user(world.agent)  # assigned to agent 2
        with self.assertRaises(AccessError):
            with self.env.cr.savepoint():
                theirs.write({"subject": "Taken over"})
        mine = world.complaints["A"][0].with_user(world.agent)
        mine.write({"department": "Depot 9"})
        self.assertEqual(world.complaints["A"][0].department, "Depot 9")
        # agents read the internal fields of the complaints they see, customers never (test_isolation_rpc)
        self.assertEqual(mine.cause_analysis, "ZZCAUSEA")
