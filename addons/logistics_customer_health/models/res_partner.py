from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .logistics_health_score import RISKS

# internal: customer service only (neither portal users, who have RPC too, nor employees
# without a customer-service role)
EMPLOYEES = "logistics_crm.group_user"


class ResPartner(models.Model):
    _inherit = "res.partner"

    # the customer's last history row (the weekly run writes nothing on res_partner)
    health_score = fields.Integer(
        "Health score", compute="_compute_health", search="_search_health_score", groups=EMPLOYEES,
        help="0-100, scored weekly from the customer's own trends: shipment volume, on-time "
             "dispatch and arrival, damage and documents, complaints, satisfaction and NPS, "
             "overdue visits, invoiced revenue (recent weeks vs the weeks before).")
    health_risk = fields.Selection(RISKS, string="Health risk", compute="_compute_health",
                                   search="_search_health_risk", groups=EMPLOYEES)
    # its own compute: the risk counted on a dashboard does not word every reason
    health_reason = fields.Text("Why", compute="_compute_health_reason", groups=EMPLOYEES)
    health_date = fields.Date("Health scored for the week of", compute="_compute_health",
                              search="_search_health_date", groups=EMPLOYEES)
    health_score_ids = fields.One2many("logistics.health.score", "partner_id", string="Health history",
                                       readonly=True, groups=EMPLOYEES)
    health_lost_survey_id = fields.Many2one(
        "survey.user_input", string="Lost-customer survey", compute="_compute_health_lost_survey_id",
        groups=EMPLOYEES, help="The last answer of the customer to the lost-customer survey campaign.")

    def _health_last_sql(self, columns):
        """Rows (partner_id, *columns) of these partners' last history rows."""
        scores = self.env["logistics.health.score"]
        if not self.ids:
            return []
        scores.flush_model(["partner_id", "date", "score", "risk"])
        self.env.cr.execute(SQL("SELECT partner_id, %s FROM logistics_health_score WHERE id IN %s",
                                SQL(", ").join(SQL.identifier(c) for c in columns),
                                scores._latest_sql(SQL("h.partner_id = ANY(%s)", list(self.ids)))))
        return self.env.cr.fetchall()

    def _compute_health(self):
        last = {partner_id: values for partner_id, *values in self._health_last_sql(["score", "risk", "date"])}
        for partner in self:
            partner.health_score, partner.health_risk, partner.health_date = last.get(partner.id, (0, False, False))

    @api.depends_context("lang")
    def _compute_health_reason(self):
        last = dict(self._health_last_sql(["id"]))
        rows = self.env["logistics.health.score"].sudo().browse(list(last.values()))
        reasons = {row.id: row.reason for row in rows}
        for partner in self:
            partner.health_reason = reasons.get(last.get(partner.id), False)

    def _search_health_last(self, where):
        """Domain: the customers whose last history row matches ``where`` (SQL on h)."""
        scores = self.env["logistics.health.score"]
        scores.flush_model(["partner_id", "date", "score", "risk"])
        return [("id", "in", scores._latest_sql(where, column="partner_id"))]

    def _search_health_risk(self, operator, value):
        if operator in ("=", "!=") and not value:
            return [("health_score_ids", "=" if operator == "=" else "!=", False)]
        if operator in ("=", "!="):
            value = [value]
        elif operator not in ("in", "not in"):
            raise UserError(_("Unsupported search on the health risk: %(operator)s", operator=operator))
        risks = [risk for risk in value if risk]
        domain = self._search_health_last(SQL("h.risk = ANY(%s)", risks))
        if operator in ("!=", "not in"):
            domain = ["!"] + domain
        if len(risks) < len(value):   # False among the values: never scored
            domain = ["|" if operator in ("=", "in") else "&", *domain,
                      ("health_score_ids", "=" if operator in ("=", "in") else "!=", False)]
        return domain

    def _search_health_score(self, operator, value):
        if operator not in ("=", "!=", "<", "<=", ">", ">=") or isinstance(value, bool):
            raise UserError(_("Unsupported search on the health score: %(operator)s", operator=operator))
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise UserError(_("The health score searched must be a number: %(value)s", value=value)) from None
        return self._search_health_last(SQL("h.score %s %s", SQL(operator), value))

    def _search_health_date(self, operator, value):
        if operator in ("=", "!=") and not value:
            return [("health_score_ids", "=" if operator == "=" else "!=", False)]
        if operator not in ("=", "!=", "<", "<=", ">", ">="):
            raise UserError(_("Unsupported search on the health date: %(operator)s", operator=operator))
        try:
            value = fields.Date.to_date(value)
        except (TypeError, ValueError):
            raise UserError(_("The health date searched must be a date: %(value)s", value=value)) from None
        return self._search_health_last(SQL("h.date %s %s", SQL(operator), value))

    def _compute_health_lost_survey_id(self):
        answers = {}
        if self.ids and self.env["survey.user_input"].has_access("read"):
            for answer in self.env["survey.user_input"].search(
                    [("customer_id", "in", self.ids), ("campaign_id.kind", "=", "lost_customer")],
                    order="create_date desc, id desc"):
                answers.setdefault(answer.customer_id.id, answer)
        for partner in self:
            partner.health_lost_survey_id = answers.get(partner.id, False)

    def action_compute_health(self):
        """Score these customers now for this week (account and Service Managers)."""
        if not self.env.su and not self.env.user.has_group("logistics_crm.group_account_manager"):
            raise AccessError(_("Only account managers and Service Managers can rescore customer health."))
        self.check_access("read")
        self.env["logistics.health.engine"].sudo()._run(partners=self.sudo().commercial_partner_id)
        return True

    def action_view_health_history(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("logistics_customer_health.action_health_score")
        action["domain"] = [("partner_id", "in", self.ids)]
        action["context"] = {"graph_groupbys": ["date:week"]}
        return action
