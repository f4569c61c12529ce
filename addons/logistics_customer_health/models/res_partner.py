from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .logistics_health_score import RISKS

# internal: employees only (portal users have RPC too)
EMPLOYEES = "base.group_user"


class ResPartner(models.Model):
    _inherit = "res.partner"

    health_score = fields.Integer(
        "Health score", readonly=True, copy=False, groups=EMPLOYEES,
        help="0-100, scored weekly from the customer's own trends: shipment volume, on-time "
             "dispatch and arrival, damage and documents, complaints, satisfaction and NPS, "
             "overdue visits, invoiced revenue (recent weeks vs the weeks before).")
    health_risk = fields.Selection(RISKS, string="Health risk", readonly=True, copy=False, index=True,
                                   groups=EMPLOYEES)
    health_reason = fields.Text("Why", readonly=True, copy=False, groups=EMPLOYEES)
    # the week of the customer's last history row: not written on every partner each week
    health_date = fields.Date("Health scored for the week of", compute="_compute_health_date",
                              search="_search_health_date", groups=EMPLOYEES)
    health_score_ids = fields.One2many("logistics.health.score", "partner_id", string="Health history",
                                       readonly=True, groups=EMPLOYEES)
    health_lost_survey_id = fields.Many2one(
        "survey.user_input", string="Lost-customer survey", compute="_compute_health_lost_survey_id",
        groups=EMPLOYEES, help="The last answer of the customer to the lost-customer survey campaign.")

    def _compute_health_date(self):
        dates = {}
        if self.ids:
            self.env["logistics.health.score"].flush_model(["partner_id", "date"])
            self.env.cr.execute("""
                SELECT partner_id, MAX(date) FROM logistics_health_score
                 WHERE partner_id = ANY(%s) GROUP BY partner_id""", [list(self.ids)])
            dates = dict(self.env.cr.fetchall())
        for partner in self:
            partner.health_date = dates.get(partner.id, False)

    def _search_health_date(self, operator, value):
        if operator in ("=", "!=") and not value:
            return [("health_score_ids", "=" if operator == "=" else "!=", False)]
        if operator not in ("=", "!=", "<", "<=", ">", ">="):
            raise UserError(_("Unsupported search on the health date: %(operator)s", operator=operator))
        self.env["logistics.health.score"].flush_model(["partner_id", "date"])
        self.env.cr.execute(SQL(
            "SELECT partner_id FROM logistics_health_score GROUP BY partner_id HAVING MAX(date) %s %s",
            SQL(operator), fields.Date.to_date(value)))
        return [("id", "in", [row[0] for row in self.env.cr.fetchall()])]

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
