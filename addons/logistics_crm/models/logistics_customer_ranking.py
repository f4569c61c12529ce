from odoo import fields, models


class LogisticsCustomerRanking(models.Model):
    """A customer's place in the 80/20 ranking, written by the tiering engine.

    The figures that move every night (a new invoice shifts the rank and the
    cumulative share of every customer ranked below) live in this narrow table
    rather than in ``res_partner``, whose rows are wide and heavily indexed;
    ``res.partner`` shows them as ``contribution_*`` fields.
    """

    _name = "logistics.customer.ranking"
    _description = "Customer's place in the contribution ranking"
    _rec_name = "partner_id"
    _order = "rank, id"
    _log_access = False

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, ondelete="cascade",
                                 readonly=True)
    contribution = fields.Float(digits=(16, 2), readonly=True)
    share = fields.Float("Share %", digits=(5, 2), readonly=True)
    cumulative_share = fields.Float("Cumulative share %", digits=(5, 2), readonly=True)
    rank = fields.Integer(readonly=True)

    _sql_constraints = [
        ("partner_unique", "unique(partner_id)", "A customer has one place in the ranking."),
    ]

    def init(self):
        # room in each page for the nightly rewrite of a row (HOT updates)
        self.env.cr.execute("ALTER TABLE logistics_customer_ranking SET (fillfactor = 70)")
