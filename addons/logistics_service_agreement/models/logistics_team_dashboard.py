from dateutil.relativedelta import relativedelta

from odoo import fields, models

from odoo.addons.logistics_kpi.settings import company_today


class LogisticsTeamDashboard(models.Model):
    _inherit = "logistics.team.dashboard"

    agreement_month = fields.Date("Agreement month", compute="_compute_agreement_kpis",
                                  help="The last full month, whose KPIs are compared with the agreements.")
    agreement_kpi_count = fields.Integer("Agreed KPIs (last month)", compute="_compute_agreement_kpis")
    agreement_kpi_met_count = fields.Integer("Agreed KPIs met", compute="_compute_agreement_kpis")
    agreement_kpi_missed_count = fields.Integer("Agreed KPIs missed", compute="_compute_agreement_kpis")
    agreement_met_rate = fields.Float("Agreed KPIs met %", compute="_compute_agreement_kpis")
    agreement_worst_margin = fields.Float(
        "Worst miss", compute="_compute_agreement_kpis",
        help="The largest miss of last month (points of %, or shipments per 1,000), 0 if none.")

    def _compute_agreement_kpis(self):
        month = company_today(self.env).replace(day=1) - relativedelta(months=1)
        data = self.env["logistics.agreement.kpi.report"].sudo()._read_group(
            [("month", "=", month), ("account_manager_id", "in", self.user_id.ids)],
            ["account_manager_id", "met"], ["__count", "margin:min"])
        per_user = {}
        for user, met, count, worst in data:
            entry = per_user.setdefault(user.id, {"met": 0, "missed": 0, "worst": 0.0})
            entry["met" if met else "missed"] += count
            if not met:
                entry["worst"] = min(entry["worst"], worst or 0.0)
        for line in self:
            entry = per_user.get(line.user_id.id, {"met": 0, "missed": 0, "worst": 0.0})
            total = entry["met"] + entry["missed"]
            line.agreement_month = month
            line.agreement_kpi_count = total
            line.agreement_kpi_met_count = entry["met"]
            line.agreement_kpi_missed_count = entry["missed"]
            line.agreement_met_rate = 100.0 * entry["met"] / total if total else 0.0
            line.agreement_worst_margin = entry["worst"]

    def action_view_agreement_kpis(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "logistics_service_agreement.logistics_agreement_kpi_report_action")
        action["domain"] = [("account_manager_id", "=", self.user_id.id)]
        action["context"] = {"search_default_last_month": 1}
        return action
