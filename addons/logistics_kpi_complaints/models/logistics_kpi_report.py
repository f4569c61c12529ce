from odoo import models

from odoo.addons.logistics_kpi.models.logistics_satisfaction_criterion import month_sql


class LogisticsKpiReport(models.Model):
    _inherit = "logistics.kpi.report"

    def _complaint_sql(self):
        """Complaints per customer company and month received (company's time zone)."""
        if self.env.context.get("logistics_kpi_without_complaints"):
            return super()._complaint_sql()
        return """
            SELECT p.commercial_partner_id AS partner_id, %s AS month,
                   COUNT(*) AS complaint_count, MIN(c.id) AS min_id
              FROM logistics_complaint c JOIN res_partner p ON p.id = c.partner_id
             WHERE c.received_date IS NOT NULL
             GROUP BY 1, 2""" % month_sql("c.received_date", "p")
