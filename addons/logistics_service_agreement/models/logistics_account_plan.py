from odoo import fields, models


class LogisticsAccountPlan(models.Model):
    _inherit = "logistics.account.plan"

    review_count = fields.Integer("Reviews", compute="_compute_review_count")

    def _compute_review_count(self):
        counts = dict(self.env["logistics.business.review"]._read_group(
            [("plan_id", "in", self.ids)], ["plan_id"], ["__count"]))
        for plan in self:
            plan.review_count = counts.get(plan, 0)

    def action_business_review(self):
        """Last quarter's business review pack of the plan's customer (printed if new)."""
        self.ensure_one()
        return self.env["logistics.business.review"]._open_review(self.partner_id)

    def action_view_reviews(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "logistics_service_agreement.logistics_business_review_action")
        action["domain"] = [("partner_id", "=", self.partner_id.id)]
        return action
