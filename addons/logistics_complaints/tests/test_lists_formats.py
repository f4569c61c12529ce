"""Issue 24, lists and formats: the approvers' complaint list (its columns, no "New"), the
reference whole in the lists, the partner's complaints smart button as Odoo's own."""
from lxml import etree

from odoo.tests.common import TransactionCase
from odoo.tools.safe_eval import safe_eval

from .common import ComplaintFixtures, workflow_to


def view_arch(env, model, view_type, view_id=False):
    return etree.fromstring(env[model].get_views([(view_id, view_type)])["views"][view_type]["arch"])


def default_columns(arch):
    return [node.get("name") for node in arch.iterchildren("field")
            if node.get("optional") != "hide" and node.get("column_invisible") not in ("1", "True", "true")]


class TestComplaintListsAndFormats(ComplaintFixtures, TransactionCase):

    def test_complaints_to_approve_list(self):
        action = self.env.ref("logistics_complaints.logistics_complaint_action_approval")
        context = safe_eval(action.context)
        self.assertIs(context.get("create"), False, "no New, in the list, the form and the kanban")
        self.assertEqual(context.get("search_default_filter_to_approve_by_me"), 1)
        self.assertEqual([view.view_mode for view in action.view_ids], ["list", "form", "kanban"])
        view = action.view_ids[0].view_id
        self.assertEqual(view, self.env.ref("logistics_complaints.logistics_complaint_view_list_approval"))
        arch = view_arch(self.env(user=self.service_manager), "logistics.complaint", "list", view.id)
        self.assertEqual(arch.get("create"), "false")
        shown = default_columns(arch)
        self.assertEqual(shown[:2], ["name", "partner_id"])
        self.assertLessEqual({"subject", "severity", "user_id", "resolution_deadline", "sla_status"}, set(shown))
        self.assertLessEqual(len(shown), 9, shown)
        # the state is the same for every row (pending approval): not a column by default
        self.assertNotIn("state", shown)
        complaint = workflow_to(self._complaint(), "pending_approval", self.service_manager)
        search = view_arch(self.env(user=self.service_manager), "logistics.complaint", "search")
        domain = safe_eval(search.find(".//filter[@name='filter_to_approve_by_me']").get("domain"))
        self.assertIn(complaint, self.Complaint.with_user(self.service_manager).search(domain))

    def test_reference_whole_in_the_lists(self):
        for view in ("logistics_complaints.logistics_complaint_view_tree",
                     "logistics_complaints.logistics_complaint_view_list_approval"):
            arch = view_arch(self.env(user=self.agent), "logistics.complaint", "list", self.env.ref(view).id)
            name = arch.find("field[@name='name']")
            self.assertTrue(name.get("width"), view)
            self.assertGreaterEqual(int(name.get("width").rstrip("px")), 130, "CMP/2026/00012 whole")

    def test_complaints_smart_button_number_and_short_label(self):
        arch = view_arch(self.env(user=self.agent), "res.partner", "form")
        button = arch.find(".//button[@name='action_view_complaints']")
        self.assertIsNotNone(button)
        fields = button.findall(".//field")
        self.assertEqual([(f.get("name"), f.get("widget")) for f in fields], [("complaint_open_count", "statinfo")])
        self.assertEqual(fields[0].get("string"), "Open complaints")
        self.assertFalse(button.findall(".//span"), "no line of counts that overflows the button")
        # the number is what the button opens: the customer's open complaints
        self._complaint()
        self._complaint().action_cancel(reason="Recorded twice")
        self.customer_a.invalidate_recordset()
        action = self.customer_a.action_view_complaints()
        opened = self.Complaint.search(action["domain"] + [("state", "not in", ("resolved", "closed", "cancelled"))])
        self.assertEqual(self.customer_a.complaint_open_count, 1)
        self.assertEqual(self.customer_a.complaint_open_count, len(opened))
        self.assertEqual(action["context"].get("search_default_filter_open"), 1)
