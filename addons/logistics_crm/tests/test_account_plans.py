from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import SavepointCase

from .common import LogisticsCrmCase, click


class TestAccountPlans(LogisticsCrmCase, SavepointCase):

    def plan(self, partner, user=None, **values):
        user = user or partner.account_manager_id
        values = dict({"year": 2026, "half": "h2",
                       "objective_ids": [(0, 0, {"name": "Raise on-time arrival to 98%", "progress": 50})]},
                      partner_id=partner.id, user_id=user.id, **values)
        return self.env["logistics.account.plan"].sudo(user).create(values)

    def test_workflow_and_rights(self):
        customer = self.customer("Planned", manager=self.am1)
        plan = self.plan(customer)
        self.assertEqual(plan.date_start, "2026-07-01")
        self.assertEqual(plan.date_end, "2026-12-31")
        self.assertEqual(plan.state, "draft")
        plan.action_submit()
        self.assertEqual(plan.state, "submitted")
        with self.assertRaisesRollback(UserError):       # account managers do not approve
            plan.sudo(self.am1).action_approve()
        with self.assertRaisesRollback(UserError):       # reject needs a reason
            plan.sudo(self.manager).action_reject()
        plan.sudo(self.manager).action_reject("Add figures")
        self.assertEqual((plan.state, plan.reject_reason), ("rejected", "Add figures"))
        plan.action_draft()
        plan.action_submit()
        self.assertFalse(plan.reject_reason)
        plan.sudo(self.manager).action_approve()
        self.assertEqual(plan.state, "approved")
        self.assertEqual(plan.approved_by_id, self.manager)

    def test_reject_button_of_the_form(self):
        # the button passes the context where a reason may be given: the reason
        # written in the form's field is the one kept
        plan = self.plan(self.customer("Rejected by button", manager=self.am1))
        plan.action_submit()
        as_manager = plan.sudo(self.manager)
        with self.assertRaisesRollback(UserError):
            click(as_manager, "action_reject")
        as_manager.reject_reason = "No objective for damage"
        click(as_manager, "action_reject")
        self.assertEqual((plan.state, plan.reject_reason), ("rejected", "No objective for damage"))
        with self.assertRaisesRollback(UserError):       # nothing to approve twice
            plan.sudo(self.manager2).action_approve()

    def test_nobody_approves_own_plan(self):
        customer = self.customer("Own", manager=self.manager)
        plan = self.plan(customer, user=self.manager)
        plan.action_submit()
        with self.assertRaisesRollback(UserError):
            plan.sudo(self.manager).action_approve()
        plan.sudo(self.manager2).action_approve()
        self.assertEqual(plan.state, "approved")

    def test_submit_needs_objectives(self):
        customer = self.customer("Empty")
        plan = self.plan(customer)
        plan.objective_ids.unlink()
        with self.assertRaisesRollback(UserError):
            plan.action_submit()

    def test_overlapping_period_refused(self):
        customer = self.customer("Overlap")
        self.plan(customer)
        with self.assertRaisesRollback(ValidationError):
            self.plan(customer)
        # a rejected plan does not block a new one
        other = self.customer("Overlap 2")
        first = self.plan(other)
        first.action_submit()
        first.sudo(self.manager).action_reject("Redo")
        self.assertTrue(self.plan(other))

    def test_progress_and_bad_progress(self):
        customer = self.customer("Progress")
        plan = self.plan(customer)
        plan.write({"objective_ids": [(0, 0, {"name": "Second", "progress": 100})]})
        self.assertAlmostEqual(plan.progress, 75.0)
        with self.assertRaisesRollback(ValidationError):
            plan.objective_ids[0].progress = 120

    def test_plan_missing_flag(self):
        key = self.customer("Key", customer_tier="a")
        self.assertTrue(key.is_key_account)
        self.assertTrue(key.plan_missing)
        Plan = self.env["logistics.account.plan"]
        start, end = Plan._half_year_bounds(__import__("datetime").date.today())
        today_year, half = int(start[:4]), "h1" if start[5:7] == "01" else "h2"
        plan = self.plan(key, year=today_year, half=half)
        plan.action_submit()
        plan.sudo(self.manager).action_approve()
        key.invalidate_cache()
        self.assertFalse(key.plan_missing)
        self.assertNotIn(key, self.env["res.partner"].search([("plan_missing", "=", True)]))

    def test_workflow_fields_not_written_directly(self):
        customer = self.customer("Bypass", manager=self.am1)
        plan = self.plan(customer)
        as_am = plan.sudo(self.am1)
        # draft -> approved, skipping submission and approval
        with self.assertRaisesRollback(UserError):
            as_am.write({"state": "approved"})
        plan.action_submit()
        # submitted -> approved by the plan's own account manager
        for values in ({"state": "approved"},
                       {"approved_by_id": self.manager.id},
                       {"approved_date": "2026-07-01 08:00:00"},
                       {"state": "draft"}):
            with self.assertRaisesRollback(UserError, msg=values):
                as_am.write(values)
        plan.invalidate_cache()
        self.assertEqual((plan.state, plan.approved_by_id, plan.approved_date), ("submitted", self.am1.browse(), False))
        # not even a Service Manager skips the buttons (only internal code, as superuser)
        with self.assertRaisesRollback(UserError):
            plan.sudo(self.manager).write({"state": "approved"})
        with self.assertRaisesRollback(UserError):
            plan.sudo(self.manager).with_context(logistics_workflow=True).write({"state": "approved"})
        # nor creates a plan approved already
        with self.assertRaisesRollback(UserError):
            self.plan(self.customer("Born approved"), state="approved")
        with self.assertRaisesRollback(UserError):
            self.plan(self.customer("Born approved 2"), approved_by_id=self.manager.id)
        # a no-op value and the other fields stay writable
        as_am.write({"state": "submitted", "strategy": "<p>Monthly KPI review</p>"})
        self.assertEqual(plan.state, "submitted")
        # the buttons still work
        plan.sudo(self.manager).action_approve()
        plan.invalidate_cache()
        self.assertEqual((plan.state, plan.approved_by_id), ("approved", self.manager))
        self.assertTrue(plan.approved_date)
        with self.assertRaisesRollback(UserError):
            as_am.write({"state": "draft"})
        self.assertEqual(plan.state, "approved")
        self.assertTrue(self.plan(self.customer("Draft ok"), state="draft"))
