from odoo import fields, models

RISKS = [("healthy", "Healthy"), ("watch", "Watch"), ("at_risk", "At risk")]


class LogisticsHealthScore(models.Model):
    """One customer's health in one scoring week (written by logistics.health.engine)."""

    _name = "logistics.health.score"
    _description = "Customer health score (weekly)"
    _order = "date desc, partner_id"
    _rec_name = "partner_id"

    # looked up through the unique (partner_id, date) index: no index of its own to write
    partner_id = fields.Many2one("res.partner", string="Customer", required=True,
                                 ondelete="cascade", readonly=True)
    date = fields.Date("Week of", required=True, index=True, readonly=True,
                       help="The Monday of the scoring week; its recent period ends the day before.")
    score = fields.Integer(readonly=True, aggregator="avg")
    risk = fields.Selection(RISKS, readonly=True)
    reason = fields.Text(readonly=True)
    account_manager_id = fields.Many2one(related="partner_id.account_manager_id", string="Account manager")
    customer_tier = fields.Selection(related="partner_id.customer_tier", string="Tier")
    # the figures compared: recent period vs the comparison period before it
    shipments_recent = fields.Float("Shipments a week (recent)", digits=(16, 1), readonly=True, aggregator="avg")
    shipments_base = fields.Float("Shipments a week (before)", digits=(16, 1), readonly=True, aggregator="avg")
    arrival_recent = fields.Float("Arrival on time % (recent)", digits=(5, 1), readonly=True, aggregator="avg")
    arrival_base = fields.Float("Arrival on time % (before)", digits=(5, 1), readonly=True, aggregator="avg")
    dispatch_recent = fields.Float("Dispatch on time % (recent)", digits=(5, 1), readonly=True, aggregator="avg")
    dispatch_base = fields.Float("Dispatch on time % (before)", digits=(5, 1), readonly=True, aggregator="avg")
    damage_recent = fields.Float("Damage % (recent)", digits=(5, 1), readonly=True, aggregator="avg")
    damage_base = fields.Float("Damage % (before)", digits=(5, 1), readonly=True, aggregator="avg")
    docs_recent = fields.Float("Accurate documents % (recent)", digits=(5, 1), readonly=True, aggregator="avg")
    docs_base = fields.Float("Accurate documents % (before)", digits=(5, 1), readonly=True, aggregator="avg")
    complaint_count = fields.Integer("Complaints (recent)", readonly=True)
    complaint_serious_count = fields.Integer("Serious complaints (recent)", readonly=True)
    complaint_repeat_count = fields.Integer("Repeat complaints (recent)", readonly=True)
    complaint_breached_count = fields.Integer("Complaints with SLA breached (recent)", readonly=True)
    complaint_base_count = fields.Integer("Complaints (before)", readonly=True)
    nps_recent = fields.Float("NPS (recent)", digits=(5, 1), readonly=True, aggregator="avg")
    nps_base = fields.Float("NPS (before)", digits=(5, 1), readonly=True, aggregator="avg")
    satisfaction_recent = fields.Float("Satisfaction index (recent)", digits=(5, 1), readonly=True,
                                       aggregator="avg")
    satisfaction_base = fields.Float("Satisfaction index (before)", digits=(5, 1), readonly=True,
                                     aggregator="avg")
    visit_overdue_days = fields.Integer("Visit overdue (days)", readonly=True)
    revenue_recent = fields.Float("Invoiced a week (recent)", digits=(16, 0), readonly=True, aggregator="avg")
    revenue_base = fields.Float("Invoiced a week (before)", digits=(16, 0), readonly=True, aggregator="avg")
    # the share (0-1) of each signal's weight lost
    penalty_volume = fields.Float("Penalty: volume", digits=(3, 2), readonly=True)
    penalty_arrival = fields.Float("Penalty: arrival", digits=(3, 2), readonly=True)
    penalty_dispatch = fields.Float("Penalty: dispatch", digits=(3, 2), readonly=True)
    penalty_damage = fields.Float("Penalty: damage", digits=(3, 2), readonly=True)
    penalty_docs = fields.Float("Penalty: documents", digits=(3, 2), readonly=True)
    penalty_complaints = fields.Float("Penalty: complaints", digits=(3, 2), readonly=True)
    penalty_nps = fields.Float("Penalty: NPS", digits=(3, 2), readonly=True)
    penalty_satisfaction = fields.Float("Penalty: satisfaction index", digits=(3, 2), readonly=True)
    penalty_visits = fields.Float("Penalty: visits", digits=(3, 2), readonly=True)
    penalty_revenue = fields.Float("Penalty: revenue", digits=(3, 2), readonly=True)

    _sql_constraints = [
        ("partner_date_uniq", "unique(partner_id, date)", "A customer is scored once a week."),
    ]
