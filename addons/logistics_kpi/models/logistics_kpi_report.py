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

    The grain is the shipment (counts of 0/1), so that a pivot or a filter on
    any dimension (customer, tier, month, region) is one GROUP BY over the
    shipments; complaints and survey answers have no region and are rows of
    their own per customer and month. ``read_group`` recomputes every rate as a
    ratio of the group's sums (a weighted rate, not a mean of rates).
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
        """One row per shipment (counts 0/1), plus rows per customer and month
        without region for complaints, survey answers and NPS answers.

        A plain UNION ALL of typed branches, which PostgreSQL flattens: the pivot's
        single GROUP BY runs over the shipments as a bare GROUP BY would, and only
        the measures asked for are computed. ``read_group`` turns the summed
        counts into rates. Ids: the shipment's; negative for the other rows.
        """
        tools.drop_view_if_exists(self.env.cr, self._table)
        responses, nps = satisfaction_sql()
        counts = ["shipment_count", "dispatched_count", "dispatch_on_time_count", "delivered_count",
                  "arrival_on_time_count", "documents_accurate_count", "documents_returned_count",
                  "damaged_count", "shortage_count", "accident_count"]
        values = ["damage_value", "shortage_value", "revenue", "weight"]
        zero_counts = ", ".join("0::bigint" for _c in counts)
        zero_values = ", ".join("0::float8" for _v in values)
        no_shipment_rates = ", ".join(["NULL::float8"] * 8)
        self.env.cr.execute("""
            CREATE VIEW %(table)s AS (
                SELECT s.id::bigint AS id, s.partner_id, s.month, s.dest_state_id AS region_id,
                       s.customer_tier::varchar AS customer_tier, s.account_manager_id, s.company_id,
                       1::bigint AS shipment_count,
                       (s.pickup_actual IS NOT NULL)::int::bigint AS dispatched_count,
                       (s.pickup_actual IS NOT NULL AND s.dispatch_on_time)::int::bigint AS dispatch_on_time_count,
                       (s.delivery_actual IS NOT NULL)::int::bigint AS delivered_count,
                       (s.delivery_actual IS NOT NULL AND s.arrival_on_time)::int::bigint AS arrival_on_time_count,
                       COALESCE(s.documents_accurate, false)::int::bigint AS documents_accurate_count,
                       COALESCE(s.documents_returned, false)::int::bigint AS documents_returned_count,
                       COALESCE(s.damaged, false)::int::bigint AS damaged_count,
                       COALESCE(s.shortage, false)::int::bigint AS shortage_count,
                       (COALESCE(s.damaged, false) OR COALESCE(s.shortage, false))::int::bigint AS accident_count,
                       COALESCE(s.damage_value, 0)::float8 AS damage_value,
                       COALESCE(s.shortage_value, 0)::float8 AS shortage_value,
                       COALESCE(s.revenue, 0)::float8 AS revenue,
                       COALESCE(s.weight, 0)::float8 AS weight,
                       0::bigint AS complaint_count, 0::float8 AS satisfaction_sum,
                       0::bigint AS satisfaction_count, 0::bigint AS nps_net, 0::bigint AS nps_count,
                       CASE WHEN s.pickup_actual IS NOT NULL
                            THEN CASE WHEN s.dispatch_on_time THEN 100.0 ELSE 0.0 END END::float8
                           AS dispatch_on_time_rate,
                       CASE WHEN s.delivery_actual IS NOT NULL
                            THEN CASE WHEN s.arrival_on_time THEN 100.0 ELSE 0.0 END END::float8
                           AS arrival_on_time_rate,
                       CASE WHEN s.documents_accurate THEN 100.0 ELSE 0.0 END::float8 AS document_accuracy_rate,
                       CASE WHEN s.documents_returned THEN 100.0 ELSE 0.0 END::float8 AS documents_returned_rate,
                       CASE WHEN s.damaged THEN 1000.0 ELSE 0.0 END::float8 AS damage_rate,
                       CASE WHEN s.shortage THEN 1000.0 ELSE 0.0 END::float8 AS shortage_rate,
                       CASE WHEN s.damaged OR s.shortage THEN 1000.0 ELSE 0.0 END::float8 AS accident_rate,
                       0::float8 AS complaint_rate,
                       NULL::float8 AS satisfaction_index, NULL::float8 AS nps
                  FROM logistics_shipment s
                UNION ALL
                SELECT -cp.min_id::bigint, cp.partner_id::int, cp.month::date, NULL::int,
                       p.customer_tier::varchar, p.account_manager_id::int, p.company_id::int,
                       %(zero_counts)s, %(zero_values)s,
                       cp.complaint_count::bigint, 0::float8, 0::bigint, 0::bigint, 0::bigint,
                       %(no_shipment_rates)s, NULL::float8, NULL::float8
                  FROM (%(complaints)s) cp JOIN res_partner p ON p.id = cp.partner_id
                UNION ALL
                SELECT -(4000000000 + MIN(r.input_id))::bigint, r.customer_id::int,
                       date_trunc('month', r.answered_on)::date, NULL::int,
                       MIN(p.customer_tier)::varchar, MIN(p.account_manager_id)::int, MIN(p.company_id)::int,
                       %(zero_counts)s, %(zero_values)s,
                       0::bigint, SUM(r.idx)::float8, COUNT(*)::bigint, 0::bigint, 0::bigint,
                       %(no_shipment_rates)s, AVG(r.idx)::float8, NULL::float8
                  FROM (%(responses)s) r JOIN res_partner p ON p.id = r.customer_id
                 WHERE r.idx IS NOT NULL
                 GROUP BY r.customer_id, date_trunc('month', r.answered_on)
                UNION ALL
                SELECT -(8000000000 + MIN(n.input_id))::bigint, n.customer_id::int,
                       date_trunc('month', n.answered_on)::date, NULL::int,
                       MIN(p.customer_tier)::varchar, MIN(p.account_manager_id)::int, MIN(p.company_id)::int,
                       %(zero_counts)s, %(zero_values)s,
                       0::bigint, 0::float8, 0::bigint,
                       (COUNT(*) FILTER (WHERE n.score >= 9) - COUNT(*) FILTER (WHERE n.score <= 6))::bigint,
                       COUNT(*)::bigint,
                       %(no_shipment_rates)s, NULL::float8,
                       (100.0 * (COUNT(*) FILTER (WHERE n.score >= 9) - COUNT(*) FILTER (WHERE n.score <= 6))
                        / COUNT(*))::float8
                  FROM (%(nps)s) n JOIN res_partner p ON p.id = n.customer_id
                 GROUP BY n.customer_id, date_trunc('month', n.answered_on)
            )""" % {"table": self._table, "responses": responses, "nps": nps,
                    "complaints": self._complaint_sql(), "zero_counts": zero_counts,
                    "zero_values": zero_values, "no_shipment_rates": no_shipment_rates})

    def _group_sort_key(self, group, spec):
        """Sort key of a read_group result for one groupby spec, as Odoo orders it."""
        name = spec.split(":")[0]
        value = group.get(spec)
        if self._fields[name].type == "many2one":
            return (value is False, (value[1] or "").lower() if value else "")
        if self._fields[name].type in ("date", "datetime"):
            start = [term[2] for term in group.get("__domain", [])
                     if isinstance(term, (list, tuple)) and term[0] == name and term[1] == ">="]
            return (not start, start[0] if start else "")
        return (value is False, str(value or ""))

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
        if fields:
            fields_read = [f for f in fields if f not in RATES] + [f for f in dict.fromkeys(extra) if f not in fields]
        else:
            fields_read = fields
        orderby_rate = orderby and any(r in orderby for r in RATES)
        # a pivot over a million shipments hashes ~10^5 rows: give this transaction's
        # sorts and hashes room instead of spilling to disk (SET LOCAL: reset at commit)
        self.env.cr.execute("SET LOCAL work_mem = '64MB'")
        # Odoo orders many2one groups by the comodel's _order, which joins res_partner
        # (or res_country_state) to every shipment before grouping; group on the ids
        # and sort the (few) groups by name here instead.
        m2o = [g for g in groupby_list if self._fields[g.split(":")[0]].type == "many2one"]
        python_sort = bool(m2o and not orderby and not offset and not limit
                           and fields_read and "shipment_count" in fields_read)
        groups = super(LogisticsKpiReport, self).read_group(
            domain, fields_read, groupby, offset=offset, limit=limit,
            orderby="shipment_count" if python_sort else (False if orderby_rate else orderby), lazy=lazy)
        if python_sort:
            keys = groupby_list[:1] if lazy else groupby_list
            groups.sort(key=lambda group: tuple(self._group_sort_key(group, spec) for spec in keys))
        for group in groups:
            for rate in wanted:
                numerator, denominator, factor = RATES[rate]
                den = group.get(denominator) or 0
                group[rate] = factor * (group.get(numerator) or 0) / den if den else False
        return groups
