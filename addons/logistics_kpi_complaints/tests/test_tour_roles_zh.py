"""A role's working day in Chinese (issue 24): the Service Manager (客服经理), who approves
complaints and reads the service KPIs, and the portal customer (门户客户), who submits a
complaint and reads the statements and surveys (the screens of logistics_complaints and
logistics_kpi together)."""
from datetime import timedelta

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.logistics_crm.tests.tour_zh import ensure_zh_cn, read_chinese
from odoo.addons.logistics_kpi.tests.common import month_start

APPROVAL = "logistics_complaints.mail_activity_complaint_approval"
ADDONS = ("logistics_crm", "logistics_complaints", "logistics_kpi")


@tagged("post_install", "-at_install")
class TestServiceManagerDayZh(HttpCase):

    def test_service_manager_approves_the_measures_and_reads_the_kpis(self):
        env = self.env
        ensure_zh_cn(env, ADDONS)
        manager = read_chinese(env["res.users"].with_context(no_reset_password=True).create({
            "name": "陈静", "login": "chen.jing", "password": "chen.jing", "email": "chen.jing@example.com",
            "groups_id": [Command.set([env.ref("base.group_user").id,
                                       env.ref("logistics_crm.group_service_manager").id])]}))
        agent = read_chinese(env.ref("logistics_crm.user_service_agent"))
        customer = env["res.partner"].create({
            "name": "杭州顺达电子有限公司", "is_company": True, "customer_rank": 1,
            "account_manager_id": env.ref("logistics_crm.user_account_manager_wang").id})
        # last month's waybills: 4, the last one picked up 2 hours late
        env["ir.config_parameter"].sudo().set_param("logistics_kpi.dispatch_tolerance_minutes", "30")
        month = month_start(1)
        for day, late in enumerate((0, 10, 20, 120)):
            pickup = month + timedelta(days=day)
            env["logistics.shipment"].create({
                "name": "HZSD-%d" % day, "partner_id": customer.id,
                "pickup_planned": pickup, "pickup_actual": pickup + timedelta(minutes=late),
                "delivery_planned": pickup + timedelta(days=1), "delivery_actual": pickup + timedelta(days=1)})
        # the agent's complaint, its measures submitted for approval
        complaint = env["logistics.complaint"].with_user(agent).create({
            "partner_id": customer.id, "channel": "phone", "problem_type": "late_delivery",
            "subject": "货物延误两天", "shipment_ref": "HZSD-3"})
        complaint.action_acknowledge()
        complaint.action_investigate()
        complaint.write({"category": "operations", "cause_analysis": "分拣中心漏扫，货物滞留两天。",
                         "corrective_action": "分拣中心增加复核环节，向客户致歉。"})
        complaint.action_submit_approval()
        complaint = complaint.sudo()
        approval = env.ref(APPROVAL)
        todo = complaint.activity_ids.filtered(lambda a: a.activity_type_id == approval)
        self.assertIn(manager, todo.user_id, "the approval is in the manager's to-do")
        self.assertGreater(len(todo), 1, "every Service Manager has it (the admin too)")

        self.start_tour("/odoo", "logistics_service_manager_day_zh", login="chen.jing")

        self.assertEqual(complaint.state, "approved")
        self.assertEqual(complaint.approved_by_id, manager)
        self.assertFalse(complaint.activity_ids.filtered(lambda a: a.activity_type_id == approval),
                         "the approval is off every approver's to-do")
        done = complaint.message_ids.filtered(lambda m: m.mail_activity_type_id == approval)
        self.assertEqual(done.author_id, manager.partner_id, "his own activity is marked done, the others withdrawn")
        notes = complaint.message_ids.mapped("body")
        self.assertTrue(any("处理措施已批准" in body for body in notes), "the step is logged in Chinese")


@tagged("post_install", "-at_install")
class TestPortalCustomerDayZh(HttpCase):

    def test_portal_customer_submits_a_complaint_and_reads_statements_and_surveys(self):
        env = self.env
        ensure_zh_cn(env, ADDONS)
        portal = read_chinese(env.ref("base.demo_user0"))        # login portal / portal
        customer = env.ref("logistics_crm.demo_customer_01")
        self.assertEqual(portal.partner_id.parent_id, customer, "a contact of Shanghai Huaxin Electronics")
        self.assertTrue(portal.has_group("base.group_portal"))
        # what the tour reads: the statements sent to the company, a survey waiting for an answer
        self.assertTrue(env["logistics.customer.statement"].search([("partner_id", "=", customer.id),
                                                                     ("state", "=", "sent")]))
        self.assertTrue(env["survey.user_input"]._portal_open_invitations(portal.partner_id))
        Complaint = env["logistics.complaint"].sudo()
        before = Complaint.search([])

        self.start_tour("/my", "logistics_portal_customer_day_zh", login="portal")

        complaint = Complaint.search([]) - before
        self.assertEqual(len(complaint), 1)
        self.assertEqual(
            (complaint.partner_id, complaint.contact_id, complaint.channel, complaint.problem_type,
             complaint.shipment_ref, complaint.subject, complaint.state),
            (customer, portal.partner_id, "portal", "damage", "WB-ZH-PORTAL-01", "两托货物到仓时被压坏", "new"))
        self.assertIn("外箱严重变形", complaint.description)
        self.assertFalse(complaint.category, "the cause is the agent's finding")
