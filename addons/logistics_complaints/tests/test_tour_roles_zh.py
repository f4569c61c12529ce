"""A role's working day in Chinese (issue 24): the customer-service agent (客服专员)."""
from odoo.tests import HttpCase, tagged

from odoo.addons.logistics_crm.tests.tour_zh import ensure_zh_cn, read_chinese

APPROVAL = "logistics_complaints.mail_activity_complaint_approval"


@tagged("post_install", "-at_install")
class TestAgentDayZh(HttpCase):

    def test_agent_records_a_phone_complaint_and_submits_its_measures(self):
        ensure_zh_cn(self.env, ("logistics_crm", "logistics_complaints"))
        agent = read_chinese(self.env.ref("logistics_crm.user_service_agent"))   # 赵敏, zhao.min
        self.assertTrue(agent.has_group("logistics_crm.group_user"))
        self.assertFalse(agent.has_group("logistics_crm.group_account_manager"), "an agent, not a manager")
        customer = self.env.ref("logistics_crm.demo_customer_01")
        Complaint = self.env["logistics.complaint"].sudo()
        before = Complaint.search([])

        self.start_tour("/odoo", "logistics_complaints_agent_day_zh", login="zhao.min")

        complaint = Complaint.search([]) - before
        self.assertEqual(len(complaint), 1, "the agent recorded one complaint")
        self.assertEqual(
            (complaint.partner_id, complaint.channel, complaint.problem_type, complaint.shipment_ref,
             complaint.subject, complaint.category),
            (customer, "phone", "damage", "WB-ZH-2401", "托盘到货时被压坏", "operations"))
        self.assertEqual(complaint.create_uid, agent)
        self.assertEqual(complaint.state, "pending_approval")
        self.assertEqual(complaint.user_id, agent, "acknowledging made the agent responsible")
        self.assertTrue(complaint.acknowledged_date and complaint.first_response_date)
        self.assertLessEqual(complaint.first_response_date, complaint.response_deadline, "answered in time")
        self.assertEqual(complaint.cause_analysis, "装卸时未使用托盘护角，叉车操作不当。")
        self.assertEqual(complaint.corrective_action, "对装卸班组进行培训，破损货物按合同赔付。")
        # each Service Manager has the approval in their to-do, scheduled by the agent
        activities = complaint.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(APPROVAL))
        managers = self.env["res.users"].search([
            ("groups_id", "in", self.env.ref("logistics_crm.group_service_manager").id), ("share", "=", False)])
        self.assertTrue(activities)
        self.assertEqual(activities.user_id, managers)
        self.assertEqual(set(activities.mapped("create_uid")), {agent})
        # the steps are logged in the agent's language
        notes = complaint.message_ids.mapped("body")
        self.assertTrue(any("投诉已受理" in body for body in notes), notes)
