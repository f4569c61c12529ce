from odoo import api, fields, models, tools

from .logistics_satisfaction_criterion import satisfaction_sql

# rate field: (numerator, denominator, factor)
RATES = {
    "dispatch_on_time_rate": ("dispatch_on_time_count", "dispatched_count", 100.0),
    "arrival_on_time_rate": ("arrival_on_time_count", "delivered_count", 100.0),
    "document_accuracy_rate": ("documents_accurate_count", "shipment_count", 100.0),
    "documents_returned_rate": ("documents_returned_count", "shipment_count", 100.0),
    "damage_rate": ("damaged_count", "shipment_count", 1000.0),
    "shortage_rate": ("shortage_count", "shipment_count", 1000.0),
    "accident_rate": ("accident_count", "shipment_count", 1000.0),
    "complaint_rate": ("complaint_count", "shipment_count", 1000.0),
    "satisfaction_index": ("satisfaction_sum", "satisfaction_count", 1.0),
    "nps": ("nps_net", "nps_count", 100.0),
}


class LogisticsKpiReport(models.Model):
    """Service KPIs by customer, month and destination region (SQL view).

    Each row holds counts; the rates are computed from the counts, also when
    rows are grouped (``read_group`` recomputes them as ratios of sums, so a
    pivot by month or region gives the true rate, not an average of rates).
    Complaints and survey answers have no region: they are on rows without one.
    """

    _name = "logistics.kpi.report"
    _description = "Service KPI report"
    _auto = False
    _rec_name = "month"
    _order = "month desc, partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    month = fields.Date(readonly=True)
    region_id = fields.Many2one("res.country.state", string="Region", readonly=True)
    customer_tier = fields.Selection([("a", "A"), ("b", "B"), ("c", "C")], string="Tier", readonly=True)
    account_manager_id = fields.Many2one("res.users", string="Account manager", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    shipment_count = fields.Integer("Shipments", readonly=True)
    dispatched_count = fields.Integer("Picked up", readonly=True)
    dispatch_on_time_count = fields.Integer("Dispatched on time", readonly=True)
    delivered_count = fields.Integer("Delivered", readonly=True)
    arrival_on_time_count = fields.Integer("Arrived on time", readonly=True)
    documents_accurate_count = fields.Integer("Accurate documents", readonly=True)
    documents_returned_count = fields.Integer("Documents returned", readonly=True)
    damaged_count = fields.Integer("Damaged", readonly=True)
    shortage_count = fields.Integer("Shortages", readonly=True)
    accident_count = fields.Integer("Accidents", readonly=True, help="Shipments with damage or shortage.")
    damage_value = fields.Float(readonly=True)
    shortage_value = fields.Float(readonly=True)
    revenue = fields.Float(readonly=True)
    weight = fields.Float("Weight (kg)", readonly=True)
    complaint_count = fields.Integer("Complaints", readonly=True)
    satisfaction_sum = fields.Float(readonly=True)
    satisfaction_count = fields.Integer("Survey answers", readonly=True)
    nps_net = fields.Integer("Promoters minus detractors", readonly=True)
    nps_count = fields.Integer("NPS answers", readonly=True)
    dispatch_on_time_rate = fields.Float("Dispatch on-time %", readonly=True, group_operator="avg")
    arrival_on_time_rate = fields.Float("Arrival on-time %", readonly=True, group_operator="avg")
    document_accuracy_rate = fields.Float("Document accuracy %", readonly=True, group_operator="avg")
    documents_returned_rate = fields.Float("Documents returned %", readonly=True, group_operator="avg")
    damage_rate = fields.Float("Damage per 1,000", readonly=True, group_operator="avg")
    shortage_rate = fields.Float("Shortage per 1,000", readonly=True, group_operator="avg")
    accident_rate = fields.Float("Accidents per 1,000", readonly=True, group_operator="avg")
    complaint_rate = fields.Float("Complaints per 1,000", readonly=True, group_operator="avg")
    satisfaction_index = fields.Float("Satisfaction index", readonly=True, group_operator="avg")
    nps = fields.Float("NPS", readonly=True, group_operator="avg")

    def _complaint_sql(self):
        """Complaints per customer and month, if logistics_complaints provides them."""
        model = self.env.get("logistics.complaint") if "logistics.complaint" in self.env else None
        if model is None or not {"partner_id", "received_date"} <= set(model._fields) or model._abstract:
            return ("SELECT NULL::integer AS partner_id, NULL::date AS month, 0 AS complaint_count, "
                    "0 AS min_id WHERE false")
        return """
            SELECT c.partner_id, date_trunc('month', c.received_date)::date AS month,
                   COUNT(*) AS complaint_count, MIN(c.id) AS min_id
              FROM %s c WHERE c.partner_id IS NOT NULL AND c.received_date IS NOT NULL
             GROUP BY 1, 2""" % model._table

    @api.model_cr
    def init(self):
        """One row per customer, month and destination region with the shipment
        counts, plus rows without region for complaints and survey answers.

        Set-based and single-pass over the shipments (no re-grouping, no window
        function): ids are the smallest shipment id of the row (complaints and
        answers: negative ids), so the pivot's GROUP BY runs on the aggregated rows.
        """
        tools.drop_view_if_exists(self.env.cr, self._table)
        responses, nps = satisfaction_sql()
        zeros = ", ".join(["0::bigint"] * 10 + ["0::float8"] * 4)
        self.env.cr.execute("""
            CREATE VIEW %(table)s AS (
            SELECT f.id, f.partner_id, f.month, f.region_id, p.customer_tier, p.account_manager_id,
                   COALESCE(f.company_id, p.company_id) AS company_id,
                   f.shipment_count, f.dispatched_count, f.dispatch_on_time_count, f.delivered_count,
                   f.arrival_on_time_count, f.documents_accurate_count, f.documents_returned_count,
                   f.damaged_count, f.shortage_count, f.accident_count, f.damage_value,
                   f.shortage_value, f.revenue, f.weight, f.complaint_count, f.satisfaction_sum,
                   f.satisfaction_count, f.nps_net, f.nps_count,
                   100.0 * f.dispatch_on_time_count / NULLIF(f.dispatched_count, 0) AS dispatch_on_time_rate,
                   100.0 * f.arrival_on_time_count / NULLIF(f.delivered_count, 0) AS arrival_on_time_rate,
                   100.0 * f.documents_accurate_count / NULLIF(f.shipment_count, 0) AS document_accuracy_rate,
                   100.0 * f.documents_returned_count / NULLIF(f.shipment_count, 0) AS documents_returned_rate,
                   1000.0 * f.damaged_count / NULLIF(f.shipment_count, 0) AS damage_rate,
                   1000.0 * f.shortage_count / NULLIF(f.shipment_count, 0) AS shortage_rate,
                   1000.0 * f.accident_count / NULLIF(f.shipment_count, 0) AS accident_rate,
                   1000.0 * f.complaint_count / NULLIF(f.shipment_count, 0) AS complaint_rate,
                   f.satisfaction_sum / NULLIF(f.satisfaction_count, 0) AS satisfaction_index,
                   100.0 * f.nps_net / NULLIF(f.nps_count, 0) AS nps
              FROM (
                SELECT MIN(s.id)::bigint AS id, s.partner_id, s.month, s.dest_state_id AS region_id,
                       s.company_id,
                       COUNT(*) AS shipment_count,
                       COUNT(s.pickup_actual) AS dispatched_count,
                       COUNT(*) FILTER (WHERE s.dispatch_on_time) AS dispatch_on_time_count,
                       COUNT(s.delivery_actual) AS delivered_count,
                       COUNT(*) FILTER (WHERE s.arrival_on_time) AS arrival_on_time_count,
                       COUNT(*) FILTER (WHERE s.documents_accurate) AS documents_accurate_count,
                       COUNT(*) FILTER (WHERE s.documents_returned) AS documents_returned_count,
                       COUNT(*) FILTER (WHERE s.damaged) AS damaged_count,
                       COUNT(*) FILTER (WHERE s.shortage) AS shortage_count,
                       COUNT(*) FILTER (WHERE s.damaged OR s.shortage) AS accident_count,
                       SUM(COALESCE(s.damage_value, 0))::float8 AS damage_value,
                       SUM(COALESCE(s.shortage_value, 0))::float8 AS shortage_value,
                       SUM(COALESCE(s.revenue, 0))::float8 AS revenue,
                       SUM(COALESCE(s.weight, 0))::float8 AS weight,
                       0::bigint AS complaint_count, 0::float8 AS satisfaction_sum, 0::bigint AS satisfaction_count,
                       0::bigint AS nps_net, 0::bigint AS nps_count
                  FROM logistics_shipment s
                 GROUP BY s.partner_id, s.month, s.dest_state_id, s.company_id
                UNION ALL
                SELECT -MIN(cp.min_id)::bigint, cp.partner_id::int, cp.month::date, NULL::int, NULL::int,
                       %(zeros)s, SUM(cp.complaint_count)::bigint, 0::float8, 0::bigint, 0::bigint, 0::bigint
                  FROM (%(complaints)s) cp GROUP BY cp.partner_id, cp.month
                UNION ALL
                SELECT -(4000000000 + MIN(input_id))::bigint, customer_id::int,
                       date_trunc('month', answered_on)::date, NULL::int, NULL::int, %(zeros)s,
                       0::bigint, SUM(idx)::float8, COUNT(*)::bigint, 0::bigint, 0::bigint
                  FROM (%(responses)s) responses WHERE idx IS NOT NULL GROUP BY 2, 3
                UNION ALL
                SELECT -(8000000000 + MIN(input_id))::bigint, customer_id::int,
                       date_trunc('month', answered_on)::date, NULL::int, NULL::int, %(zeros)s,
                       0::bigint, 0::float8, 0::bigint,
                       (COUNT(*) FILTER (WHERE score >= 9) - COUNT(*) FILTER (WHERE score <= 6))::bigint,
                       COUNT(*)::bigint
                  FROM (%(nps)s) nps GROUP BY 2, 3
              ) f
              JOIN res_partner p ON p.id = f.partner_id
            )""" % {"table": self._table, "responses": responses, "nps": nps,
                    "complaints": self._complaint_sql(), "zeros": zeros})

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Rates of a group = ratio of the group's sums (weighted), not a mean of rates."""
        fields = list(fields or [])
        groupby_list = [groupby] if isinstance(groupby, str) else list(groupby or [])
        if fields:
            fields += [g.split(":")[0] for g in groupby_list if g.split(":")[0] not in fields]
        wanted = [f for f in RATES if f in fields or not fields]
        extra = []
        for rate in wanted:
            for count in RATES[rate][:2]:
                if count not in fields:
                    extra.append(count)
        fields_read = fields + [f for f in dict.fromkeys(extra)] if fields else fields
        orderby_rate = orderby and any(r in orderby for r in RATES)
        # a pivot over a million shipments hashes ~10^5 rows: give this transaction's
        # sorts and hashes room instead of spilling to disk (SET LOCAL: reset at commit)
        self.env.cr.execute("SET LOCAL work_mem = '64MB'")
        groups = super(LogisticsKpiReport, self).read_group(
            domain, fields_read, groupby, offset=offset, limit=limit,
            orderby=False if orderby_rate else orderby, lazy=lazy)
        for group in groups:
            for rate in wanted:
                numerator, denominator, factor = RATES[rate]
                den = group.get(denominator) or 0
                group[rate] = factor * (group.get(numerator) or 0) / den if den else False
        return groups
