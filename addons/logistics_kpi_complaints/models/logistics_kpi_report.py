from odoo import models

from odoo.addons.logistics_complaints.models.logistics_complaint import counted_complaint_sql
from odoo.addons.logistics_crm.tools import local_month_sql


class LogisticsKpiReport(models.Model):
    _inherit = "logistics.kpi.report"

    def _complaint_sql(self):
        """Complaints per customer company and month received (in the time zone of the
        complaint's company); cancelled ones are no complaints (counted_complaint_sql)."""
        if self.env.context.get("logistics_kpi_without_complaints"):
            return super()._complaint_sql()
        return """
            SELECT p.commercial_partner_id AS partner_id, %s AS month,
                   COUNT(*) AS complaint_count, MIN(c.id) AS min_id
              FROM logistics_complaint c JOIN res_partner p ON p.id = c.partner_id
             WHERE c.received_date IS NOT NULL AND %s
             GROUP BY 1, 2""" % (local_month_sql("c.received_date", "c.company_id"), counted_complaint_sql("c"))
