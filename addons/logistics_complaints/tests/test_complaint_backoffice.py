"""The back office's screens: the kanban by state, the SLA at the top of the form and the
approvers' to-do (an activity per Service Manager, the *To approve by me* filter and menu)."""
from lxml import etree

from odoo.tests.common import TransactionCase
from odoo.tools.safe_eval import safe_eval

from .common import STATES, ComplaintFixtures, make_user, workflow_to

APPROVAL = "logistics_complaints.mail_activity_complaint_approval"


class TestComplaintBackoffice(ComplaintFixtures, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service_manager2 = make_user(cls.env, "cmp.sm2", ["base.group_user",
                                                              "logistics_crm.group_service_manager"])
        cls.approval_type = cls.env.ref(APPROVAL)

    def _at(self, state):
        complaint = self._complaint(env=self.env(user=self.agent), user_id=self.agent.id)
        return workflow_to(complaint.with_user(self.agent), state, self.service_manager)

    def _approval_activities(self, complaint):
        return self.env["mail.activity"].search([
            ("res_model", "=", "logistics.complaint"), ("res_id", "=", complaint.id),
            ("activity_type_id", "=", self.approval_type.id)])

    def _reject(self, complaint, user, reason):
        """Reject as the form does: the button opens the reason wizard, which rejects."""
        action = complaint.with_user(user).with_context(reason_action="reject").action_open_reason_wizard()
        wizard = self.env[action["res_model"]].with_user(user).with_context(**action["context"]).create(
            {"reason": reason})
        wizard.action_confirm()

    # ------------------------------------------------------------------ kanban
    def test_kanban_has_every_state_in_workflow_order_cancelled_folded(self):
        new = self._complaint()
        pending = self._at("pending_approval")
        Complaint = self.Complaint.with_user(self.agent)
        domain = [("id", "in", (new | pending).ids)]
        groups = Complaint.web_read_group(domain, ["state"], ["state"])["groups"]
        self.assertEqual([g["state"] for g in groups], [key for key, _label in STATES],
                         "one column per state, empty ones included, in workflow order")
        self.assertEqual(
            ["new", "acknowledged", "investigating", "pending_approval", "approved", "resolved", "closed"],
            [key for key, _label in STATES][:7])
        counts = {g["state"]: g["state_count"] for g in groups}
        self.assertEqual(counts, {"new": 1, "acknowledged": 0, "investigating": 0, "pending_approval": 1,
                                  "approved": 0, "resolved": 0, "closed": 0, "cancelled": 0})
        folded = [g["state"] for g in groups if g.get("__fold")]
        self.assertEqual(folded, ["cancelled"])
        # the kanban is grouped by state by default
        kanban = etree.fromstring(Complaint.get_views([(False, "kanban")])["views"]["kanban"]["arch"])
        self.assertEqual(kanban.get("default_group_by"), "state")
        # pivots and reports (eager read_group) keep only the states that have complaints
        eager = Complaint.read_group(domain, ["state"], ["state"], lazy=False)
        self.assertEqual(sorted(g["state"] for g in eager), ["new", "pending_approval"])

    def test_deadlines_and_sla_on_the_kanban_card_and_the_form_top(self):
        kanban = etree.fromstring(
            self.Complaint.with_user(self.agent).get_views([(False, "kanban")])["views"]["kanban"]["arch"])
        card = kanban.find(".//t[@t-name='card']")
        card_fields = {node.get("name") for node in card.iter("field")}
        self.assertLessEqual({"response_deadline", "resolution_deadline"}, card_fields)
        self.assertIn("record.sla_status.raw_value", etree.tostring(card, encoding="unicode"))
        form = etree.fromstring(
            self.Complaint.with_user(self.agent).get_views([(False, "form")])["views"]["form"]["arch"])
        summary = form.find(".//div[@name='sla_summary']")
        self.assertIsNotNone(summary, "the SLA summary is in the form")
        self.assertLessEqual({"sla_status", "response_deadline", "resolution_deadline"},
                             {node.get("name") for node in summary.iter("field")})
        sheet = form.find(".//sheet")
        children = list(sheet)
        self.assertLess(children.index(summary), children.index(sheet.find("notebook")),
                        "above the tabs, under the title")

    def test_a_late_resolution_stays_red_on_the_card(self):
        """A complaint resolved after its deadline is no success: its card shows the breach, not a
        green tick (screenshot finding)."""
        complaint = self._at("acknowledged")
        self._move_clock(complaint, complaint.resolution_time_allowed + 5)
        complaint.action_investigate()
        complaint.write({"cause_analysis": "Cause", "corrective_action": "Measure", "resolution": "Done"})
        complaint.action_submit_approval()
        complaint.with_user(self.service_manager).action_approve()
        complaint.action_resolve()
        self.assertEqual((complaint.state, complaint.resolution_sla_status, complaint.sla_status),
                         ("resolved", "breached", "breached"))
        card = etree.tostring(etree.fromstring(
            self.Complaint.with_user(self.agent).get_views([(False, "kanban")])["views"]["kanban"]["arch"]
        ).find(".//t[@t-name='card']"), encoding="unicode")
        self.assertIn("record.resolved_date.raw_value ? (record.resolution_sla_status.raw_value == 'breached' ? "
                      "'fa-exclamation-circle text-danger' : 'fa-check text-success')", card)
        self.assertIn("record.sla_status.raw_value == 'breached'", card)

    # ------------------------------------------------------------------ approval activities
    def test_submission_gives_each_service_manager_an_activity_closed_on_approval(self):
        complaint = self._at("pending_approval")
        activities = self._approval_activities(complaint)
        approvers = activities.user_id
        self.assertEqual(len(activities), len(approvers), "one activity per approver")
        self.assertLessEqual(self.service_manager | self.service_manager2, approvers)
        self.assertNotIn(self.agent, approvers)
        self.assertNotIn(self.account_manager, approvers)
        self.assertTrue(all(u.has_group("logistics_crm.group_service_manager") for u in approvers))
        self.assertEqual(set(activities.mapped("create_uid")), {self.agent}, "scheduled by the submitter")
        # the approver sees it as their own to-do on the complaint
        mine = complaint.with_user(self.service_manager2).activity_ids.filtered(
            lambda a: a.user_id == self.service_manager2)
        self.assertEqual(mine.activity_type_id, self.approval_type)

        complaint.with_user(self.service_manager2).action_approve()
        self.assertEqual(complaint.state, "approved")
        self.assertFalse(self._approval_activities(complaint), "every approver's activity is closed")
        done = complaint.message_ids.filtered(lambda m: m.mail_activity_type_id == self.approval_type)
        self.assertEqual(done.author_id, self.service_manager2.partner_id,
                         "the approver's own activity is marked done in the chatter")

        # changed measures go back to approval: the approvers get it again, once each
        complaint.with_user(self.agent).write({"corrective_action": "Another measure"})
        self.assertEqual(complaint.state, "pending_approval")
        again = self._approval_activities(complaint)
        self.assertEqual(again.user_id, approvers)
        self.assertEqual(len(again), len(approvers))

    def test_rejection_and_cancellation_withdraw_the_activities(self):
        complaint = self._at("pending_approval")
        self.assertTrue(self._approval_activities(complaint))
        self._reject(complaint, self.service_manager, "The measures do not address the cause")
        self.assertEqual(complaint.state, "investigating")
        self.assertFalse(self._approval_activities(complaint))
        complaint.with_user(self.agent).action_submit_approval()
        self.assertTrue(self._approval_activities(complaint))
        complaint.with_user(self.agent).action_cancel("Customer withdrew the complaint")
        self.assertEqual(complaint.state, "cancelled")
        self.assertFalse(self._approval_activities(complaint))

    # ------------------------------------------------------------------ to approve by me
    def _filter_domain(self, user, name):
        arch = self.Complaint.with_user(user).get_views([(False, "search")])["views"]["search"]["arch"]
        node = etree.fromstring(arch).find(".//filter[@name='%s']" % name)
        return None if node is None else safe_eval(node.get("domain"), {"uid": user.id})

    def test_to_approve_by_me_filter_and_menu(self):
        pending = self._at("pending_approval") | self._at("pending_approval")
        self._at("investigating")
        self._at("approved")
        domain = self._filter_domain(self.service_manager, "filter_to_approve_by_me")
        found = self.Complaint.with_user(self.service_manager).search(domain)
        self.assertEqual(found, found.filtered(lambda c: c.state == "pending_approval"))
        self.assertLessEqual(pending, found)
        self.assertEqual(found, self.Complaint.search([("state", "=", "pending_approval")]),
                         "a Service Manager may approve every pending complaint")
        # who may not approve has neither the filter nor the menu
        self.assertIsNone(self._filter_domain(self.agent, "filter_to_approve_by_me"))
        menu = self.env.ref("logistics_complaints.menu_complaint_approval")
        self.assertEqual(menu.parent_id, self.env.ref("logistics_crm.menu_my_approvals"))
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.service_manager)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.agent)._visible_menu_ids())
        action = self.env.ref("logistics_complaints.logistics_complaint_action_approval")
        self.assertEqual(safe_eval(action.context).get("search_default_filter_to_approve_by_me"), 1)
