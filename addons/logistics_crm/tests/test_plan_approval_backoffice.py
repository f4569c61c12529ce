"""The approvers' to-do on account plans (an activity per Service Manager who may approve,
the *To approve by me* filter and menu), the approved plan's objectives in the form and the
order of the partner form's smart buttons."""
from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form
from odoo.tests.common import TransactionCase
from odoo.tools.safe_eval import safe_eval

from .common import LogisticsCrmCase

APPROVAL = "logistics_crm.mail_activity_plan_approval"
# the smart buttons of the suite, in the order the partner form shows them
SUITE_BUTTONS = ["action_view_visits", "action_view_account_plans", "action_view_complaints",
                 "action_view_shipments", "action_view_statements", "action_view_health_history",
                 "action_view_service_agreements", "action_business_review"]


class TestPlanApprovalBackoffice(LogisticsCrmCase, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.approval_type = cls.env.ref(APPROVAL)
        cls.Plan = cls.env["logistics.account.plan"]

    def plan(self, partner, user=None, creator=None, year=2026, half="h2"):
        user = user or partner.account_manager_id
        return self.Plan.with_user(creator or user).create({
            "partner_id": partner.id, "user_id": user.id, "year": year, "half": half,
            "objective_ids": [(0, 0, {"name": "Raise on-time arrival to 98%", "progress": 20})]})

    def activities(self, plan):
        return self.env["mail.activity"].search([
            ("res_model", "=", plan._name), ("res_id", "=", plan.id),
            ("activity_type_id", "=", self.approval_type.id)])

    def reject(self, plan, user, reason):
        action = plan.with_user(user).action_reject()
        wizard = self.env[action["res_model"]].with_user(user).with_context(**action["context"]).create(
            {"reason": reason})
        wizard.action_reject()

    # ------------------------------------------------------------------ activities
    def test_submission_gives_the_approvers_an_activity_closed_on_approval(self):
        plan = self.plan(self.customer("Nudged", manager=self.am1))
        self.assertFalse(self.activities(plan))
        plan.with_user(self.am1).action_submit()
        activities = self.activities(plan)
        approvers = activities.user_id
        self.assertEqual(len(activities), len(approvers), "one activity per approver")
        self.assertLessEqual(self.manager | self.manager2, approvers)
        self.assertNotIn(self.am1, approvers, "the plan's own manager does not approve it")
        self.assertNotIn(self.am2, approvers)
        self.assertNotIn(self.agent, approvers)
        self.assertTrue(all(u.has_group("logistics_crm.group_service_manager") for u in approvers))
        self.assertEqual(set(activities.mapped("create_uid")), {self.am1}, "scheduled by the submitter")
        self.assertEqual(activities[0].activity_type_id.name, "Approve account plan")

        plan.with_user(self.manager2).action_approve()
        self.assertEqual(plan.state, "approved")
        self.assertFalse(self.activities(plan), "every approver's activity is closed")
        done = plan.message_ids.filtered(lambda m: m.mail_activity_type_id == self.approval_type)
        self.assertEqual(done.author_id, self.manager2.partner_id, "the approver's activity is marked done")

    def test_own_plan_gives_its_owner_and_author_no_activity(self):
        # a Service Manager's own plan, written by another Service Manager for them
        plan = self.plan(self.customer("Own", manager=self.manager), user=self.manager, creator=self.manager2)
        plan.with_user(self.manager).action_submit()
        approvers = self.activities(plan).user_id
        self.assertTrue(approvers)
        self.assertNotIn(self.manager, approvers, "owner")
        self.assertNotIn(self.manager2, approvers, "author")
        with self.assertRaisesRollback(UserError):
            plan.with_user(self.manager2).action_approve()

    def test_rejection_withdraws_the_activities_and_resubmission_gives_them_again(self):
        plan = self.plan(self.customer("Rejected", manager=self.am1))
        plan.with_user(self.am1).action_submit()
        approvers = self.activities(plan).user_id
        self.reject(plan, self.manager, "Add the volume figures")
        self.assertEqual(plan.state, "rejected")
        self.assertFalse(self.activities(plan))
        plan.with_user(self.am1).action_draft()
        plan.with_user(self.am1).action_submit()
        again = self.activities(plan)
        self.assertEqual((again.user_id, len(again)), (approvers, len(approvers)))

    # ------------------------------------------------------------------ to approve by me
    def filter_domain(self, user):
        arch = self.Plan.with_user(user).get_views([(False, "search")])["views"]["search"]["arch"]
        node = etree.fromstring(arch).find(".//filter[@name='to_approve_by_me']")
        return None if node is None else safe_eval(node.get("domain"), {"uid": user.id})

    def test_to_approve_by_me_finds_exactly_what_the_user_may_approve(self):
        theirs = self.plan(self.customer("Theirs", manager=self.am1))
        own = self.plan(self.customer("Own plan", manager=self.manager), user=self.manager)
        written = self.plan(self.customer("Written for am2", manager=self.am2), user=self.am2,
                            creator=self.manager2)
        draft = self.plan(self.customer("Draft", manager=self.am1))
        approved = self.plan(self.customer("Done", manager=self.am2))
        for plan in (theirs, own, written, approved):
            plan.with_user(plan.user_id).action_submit()
        approved.with_user(self.manager).action_approve()
        ours = theirs | own | written | draft | approved

        for user in (self.manager, self.manager2):
            found = self.Plan.with_user(user).search(self.filter_domain(user)) & ours
            may_approve = self.Plan.browse()
            for plan in ours:
                try:
                    plan.with_user(user)._check_state("submitted")
                    plan.with_user(user)._check_approver()
                except UserError:
                    continue
                may_approve |= plan
            self.assertEqual(found, may_approve, user.login)
        self.assertEqual(self.Plan.with_user(self.manager).search(self.filter_domain(self.manager)) & ours,
                         theirs | written)
        self.assertEqual(self.Plan.with_user(self.manager2).search(self.filter_domain(self.manager2)) & ours,
                         theirs | own)
        # an account manager approves nothing: neither the filter nor the menu
        self.assertIsNone(self.filter_domain(self.am1))
        Menu = self.env["ir.ui.menu"]
        menu = self.env.ref("logistics_crm.menu_my_approvals_plans")
        self.assertEqual(menu.action, self.env.ref("logistics_crm.logistics_account_plan_action_approval"))
        self.assertEqual(safe_eval(menu.action.context).get("search_default_to_approve_by_me"), 1)
        self.assertIn(menu.id, Menu.with_user(self.manager)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.am1)._visible_menu_ids())

    # ------------------------------------------------------------------ approved plan form
    def test_approved_plan_objectives_are_fixed_in_the_form_progress_stays_editable(self):
        plan = self.plan(self.customer("Fixed", manager=self.am1))
        plan.with_user(self.am1).action_submit()
        plan.with_user(self.manager).action_approve()
        form_arch = etree.fromstring(
            self.Plan.with_user(self.am1).get_views([(False, "form")])["views"]["form"]["arch"])
        objectives = form_arch.find(".//field[@name='objective_ids']")
        options = safe_eval(objectives.get("options"))
        # the web client offers "Add a line" and the delete icon when the plan matches these
        for action in ("create", "delete"):
            self.assertFalse(plan.filtered_domain(options[action]), action)
            self.assertTrue(self.plan(self.customer("Draft %s" % action, manager=self.am1))
                            .filtered_domain(options[action]), action)
        with Form(plan.with_user(self.am1)) as form:
            with form.objective_ids.edit(0) as line:
                with self.assertRaises(AssertionError):  # the approved text is read-only
                    line.name = "Something else"
                line.progress = 60                          # the progress is reported
                line.status = "in_progress"
        self.assertEqual((plan.objective_ids.progress, plan.objective_ids.status), (60, "in_progress"))
        self.assertEqual(plan.state, "approved")

    # ------------------------------------------------------------------ partner form
    def test_partner_form_shows_the_suite_buttons_first(self):
        admin = self.env.ref("base.user_admin")
        arch = self.env["res.partner"].with_user(admin).get_views([(False, "form")])["views"]["form"]["arch"]
        box = etree.fromstring(arch).find(".//div[@name='button_box']")
        names = [button.get("name") for button in box.iter("button")]
        suite = [name for name in names if name in SUITE_BUTTONS]
        self.assertEqual(suite, [name for name in SUITE_BUTTONS if name in names], "in the suite's order")
        self.assertEqual(suite[:2], ["action_view_visits", "action_view_account_plans"])
        others = [name for name in names if name not in SUITE_BUTTONS]
        self.assertTrue(others, "Odoo's own buttons are there too")
        self.assertEqual(names[:len(suite)], suite, "the suite's buttons come before Odoo's")
