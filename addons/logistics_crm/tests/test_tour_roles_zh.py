"""A role's working day in Chinese (issue 24): the account manager (客户经理)."""
from datetime import date

from odoo.tests import HttpCase, tagged

from ..tools import read_settings
from .tour_zh import ensure_zh_cn, read_chinese

PLAN_APPROVAL = "logistics_crm.mail_activity_plan_approval"


@tagged("post_install", "-at_install")
class TestAccountManagerDayZh(HttpCase):

    def test_account_manager_visits_his_key_account_and_submits_its_plan(self):
        ensure_zh_cn(self.env, ("logistics_crm",))
        manager = read_chinese(self.env.ref("logistics_crm.user_account_manager_wang"))   # 王强, wang.qiang
        customer = self.env.ref("logistics_crm.demo_customer_01")
        contact = self.env.ref("logistics_crm.demo_customer_01_contact")                 # 张伟
        self.env["res.partner"].compute_customer_tiers()    # the nightly run
        self.assertEqual((customer.account_manager_id, customer.customer_tier, customer.is_key_account),
                         (manager, "a", True), "his tier-A key account")
        previous_next_visit = customer.next_visit_date
        self.assertTrue(previous_next_visit)
        Visit = self.env["logistics.visit"].sudo()
        Plan = self.env["logistics.account.plan"].sudo()
        visits_before, plans_before = Visit.search([]), Plan.search([])
        today = date.today()
        coming = (today.year, "h2") if today.month <= 6 else (today.year + 1, "h1")
        self.assertFalse(Plan.search([("partner_id", "=", customer.id), ("year", "=", coming[0]),
                                      ("half", "=", coming[1])]), "no plan of the coming half-year yet")

        self.start_tour("/odoo", "logistics_crm_account_manager_day_zh", login="wang.qiang")

        # the visit he logged, done today, with the contact he met
        visit = Visit.search([]) - visits_before
        self.assertEqual(len(visit), 1)
        self.assertEqual((visit.partner_id, visit.user_id, visit.visit_type, visit.state, visit.satisfaction),
                         (customer, manager, "routine", "done", "5"))
        self.assertEqual(visit.contact_ids, contact)
        self.assertEqual(visit.outcome, "客户认可上月到货准时率，希望增加华南线路运力。")
        self.assertIn("例行拜访", visit.name, "named in his language")
        # the account's visit dates follow: the next visit is due one tier-A cadence after today's
        customer.invalidate_recordset()
        self.assertEqual(customer.last_visit_date, visit.date_start)
        cadence = read_settings(self.env)["visit_days_a"]
        self.assertEqual((customer.next_visit_date - visit.date_start.date()).days, cadence)
        self.assertGreater(customer.next_visit_date, previous_next_visit)

        # the plan of the coming half-year, submitted, in the approvers' to-do (never his own)
        plan = Plan.search([]) - plans_before
        self.assertEqual(len(plan), 1)
        self.assertEqual((plan.partner_id, plan.user_id, plan.create_uid, (plan.year, plan.half), plan.state),
                         (customer, manager, manager, coming, "submitted"))
        self.assertEqual(plan.objective_ids.mapped("name"), ["开通华南区域配送线路"])
        activities = plan.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(PLAN_APPROVAL))
        approvers = plan._approvers()
        self.assertTrue(approvers)
        self.assertNotIn(manager, approvers)
        self.assertEqual(activities.user_id, approvers, "each Service Manager has the approval to do")
