from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    service_agreement_count = fields.Integer("Agreements", compute="_compute_service_agreement_count",
                                             groups="base.group_user")

    def _compute_service_agreement_count(self):
        counts = dict(self.env["logistics.service.agreement"].sudo()._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        for partner in self:
            partner.service_agreement_count = counts.get(partner, 0)

    def action_view_service_agreements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "logistics_service_agreement.logistics_service_agreement_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_business_review(self):
        """Last quarter's business review pack of the customer (printed if new)."""
        self.ensure_one()
        return self.env["logistics.business.review"]._open_review(self.commercial_partner_id)
