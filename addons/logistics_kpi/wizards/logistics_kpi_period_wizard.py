from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import _, fields, models
from odoo.exceptions import UserError

from odoo.addons.logistics_crm.tools import format_month

KPIS = ["shipment_count", "dispatch_on_time_rate", "arrival_on_time_rate",
        "document_accuracy_rate", "accident_rate", "damage_rate", "complaint_rate",
        "satisfaction_index", "nps"]


class LogisticsKpiPeriodWizard(models.TransientModel):
    """Quarterly or annual service report: volume trend by region, peak and
    off-season months, regional comparison, accuracy, on-time and accident rates."""

    _name = "logistics.kpi.period.wizard"
    _description = "Quarterly / annual KPI report"

    year = fields.Integer(required=True, default=lambda self: (
        fields.Date.context_today(self) - relativedelta(months=3)).year)
    period = fields.Selection([("q1", "Q1"), ("q2", "Q2"), ("q3", "Q3"), ("q4", "Q4"), ("year", "Full year")],
                              required=True, default="year")
    partner_id = fields.Many2one("res.partner", string="Customer", domain=[("is_company", "=", True)],
                                 help="Leave empty for all customers.")

    def _date_range(self):
        self.ensure_one()
        if not 2000 <= self.year <= 2100:
            raise UserError(_("Enter a year between 2000 and 2100."))
        if self.period == "year":
            start = date(self.year, 1, 1)
            return start, start + relativedelta(years=1)
        start = date(self.year, 3 * (int(self.period[1]) - 1) + 1, 1)
        return start, start + relativedelta(months=3)

    def _domain(self):
        start, end = self._date_range()
        domain = [("month", ">=", start), ("month", "<", end)]
        if self.partner_id:
            domain.append(("partner_id", "=", self.partner_id.id))
        return domain

    def _report_data(self):
        """Everything the PDF shows, from the KPI report (weighted rates)."""
        self.ensure_one()
        Report = self.env["logistics.kpi.report"]
        domain = self._domain()
        total = Report.read_group(domain, KPIS, [], lazy=False)
        by_month = Report.read_group(domain, KPIS, ["month:month"], orderby="month", lazy=False)
        by_region = Report.read_group(domain + [("shipment_count", ">", 0)], KPIS, ["region_id"], lazy=False)
        region_month = Report.read_group(domain + [("shipment_count", ">", 0)], ["shipment_count"],
                                         ["region_id", "month:month"], lazy=False)
        months = [m for m in by_month if m.get("shipment_count")]
        average = (sum(m["shipment_count"] for m in months) / len(months)) if months else 0
        for month in by_month:
            # the month as its reader writes it (2026年11月, November 2026); alone in a year's chart (11月, Nov)
            day = ((month.get("__range") or {}).get("month:month") or {}).get("from")
            month["label"] = format_month(self.env, day) if day else month["month:month"]
            month["short_label"] = format_month(self.env, day, skeleton="MMM") if day else month["month:month"]
            count = month.get("shipment_count") or 0
            month["season"] = (_("Peak") if average and count >= 1.15 * average else
                               _("Off-season") if average and count <= 0.85 * average else _("Normal"))
        trend = {}
        for group in region_month:
            region = group["region_id"] and group["region_id"][1] or _("No region")
            trend.setdefault(region, []).append((group["month:month"], group["shipment_count"]))
        start, end = self._date_range()
        return {
            "title": self.period == "year" and _("Annual service report %(year)s", year=self.year)
            or _("Quarterly service report %(year)s %(quarter)s", year=self.year, quarter=self.period.upper()),
            "start": start, "end": end - relativedelta(days=1),
            "customer": self.partner_id.display_name or _("All customers"),
            "total": total and total[0] or {},
            "months": by_month,
            "regions": sorted(by_region, key=lambda g: -(g.get("shipment_count") or 0)),
            "trend": sorted(trend.items()),
            "peak": months and max(months, key=lambda m: m["shipment_count"])["label"] or "",
            "low": months and min(months, key=lambda m: m["shipment_count"])["label"] or "",
        }

    @staticmethod
    def _format_rate(value, pattern="%.1f"):
        """A rate of the PDF: – without data (read_group gives False), not 0.0, as the monthly statement."""
        return "–" if value is False or value is None else pattern % value

    def action_print(self):
        self.ensure_one()
        return self.env.ref("logistics_kpi.action_report_kpi_period").report_action(self)

    def action_open_pivot(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("logistics_kpi.logistics_kpi_report_action_period")
        action["domain"] = self._domain()
        return action
