from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.logistics_complaint import (
    CATEGORIES,
    CHANNELS,
    SEVERITIES,
    SLA_STATUSES,
    STATES,
    TIERS,
    counted_complaint_sql,
)


class LogisticsComplaintReport(models.Model):
    """Complaint analysis (SQL view) for pivot and graph views."""
    _name = "logistics.complaint.report"
    _description = "Complaint analysis"
    _auto = False
    _order = "received_date desc"

    complaint_id = fields.Many2one("logistics.complaint", readonly=True)
    received_date = fields.Datetime("Received", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    customer_tier = fields.Selection(TIERS, string="Tier at intake", readonly=True)
    account_manager_id = fields.Many2one("res.users", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    category = fields.Selection(CATEGORIES, string="Cause category", readonly=True)
    subcategory_id = fields.Many2one("logistics.complaint.subcategory", string="Sub-cause", readonly=True)
    severity = fields.Selection(SEVERITIES, readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    state = fields.Selection(STATES, readonly=True)
    sla_status = fields.Selection(SLA_STATUSES, string="SLA", readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    department = fields.Char("Responsible department", readonly=True)
    responsible_partner_id = fields.Many2one("res.partner", string="Carrier / agent", readonly=True)
    nbr = fields.Integer("# Complaints", readonly=True)
    response_hours = fields.Float("Avg first response (h)", readonly=True, aggregator="avg")
    resolution_hours = fields.Float("Avg resolution (h)", readonly=True, aggregator="avg")
    sla_compliance = fields.Float(
        "SLA compliance %", readonly=True, aggregator="avg",
        help="Share of answered/resolved complaints that met both deadlines (open ones not counted).")
    repeat_rate = fields.Float("Repeat rate %", readonly=True, aggregator="avg")
    satisfaction = fields.Float("Satisfaction (1-5)", readonly=True, aggregator="avg",
                                help="Customer rating after resolution, else the revisit satisfaction.")
    claimed_amount = fields.Float("Claimed", readonly=True)
    compensation_amount = fields.Float("Compensation", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("""
            CREATE VIEW %s AS (
                SELECT c.id AS id,
                       c.id AS complaint_id,
                       c.received_date,
                       c.partner_id,
                       c.customer_tier,
                       c.account_manager_id,
                       c.company_id,
                       c.category,
                       c.subcategory_id,
                       c.severity,
                       c.channel,
                       c.state,
                       c.sla_status,
                       c.user_id,
                       c.department,
                       c.responsible_partner_id,
                       1 AS nbr,
                       CASE WHEN c.first_response_date IS NOT NULL THEN c.response_hours END AS response_hours,
                       CASE WHEN c.resolved_date IS NOT NULL THEN c.resolution_hours END AS resolution_hours,
                       CASE WHEN c.state IN ('resolved', 'closed')
                            THEN CASE WHEN c.sla_status = 'breached' THEN 0.0 ELSE 100.0 END
                       END AS sla_compliance,
                       CASE WHEN c.is_repeat THEN 100.0 ELSE 0.0 END AS repeat_rate,
                       COALESCE((SELECT r.rating FROM rating_rating r WHERE r.id = c.customer_rating_id),
                                c.revisit_satisfaction::float) AS satisfaction,
                       c.claimed_amount,
                       c.compensation_amount
                  FROM logistics_complaint c
                 WHERE %s
            )""", SQL.identifier(self._table), SQL(counted_complaint_sql("c"))))
