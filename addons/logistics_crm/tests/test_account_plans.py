from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form
from odoo.tests.common import TransactionCase

from .common import LogisticsCrmCase, click


class TestAccountPlans(LogisticsCrmCase, TransactionCase):

    def plan(self, partner, user=None, **values):
        user = user or partner.account_manager_id
        values = dict({"year": 2026, "half": "h2",
                       "objective_ids": [(0, 0, {"name": "Raise on-time arrival to 98%", "progress": 50})]},
                      partner_id=partner.id, user_id=user.id, **values)
        return self.env["logistics.account.plan"].with_user(user).create(values)

    def reject(self, plan, reason):
        """Reject as the form does: the button, then the reason in the wizard."""
        action = plan.action_reject()
        wizard = plan.env[action["res_model"]].with_context(**action["context"]).create({"reason": reason})
        return wizard.action_reject()

    def test_workflow_and_rights(self):
        customer = self.customer("Planned", manager=self.am1)
        plan = self.plan(customer)
        self.assertEqual(plan.date_start, date(2026, 7, 1))
        self.assertEqual(plan.date_end, date(2026, 12, 31))
        self.assertEqual(plan.state, "draft")
        plan.action_submit()
        self.assertEqual(plan.state, "submitted")
        with self.assertRaisesRollback(UserError):       # account managers do not approve
            plan.with_user(self.am1).action_approve()
        with self.assertRaisesRollback(UserError):       # reject needs a reason
            self.reject(plan.with_user(self.manager), "  ")
        self.reject(plan.with_user(self.manager), "Add figures")
        self.assertEqual((plan.state, plan.reject_reason), ("rejected", "Add figures"))
        plan.action_draft()
        plan.action_submit()
        self.assertFalse(plan.reject_reason)
        plan.with_user(self.manager).action_approve()
        self.assertEqual(plan.state, "approved")
        self.assertEqual(plan.approved_by_id, self.manager)

    def test_reject_button_of_the_form(self):
        # the button asks for the reason in a wizard, as Odoo asks for a lost reason
        plan = self.plan(self.customer("Rejected by button", manager=self.am1))
        plan.action_submit()
        as_manager = plan.with_user(self.manager)
        action = click(as_manager, "action_reject")
        self.assertEqual((action["res_model"], action["target"]), ("logistics.plan.reject.wizard", "new"))
        self.assertEqual(plan.state, "submitted")         # nothing happens before the reason
        with self.assertRaisesRollback(UserError):       # not by the plan's own manager
            click(plan.with_user(self.am1), "action_reject")
        wizard = Form(self.env[action["res_model"]].with_user(self.manager).with_context(**action["context"]))
        wizard.reason = "No objective for damage"
        wizard.save().action_reject()
        self.assertEqual((plan.state, plan.reject_reason), ("rejected", "No objective for damage"))
        # the reason is no argument of the button any more: RPC callers use the wizard too
        with self.assertRaises(TypeError):
            as_manager.action_reject("sneaked in")
        with self.assertRaisesRollback(UserError):       # nothing to approve twice
            plan.with_user(self.manager2).action_approve()

    def test_nobody_approves_own_plan(self):
        customer = self.customer("Own", manager=self.manager)
        plan = self.plan(customer, user=self.manager)
        plan.action_submit()
        with self.assertRaisesRollback(UserError):
            plan.with_user(self.manager).action_approve()
        plan.with_user(self.manager2).action_approve()
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
        self.reject(first.with_user(self.manager), "Redo")
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
        start, end = Plan._half_year_bounds(date.today())
        today_year, half = start.year, "h1" if start.month == 1 else "h2"
        plan = self.plan(key, year=today_year, half=half)
        plan.action_submit()
        plan.with_user(self.manager).action_approve()
        self.env.invalidate_all()
        self.assertFalse(key.plan_missing)
        self.assertNotIn(key, self.env["res.partner"].search([("plan_missing", "=", True)]))

    def test_workflow_fields_not_written_directly(self):
        customer = self.customer("Bypass", manager=self.am1)
        plan = self.plan(customer)
        as_am = plan.with_user(self.am1)
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
        plan.invalidate_recordset()
        self.assertEqual((plan.state, plan.approved_by_id, plan.approved_date), ("submitted", self.am1.browse(), False))
        # not even a Service Manager skips the buttons (only internal code, as superuser)
        with self.assertRaisesRollback(UserError):
            plan.with_user(self.manager).write({"state": "approved"})
        with self.assertRaisesRollback(UserError):
            plan.with_user(self.manager).with_context(logistics_workflow=True).write({"state": "approved"})
        # nor creates a plan approved already
        with self.assertRaisesRollback(UserError):
            self.plan(self.customer("Born approved"), state="approved")
        with self.assertRaisesRollback(UserError):
            self.plan(self.customer("Born approved 2"), approved_by_id=self.manager.id)
        # a no-op value and the other fields stay writable
        as_am.write({"state": "submitted", "strategy": "<p>Monthly KPI review</p>"})
        self.assertEqual(plan.state, "submitted")
        # the buttons still work
        plan.with_user(self.manager).action_approve()
        plan.invalidate_recordset()
        self.assertEqual((plan.state, plan.approved_by_id), ("approved", self.manager))
        self.assertTrue(plan.approved_date)
        with self.assertRaisesRollback(UserError):
            as_am.write({"state": "draft"})
        self.assertEqual(plan.state, "approved")
        self.assertTrue(self.plan(self.customer("Draft ok"), state="draft"))

    def test_approved_plan_changes_need_approval_again(self):
        customer = self.customer("Approved content", manager=self.am1)
        plan = self.plan(customer, strategy="<p>Monthly KPI review</p>")
        plan.action_submit()
        plan.with_user(self.manager).action_approve()
        as_am = plan.with_user(self.am1)
        other = self.customer("Another account", manager=self.am1)
        for values in ({"strategy": "<p>Something else</p>"}, {"year": 2027}, {"half": "h1"},
                       {"partner_id": other.id}, {"situation": "<p>new</p>"}, {"challenges": "<p>new</p>"}):
            with self.assertRaisesRollback(UserError, msg=values):
                as_am.write(values)
        objective = plan.objective_ids[0]
        with self.assertRaisesRollback(UserError):
            objective.with_user(self.am1).write({"name": "A smaller objective"})
        with self.assertRaisesRollback(UserError):
            as_am.write({"objective_ids": [(0, 0, {"name": "Unapproved objective"})]})
        with self.assertRaisesRollback(UserError):
            objective.with_user(self.am1).unlink()
        # reporting progress is what an approved plan is for
        objective.with_user(self.am1).write({"progress": 80, "status": "in_progress"})
        self.assertEqual((plan.state, plan.progress), ("approved", 80))
        # Revise: back to draft, changed, approved again
        as_am.action_revise()
        self.assertEqual((plan.state, plan.approved_by_id, plan.approved_date), ("draft", self.am1.browse(), False))
        as_am.write({"strategy": "<p>Weekly KPI review</p>"})
        as_am.action_submit()
        plan.with_user(self.manager).action_approve()
        self.assertEqual(plan.state, "approved")
        self.assertIn("Weekly", plan.strategy)

    def test_trusted_code_not_a_user_id(self):
        # the interactive administrator goes through the buttons like everybody
        admin = self.env.ref("base.user_admin")
        admin.write({"groups_id": [(4, self.env.ref("logistics_crm.group_service_manager").id)]})
        plan = self.plan(self.customer("Admin bypass", manager=self.am1))
        plan.action_submit()
        with self.assertRaisesRollback(UserError):
            plan.with_user(admin).write({"state": "approved"})
        # trusted code is an environment in superuser mode, whoever the user is
        plan.with_user(self.am1).sudo().write({"state": "approved"})
        self.assertEqual(plan.state, "approved")
