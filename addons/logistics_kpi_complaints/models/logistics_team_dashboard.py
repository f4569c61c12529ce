from odoo import models

from odoo.addons.logistics_complaints.models.logistics_complaint import OPEN_STATES
from odoo.addons.logistics_crm.tools import sql_literals


class LogisticsTeamDashboard(models.Model):
    _inherit = "logistics.team.dashboard"

    def _complaint_sql(self):
        """Complaints of the last 12 months whose SLA is decided, per customer company:
        resolved or closed (met unless breached), or still open and already breached.
        Open complaints on track and cancelled ones are not counted."""
        if self.env.context.get("logistics_kpi_without_complaints"):
            return super()._complaint_sql()
        return """
            SELECT p.commercial_partner_id AS partner_id, COUNT(*) AS total,
                   COUNT(*) FILTER (WHERE c.sla_status IS DISTINCT FROM 'breached') AS ok
              FROM logistics_complaint c JOIN res_partner p ON p.id = c.partner_id
             WHERE c.received_date >= now() - interval '12 months'
               AND (c.state IN ('resolved', 'closed')
                    OR (c.state IN %s AND c.sla_status = 'breached'))
             GROUP BY p.commercial_partner_id""" % sql_literals(OPEN_STATES)
