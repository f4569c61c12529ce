from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase

from .common import LogisticsCrmCase


class TestRecordRules(LogisticsCrmCase, SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestRecordRules, cls).setUpClass()
        cls.customer1 = cls.customer("Customer One", manager=cls.am1)
        cls.customer2 = cls.customer("Customer Two", manager=cls.am2)
        start = fields.Datetime.to_string(datetime.now() + timedelta(days=2))
        Visit = cls.env["logistics.visit"]
        cls.visit1 = Visit.create({"partner_id": cls.customer1.id, "user_id": cls.am1.id, "date_start": start})
        cls.visit2 = Visit.create({"partner_id": cls.customer2.id, "user_id": cls.am2.id, "date_start": start,
                                   "participant_ids": [(6, 0, [cls.agent.id])]})
        Plan = cls.env["logistics.account.plan"]
        objective = [(0, 0, {"name": "Grow"})]
        cls.plan1 = Plan.create({"partner_id": cls.customer1.id, "user_id": cls.am1.id, "year": 2026,
                                 "half": "h2", "objective_ids": objective})
        cls.plan2 = Plan.create({"partner_id": cls.customer2.id, "user_id": cls.am2.id, "year": 2026,
                                 "half": "h2", "objective_ids": objective})
        cls.visits = cls.visit1 | cls.visit2
        cls.plans = cls.plan1 | cls.plan2

    def test_account_manager_sees_own_accounts(self):
        Visit = self.env["logistics.visit"].sudo(self.am1)
        self.assertEqual(Visit.search([("id", "in", self.visits.ids)]), self.visit1.sudo(self.am1))
        Plan = self.env["logistics.account.plan"].sudo(self.am1)
        self.assertEqual(Plan.search([("id", "in", self.plans.ids)]).ids, self.plan1.ids)
        with self.assertRaisesRollback(AccessError):
            self.visit2.sudo(self.am1).read(["name"])
        with self.assertRaisesRollback(AccessError):
            self.plan2.sudo(self.am1).write({"strategy": "<p>mine</p>"})
        self.plan1.sudo(self.am1).write({"strategy": "<p>ours</p>"})

    def test_account_managers_do_not_assign_accounts(self):
        # taking over another's customer would open its visits and plans
        with self.assertRaisesRollback(AccessError):
            self.customer2.sudo(self.am1).write({"account_manager_id": self.am1.id})
        with self.assertRaisesRollback(AccessError):
            self.customer1.sudo(self.am1).write({"account_manager_id": self.am2.id})
        self.customer1.sudo(self.am1).write({"account_manager_id": self.am1.id, "comment": "same manager"})
        self.customer1.sudo(self.manager).write({"account_manager_id": self.am2.id})
        self.assertEqual(self.customer1.account_manager_id, self.am2)
        # a new customer of one's own
        own = self.env["res.partner"].sudo(self.am1).create(
            {"name": "Found by am1", "is_company": True, "customer": True, "account_manager_id": self.am1.id})
        self.assertEqual(own.account_manager_id, self.am1)

    def test_account_team_and_key_dates_changed_by_the_account_manager(self):
        Team = self.env["logistics.account.team.member"]
        with self.assertRaisesRollback(AccessError):
            Team.sudo(self.am1).create({"partner_id": self.customer2.id, "user_id": self.am1.id, "role": "sales"})
        mine = Team.sudo(self.am1).create({"partner_id": self.customer1.id, "user_id": self.agent.id,
                                           "role": "sales"})
        self.assertEqual(self.customer1.account_team_ids, mine)
        theirs = Team.sudo(self.manager).create({"partner_id": self.customer2.id, "user_id": self.agent.id,
                                                 "role": "sales"})
        self.assertEqual(theirs.sudo(self.am1).read(["role"])[0]["role"], "sales")  # read by all
        with self.assertRaisesRollback(AccessError):
            theirs.sudo(self.am1).unlink()
        KeyDate = self.env["logistics.partner.key.date"]
        with self.assertRaisesRollback(AccessError):
            KeyDate.sudo(self.am1).create({"partner_id": self.customer2.id, "name": "Founding day",
                                           "date": "2010-05-01"})
        KeyDate.sudo(self.am1).create({"partner_id": self.customer1.id, "name": "Founding day", "date": "2010-05-01"})

    def test_account_team_member_sees_the_account(self):
        self.env["logistics.account.team.member"].create({
            "partner_id": self.customer2.id, "user_id": self.am1.id, "role": "operations"})
        Visit = self.env["logistics.visit"].sudo(self.am1)
        self.assertEqual(set(Visit.search([("id", "in", self.visits.ids)]).ids), set(self.visits.ids))

    def test_service_manager_sees_everything(self):
        Visit = self.env["logistics.visit"].sudo(self.manager)
        self.assertEqual(set(Visit.search([("id", "in", self.visits.ids)]).ids), set(self.visits.ids))
        Plan = self.env["logistics.account.plan"].sudo(self.manager)
        self.assertEqual(set(Plan.search([("id", "in", self.plans.ids)]).ids), set(self.plans.ids))

    def test_agent_sees_visits_taken_part_in_and_no_plans(self):
        Visit = self.env["logistics.visit"].sudo(self.agent)
        self.assertEqual(Visit.search([("id", "in", self.visits.ids)]).ids, self.visit2.ids)
        with self.assertRaisesRollback(AccessError):
            self.visit2.sudo(self.agent).write({"agenda": "changed"})
        with self.assertRaisesRollback(AccessError):
            self.env["logistics.account.plan"].sudo(self.agent).search([])

    def test_objectives_follow_their_plan(self):
        Objective = self.env["logistics.account.plan.objective"].sudo(self.am1)
        ids = (self.plan1 | self.plan2).mapped("objective_ids").ids
        self.assertEqual(Objective.search([("id", "in", ids)]).ids, self.plan1.objective_ids.ids)

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "Other Logistics Co"})
        self.manager.write({"company_ids": [(4, other.id)]})
        visit = self.env["logistics.visit"].create({
            "partner_id": self.customer1.id, "user_id": self.am1.id, "company_id": other.id,
            "date_start": fields.Datetime.now()})
        Visit = self.env["logistics.visit"].sudo(self.manager)
        self.assertNotIn(visit.id, Visit.search([]).ids)
        self.manager.company_id = other
        self.assertIn(visit.id, self.env["logistics.visit"].sudo(self.manager).search([]).ids)

    def test_tier_override_only_for_service_managers(self):
        with self.assertRaisesRollback(AccessError):
            self.customer1.sudo(self.am1).write({"tier_locked": True, "customer_tier": "a",
                                                 "tier_lock_reason": "mine"})
        self.customer1.sudo(self.manager).write({"tier_locked": True, "customer_tier": "a",
                                                 "tier_lock_reason": "Port authority"})
        self.assertEqual(self.customer1.customer_tier, "a")
        # account managers still edit the rest of their account's profile
        self.customer1.sudo(self.am1).write({"cooperation_depth": "strategic"})
