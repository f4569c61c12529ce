from odoo.tests.common import TransactionCase

from .common import STATES


class TestComplaintDemo(TransactionCase):
    """The demo story: complaints in every state on the demo customers of logistics_crm, the
    demo portal user's company (Shanghai Huaxin Electronics) among them."""

    def test_demo_complaints(self):
        module = self.env["ir.module.module"].search([("name", "=", "logistics_complaints")])
        demo = self.env["logistics.complaint"].browse(self.env["ir.model.data"].search(
            [("module", "=", "logistics_complaints"), ("model", "=", "logistics.complaint")]).mapped("res_id"))
        if not module.demo:  # installed without demo data: none of it
            self.assertFalse(demo)
            return
        self.assertEqual(set(demo.mapped("state")), {key for key, _label in STATES})
        portal = self.env.ref("base.demo_user0")
        self.assertIn("Huaxin", portal.partner_id.commercial_partner_id.name)
        theirs = self.env["logistics.complaint"].with_user(portal).search([])
        self.assertTrue(theirs)
        self.assertTrue(theirs <= demo)
        self.assertIn("resolved", theirs.mapped("state"))  # the portal user can rate one
        self.assertTrue(demo.filtered(lambda c: c.sla_status == "breached" and c.state == "investigating"))

    def test_demo_complaints_in_chinese(self):
        """The demo's complaints read as the customers and the agents wrote them: in Chinese."""
        module = self.env["ir.module.module"].search([("name", "=", "logistics_complaints")])
        if not module.demo:
            return
        demo = self.env["logistics.complaint"].browse(self.env["ir.model.data"].search(
            [("module", "=", "logistics_complaints"), ("model", "=", "logistics.complaint")]).mapped("res_id"))
        self.assertIn("提单信息错误", demo.mapped("subject"))
        for complaint in demo:
            for text in (complaint.subject, complaint.description, complaint.cause_analysis,
                         complaint.corrective_action, complaint.resolution):
                if text:
                    self.assertRegex(str(text), r"[\u4e00-\u9fff]", complaint.subject)
