from odoo import fields, models


class LogisticsTeamDashboard(models.Model):
    _inherit = "logistics.team.dashboard"

    health_at_risk_count = fields.Integer("Accounts at risk", compute="_compute_health_counts")
    health_watch_count = fields.Integer("Accounts to watch", compute="_compute_health_counts")

    def _compute_health_counts(self):
        counts = {}
        if self.ids:
            domain = [("account_manager_id", "in", self.mapped("user_id").ids), ("lifecycle", "!=", "lost")]
            for risk in ("at_risk", "watch"):   # the risk is not a stored column: one count each
                for manager, count in self.env["res.partner"]._read_group(
                        domain + [("health_risk", "=", risk)], ["account_manager_id"], ["__count"]):
                    counts[manager.id, risk] = count
        for row in self:
            row.health_at_risk_count = counts.get((row.user_id.id, "at_risk"), 0)
            row.health_watch_count = counts.get((row.user_id.id, "watch"), 0)

    def action_view_accounts_at_risk(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "logistics_customer_health.action_accounts_at_risk")
        action["domain"] = [("account_manager_id", "in", self.mapped("user_id").ids)]
        return action
