from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import TransactionCase

from .common import LogisticsCrmCase, create_portal_user


class TestRecordRules(LogisticsCrmCase, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer1 = cls.customer("Customer One", manager=cls.am1)
        cls.customer2 = cls.customer("Customer Two", manager=cls.am2)
        start = fields.Datetime.now() + timedelta(days=2)
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
        Visit = self.env["logistics.visit"].with_user(self.am1)
        self.assertEqual(Visit.search([("id", "in", self.visits.ids)]), self.visit1.with_user(self.am1))
        Plan = self.env["logistics.account.plan"].with_user(self.am1)
        self.assertEqual(Plan.search([("id", "in", self.plans.ids)]).ids, self.plan1.ids)
        with self.assertRaisesRollback(AccessError):
            self.visit2.with_user(self.am1).read(["name"])
        with self.assertRaisesRollback(AccessError):
            self.plan2.with_user(self.am1).write({"strategy": "<p>mine</p>"})
        self.plan1.with_user(self.am1).write({"strategy": "<p>ours</p>"})

    def test_account_managers_do_not_assign_accounts(self):
        # taking over another's customer would open its visits and plans
        with self.assertRaisesRollback(AccessError):
            self.customer2.with_user(self.am1).write({"account_manager_id": self.am1.id})
        with self.assertRaisesRollback(AccessError):
            self.customer1.with_user(self.am1).write({"account_manager_id": self.am2.id})
        self.customer1.with_user(self.am1).write({"account_manager_id": self.am1.id, "comment": "same manager"})
        self.customer1.with_user(self.manager).write({"account_manager_id": self.am2.id})
        self.assertEqual(self.customer1.account_manager_id, self.am2)
        # a new customer of one's own
        own = self.env["res.partner"].with_user(self.am1).create(
            {"name": "Found by am1", "is_company": True, "customer_rank": 1, "account_manager_id": self.am1.id})
        self.assertEqual(own.account_manager_id, self.am1)

    def test_account_team_and_key_dates_changed_by_the_account_manager(self):
        Team = self.env["logistics.account.team.member"]
        with self.assertRaisesRollback(AccessError):
            Team.with_user(self.am1).create({"partner_id": self.customer2.id, "user_id": self.am1.id, "role": "sales"})
        mine = Team.with_user(self.am1).create({"partner_id": self.customer1.id, "user_id": self.agent.id,
                                           "role": "sales"})
        self.assertEqual(self.customer1.account_team_ids, mine)
        theirs = Team.with_user(self.manager).create({"partner_id": self.customer2.id, "user_id": self.agent.id,
                                                 "role": "sales"})
        self.assertEqual(theirs.with_user(self.am1).read(["role"])[0]["role"], "sales")  # read by all
        with self.assertRaisesRollback(AccessError):
            theirs.with_user(self.am1).unlink()
        KeyDate = self.env["logistics.partner.key.date"]
        with self.assertRaisesRollback(AccessError):
            KeyDate.with_user(self.am1).create({"partner_id": self.customer2.id, "name": "Founding day",
                                           "date": "2010-05-01"})
        KeyDate.with_user(self.am1).create(
            {"partner_id": self.customer1.id, "name": "Founding day", "date": "2010-05-01"})

    def test_account_team_member_sees_the_account(self):
        self.env["logistics.account.team.member"].create({
            "partner_id": self.customer2.id, "user_id": self.am1.id, "role": "operations"})
        Visit = self.env["logistics.visit"].with_user(self.am1)
        self.assertEqual(set(Visit.search([("id", "in", self.visits.ids)]).ids), set(self.visits.ids))

    def test_service_manager_sees_everything(self):
        Visit = self.env["logistics.visit"].with_user(self.manager)
        self.assertEqual(set(Visit.search([("id", "in", self.visits.ids)]).ids), set(self.visits.ids))
        Plan = self.env["logistics.account.plan"].with_user(self.manager)
        self.assertEqual(set(Plan.search([("id", "in", self.plans.ids)]).ids), set(self.plans.ids))

    def test_agent_sees_visits_taken_part_in_and_no_plans(self):
        Visit = self.env["logistics.visit"].with_user(self.agent)
        self.assertEqual(Visit.search([("id", "in", self.visits.ids)]).ids, self.visit2.ids)
        with self.assertRaisesRollback(AccessError):
            self.visit2.with_user(self.agent).write({"agenda": "changed"})
        with self.assertRaisesRollback(AccessError):
            self.env["logistics.account.plan"].with_user(self.agent).search([])

    def test_objectives_follow_their_plan(self):
        Objective = self.env["logistics.account.plan.objective"].with_user(self.am1)
        ids = (self.plan1 | self.plan2).mapped("objective_ids").ids
        self.assertEqual(Objective.search([("id", "in", ids)]).ids, self.plan1.objective_ids.ids)

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "Other Logistics Co"})
        self.manager.write({"company_ids": [(4, other.id)]})
        visit = self.env["logistics.visit"].create({
            "partner_id": self.customer1.id, "user_id": self.am1.id, "company_id": other.id,
            "date_start": fields.Datetime.now()})
        Visit = self.env["logistics.visit"].with_user(self.manager)
        main = self.env.company
        # the companies selected in the web client (allowed_company_ids)
        self.assertNotIn(visit.id, Visit.with_context(allowed_company_ids=[main.id]).search([]).ids)
        self.assertIn(visit.id, Visit.with_context(allowed_company_ids=[other.id, main.id]).search([]).ids)
        # a user of the main company only never sees it
        self.assertNotIn(visit.id, self.env["logistics.visit"].with_user(self.am1).search([]).ids)
        Plan = self.env["logistics.account.plan"]
        plan = Plan.create({"partner_id": self.customer1.id, "user_id": self.am1.id, "company_id": other.id,
                            "year": 2027, "half": "h1", "objective_ids": [(0, 0, {"name": "Grow"})]})
        self.assertNotIn(plan.id, Plan.with_user(self.manager).with_context(
            allowed_company_ids=[main.id]).search([]).ids)
        self.assertIn(plan.id, Plan.with_user(self.manager).with_context(
            allowed_company_ids=[other.id]).search([]).ids)

    def test_tier_override_only_for_service_managers(self):
        with self.assertRaisesRollback(AccessError):
            self.customer1.with_user(self.am1).write({"tier_locked": True, "customer_tier": "a",
                                                 "tier_lock_reason": "mine"})
        self.customer1.with_user(self.manager).write({"tier_locked": True, "customer_tier": "a",
                                                 "tier_lock_reason": "Port authority"})
        self.assertEqual(self.customer1.customer_tier, "a")
        # account managers still edit the rest of their account's profile
        self.customer1.with_user(self.am1).write({"cooperation_depth": "strategic"})

    def test_team_rows_and_key_dates_stay_on_their_account(self):
        # the takeover: a team row on one's own account, then moved to another's
        Team = self.env["logistics.account.team.member"].with_user(self.am1)
        mine = Team.create({"partner_id": self.customer1.id, "user_id": self.am1.id, "role": "operations"})
        with self.assertRaisesRollback(UserError):
            mine.write({"partner_id": self.customer2.id})
        self.assertEqual(mine.partner_id, self.customer1)
        Visit = self.env["logistics.visit"].with_user(self.am1)
        self.assertNotIn(self.visit2.id, Visit.search([("id", "in", self.visits.ids)]).ids)
        with self.assertRaisesRollback(AccessError):
            self.plan2.with_user(self.am1).read(["name"])
        # not even a Service Manager moves rows: the team of the other account gets its own
        with self.assertRaisesRollback(UserError):
            mine.with_user(self.manager).write({"partner_id": self.customer2.id})
        mine.write({"role": "sales", "partner_id": self.customer1.id})   # same account: fine
        KeyDate = self.env["logistics.partner.key.date"].with_user(self.am1)
        key_date = KeyDate.create({"partner_id": self.customer1.id, "name": "Founding day", "date": "2010-05-01"})
        with self.assertRaisesRollback(UserError):
            key_date.write({"partner_id": self.customer2.id})
        self.assertEqual(key_date.partner_id, self.customer1)


