from dateutil.relativedelta import relativedelta

from odoo import _, fields, models
from odoo.exceptions import UserError

from ..settings import company_today


class ResPartner(models.Model):
    _inherit = "res.partner"

    survey_contact_id = fields.Many2one(
        "res.partner", string="Survey contact", domain="[('parent_id', '=', id)]",
        help="The contact who receives the satisfaction surveys (the company itself if empty).")
    statement_contact_id = fields.Many2one(
        "res.partner", string="Statement contact", domain="[('parent_id', '=', id)]",
        help="The contact who receives the monthly statement (the company itself if empty).")
    survey_opt_out = fields.Boolean(
        "No satisfaction surveys", help="The customer asked not to receive satisfaction surveys.")
    statement_opt_in = fields.Boolean(
        "Monthly statement", help="Mail the monthly service statement (key accounts always get it).")
    shipment_ids = fields.One2many("logistics.shipment", "partner_id", string="Shipments")
    shipment_count = fields.Integer(compute="_compute_kpi_counts")
    statement_ids = fields.One2many("logistics.customer.statement", "partner_id", string="Statements")
    statement_count = fields.Integer(compute="_compute_kpi_counts")
    satisfaction_index = fields.Float(
        compute="_compute_satisfaction", digits=(5, 1), search="_search_satisfaction",
        help="AHP-weighted satisfaction index (0-100) of the last 12 months' survey answers.")
    nps = fields.Float("NPS", compute="_compute_satisfaction", digits=(5, 1), search="_search_satisfaction",
                       help="Net promoter score of the last 12 months (promoters % minus detractors %).")
    kpi_missing = fields.Char(
        "KPIs without data", compute="_compute_satisfaction",
        help="The satisfaction index and NPS without an answer in the last 12 months: shown as –, not 0.")

    def _account_profile_fields(self):
        return super()._account_profile_fields() | {
            "survey_opt_out", "statement_opt_in", "survey_contact_id", "statement_contact_id"}

    def _search_satisfaction(self, operator, value):
        raise UserError(_("The satisfaction index and the NPS are computed from twelve months of answers and "
                          "cannot be searched: filter the KPI report by them instead."))

    def _compute_kpi_counts(self):
        for field, model in (("shipment_count", "logistics.shipment"),
                             ("statement_count", "logistics.customer.statement")):
            counts = {}
            if self.env[model].has_access("read"):
                counts = {partner.id: count for partner, count in self.env[model]._read_group(
                    [("partner_id", "in", self.ids)], ["partner_id"], ["__count"])}
            for partner in self:
                partner[field] = counts.get(partner.id, 0)

    def _compute_satisfaction(self):
        today = company_today(self.env)
        scores = self.env["logistics.satisfaction.criterion"]._satisfaction_scores(
            self.mapped("commercial_partner_id").ids, today - relativedelta(months=12), today)
        for partner in self:
            index, nps = scores.get(partner.commercial_partner_id.id, (None, None))
            partner.satisfaction_index = index or 0.0
            partner.nps = nps or 0.0
            partner.kpi_missing = " ".join(name for name, value in (("satisfaction_index", index), ("nps", nps))
                                           if value is None)

    def action_view_shipments(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("logistics_kpi.logistics_shipment_action")
        action["domain"] = [("partner_id", "child_of", self.ids)]
        action["context"] = {"default_partner_id": self[:1].id}
        return action

    def action_view_statements(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("logistics_kpi.logistics_customer_statement_action")
        action["domain"] = [("partner_id", "in", self.ids)]
        return action