class TestPortalFields(LogisticsCrmCase, TransactionCase):
    """Internal key-account data is for employees only, whatever the route."""

    INTERNAL = ["customer_tier", "tier_computed", "tier_locked", "tier_lock_reason", "is_key_account",
                "contribution_12m", "contribution_share", "contribution_cumulative_share", "contribution_rank",
                "credit_rating", "account_manager_id", "lifecycle", "lost_reason_id", "key_account_scope",
                "industry_influence", "next_visit_date", "account_team_ids", "tier_history_ids"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.customer("Portal Company", manager=cls.am1, customer_tier="a", credit_rating="aa",
                                   key_account_scope="national")
        cls.portal = create_portal_user(cls.env, cls.company, login="portal.fields.test")

    def test_portal_user_reads_no_internal_field(self):
        Partner = self.env["res.partner"].with_user(self.portal)
        own = Partner.browse(self.company.id)
        self.assertEqual(own.read(["name"])[0]["name"], "Portal Company")   # their company, yes
        for name in self.INTERNAL:
            with self.assertRaisesRollback(AccessError, msg=name):
                own.read([name])
            with self.assertRaisesRollback(AccessError, msg=name):
                Partner.search_read([("id", "=", own.id)], [name])
        with self.assertRaisesRollback(AccessError):
            Partner.search([("customer_tier", "=", "a")])
        # the fields a portal client can ask for leave them out
        self.assertFalse(set(self.INTERNAL) & set(Partner.fields_get()))
        # employees read them
        employee = self.company.with_user(self.agent).read(["customer_tier", "credit_rating"])[0]
        self.assertEqual((employee["customer_tier"], employee["credit_rating"]), ("a", "aa"))
