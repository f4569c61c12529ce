from odoo import api, fields, models, tools

from odoo.addons.logistics_crm.tools import TIERS, local_month_sql

from .logistics_kpi_shipment_month import SUMMARY_MEASURES, SUMMARY_TABLE
from .logistics_satisfaction_criterion import (
    answer_company_sql,
    nps_count_sql,
    nps_net_sql,
    nps_sql,
    satisfaction_sql,
)

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

    Shipment rows come from the summary model logistics.kpi.shipment.month
    (one row per customer, month and destination region, kept current by
    triggers on the shipments: a pivot reads the summary, not every shipment);
    the tier and account manager are the customer's current ones. Complaints and survey answers have no
    region and are rows of their own per customer and month. ``read_group``
    recomputes every rate as a ratio of the group's sums (a weighted rate, not
    a mean of rates).
    """

    _name = "logistics.kpi.report"
    _description = "Service KPI report"
    _auto = False
    _rec_name = "month"
    _order = "month desc, partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    month = fields.Date(readonly=True)
    region_id = fields.Many2one("res.country.state", readonly=True)
    customer_tier = fields.Selection(TIERS, string="Tier", readonly=True)
    account_manager_id = fields.Many2one("res.users", string="Account manager", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    shipment_count = fields.Integer("Shipments", readonly=True)
    dispatched_count = fields.Integer("Pickups due", readonly=True,
                                      help="Picked up, or overdue (late) without a pickup.")
    dispatch_on_time_count = fields.Integer("Dispatched on time", readonly=True)
    delivered_count = fields.Integer("Deliveries due", readonly=True,
                                     help="Delivered, or overdue (late) without a delivery.")
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
    dispatch_on_time_rate = fields.Float("Dispatch on-time %", readonly=True, aggregator="avg")
    arrival_on_time_rate = fields.Float("Arrival on-time %", readonly=True, aggregator="avg")
    document_accuracy_rate = fields.Float("Document accuracy %", readonly=True, aggregator="avg")
    documents_returned_rate = fields.Float("Documents returned %", readonly=True, aggregator="avg")
    damage_rate = fields.Float("Damage per 1,000", readonly=True, aggregator="avg")
    shortage_rate = fields.Float("Shortage per 1,000", readonly=True, aggregator="avg")
    accident_rate = fields.Float("Accidents per 1,000", readonly=True, aggregator="avg")
    complaint_rate = fields.Float("Complaints per 1,000", readonly=True, aggregator="avg")
    satisfaction_index = fields.Float("Satisfaction index", readonly=True, aggregator="avg")
    nps = fields.Float("NPS", readonly=True, aggregator="avg")

    def _search(self, domain, *args, **kwargs):
        """The view reads other tables (shipments, answers, customers): what the
        ORM still holds for them is written first (search, read_group, pivot)."""
        self.env.flush_all()
        return super()._search(domain, *args, **kwargs)

    def _complaint_sql(self):
        """Complaints per customer and month (columns partner_id, month,
        complaint_count, min_id). None here: logistics_kpi_complaints adds them."""
        return ("SELECT NULL::integer AS partner_id, NULL::date AS month, 0 AS complaint_count, "
                "0 AS min_id WHERE false")

    def init(self):
        """Rows per customer, month and region from the shipment summary, plus rows
        per customer and month without region for complaints, survey answers and
        NPS answers. Ids: the summary's; negative for the other rows. The summary
        (logistics.kpi.shipment.month) and its triggers are made by its own init()."""
        tools.drop_view_if_exists(self.env.cr, self._table)
        # the view reads the survey campaigns (an answer's month is that of its campaign's
        # company): made once every table of the module exists (at the end of its install)
        self.pool.post_init(self._create_view)

    def _create_view(self):
        # pylint: disable=sql-injection  # a view from the module's constants, no outside value
        tools.drop_view_if_exists(self.env.cr, self._table)
        responses, nps = satisfaction_sql()
        counts = [name for name, _e, kind in SUMMARY_MEASURES if kind == "integer"]
        values = [name for name, _e, kind in SUMMARY_MEASURES if kind == "float8"]
        zero_counts = ", ".join("0::int" for _c in counts)
        zero_values = ", ".join("0::float8" for _v in values)
        no_shipment_rates = ", ".join(["NULL::float8"] * 8)

        def rate(numerator, denominator, factor):
            return "(CASE WHEN a.%s > 0 THEN %s * a.%s / a.%s END)::float8" % (
                denominator, factor, numerator, denominator)
        shipment_rates = ", ".join(
            "%s AS %s" % (rate(*RATES[name]), name) for name in (
                "dispatch_on_time_rate", "arrival_on_time_rate", "document_accuracy_rate",
                "documents_returned_rate", "damage_rate", "shortage_rate", "accident_rate"))
        self.env.cr.execute("""
            CREATE VIEW %(table)s AS (
                SELECT a.id::bigint AS id, a.partner_id, a.month, NULLIF(a.region_id, 0) AS region_id,
                       p.customer_tier::varchar AS customer_tier, p.account_manager_id, a.company_id,
                       %(counts)s, %(values)s,
                       0::int AS complaint_count, 0::float8 AS satisfaction_sum,
                       0::int AS satisfaction_count, 0::int AS nps_net, 0::int AS nps_count,
                       %(shipment_rates)s,
                       0::float8 AS complaint_rate, NULL::float8 AS satisfaction_index, NULL::float8 AS nps
                  FROM %(summary)s a LEFT JOIN res_partner p ON p.id = a.partner_id  -- LEFT: pruned when unused
                UNION ALL
                SELECT -cp.min_id::bigint, cp.partner_id::int, cp.month::date, NULL::int,
                       p.customer_tier::varchar, p.account_manager_id::int, p.company_id::int,
                       %(zero_counts)s, %(zero_values)s,
                       cp.complaint_count::int, 0::float8, 0::int, 0::int, 0::int,
                       %(no_shipment_rates)s, NULL::float8, NULL::float8
                  FROM (%(complaints)s) cp JOIN res_partner p ON p.id = cp.partner_id
                UNION ALL
                SELECT -(4000000000 + MIN(r.input_id))::bigint, r.customer_id::int,
                       %(response_month)s, NULL::int,
                       MIN(p.customer_tier)::varchar, MIN(p.account_manager_id)::int, MIN(p.company_id)::int,
                       %(zero_counts)s, %(zero_values)s,
                       0::int, SUM(r.idx)::float8, COUNT(*)::int, 0::int, 0::int,
                       %(no_shipment_rates)s, AVG(r.idx)::float8, NULL::float8
                  FROM (%(responses)s) r JOIN res_partner p ON p.id = r.customer_id
                 WHERE r.idx IS NOT NULL
                 GROUP BY r.customer_id, %(response_month)s
                UNION ALL
                SELECT -(8000000000 + MIN(n.input_id))::bigint, n.customer_id::int,
                       %(nps_month)s, NULL::int,
                       MIN(p.customer_tier)::varchar, MIN(p.account_manager_id)::int, MIN(p.company_id)::int,
                       %(zero_counts)s, %(zero_values)s,
                       0::int, 0::float8, 0::int,
                       %(nps_net)s::int, %(nps_count)s::int,
                       %(no_shipment_rates)s, NULL::float8, %(nps_value)s::float8
                  FROM (%(nps)s) n JOIN res_partner p ON p.id = n.customer_id
                 GROUP BY n.customer_id, %(nps_month)s
            )""" % {"table": self._table, "summary": SUMMARY_TABLE, "responses": responses, "nps": nps,
                    "complaints": self._complaint_sql(), "zero_counts": zero_counts,
                    "zero_values": zero_values, "no_shipment_rates": no_shipment_rates,
                    "counts": ", ".join("a.%s::int AS %s" % (c, c) for c in counts),
                    "values": ", ".join("a.%s" % v for v in values),
                    "shipment_rates": shipment_rates,
                    "nps_net": nps_net_sql("n.score"), "nps_count": nps_count_sql("n.score"),
                    "nps_value": nps_sql("n.score"),
                    "response_month": local_month_sql("r.answered_on", answer_company_sql("r")),
                    "nps_month": local_month_sql("n.answered_on", answer_company_sql("n"))})

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Rates of a group = ratio of the group's sums (weighted), not a mean of rates.

        Odoo 18 has no aggregator for a ratio of sums (``aggregator`` is one SQL
        aggregate of one column), so the rate columns are not aggregated by SQL:
        their numerator and denominator (summed fields, RATES) are read instead,
        whichever way the caller asks the rate (``rate`` or ``rate:avg`` as the
        pivot does), and each rate is computed per group from Odoo's own groups.
        The pivot, graph and grouped lists all come here (web_read_group calls
        read_group)."""
        specs = list(fields or [])
        if not specs:
            specs = [name for name, field in self._fields.items() if field.store and field.aggregator]
        wanted, read = [], []
        for spec in specs:
            name = spec.split(":")[0]
            if name in RATES:
                wanted.append(name)
            else:
                read.append(spec)
        present = {spec.split(":")[0] for spec in read}
        for rate in wanted:
            for count in RATES[rate][:2]:
                if count not in present:
                    read.append(count)
                    present.add(count)
        if orderby and any(rate in orderby for rate in RATES):
            orderby = False  # a computed rate cannot be sorted by SQL
        groups = super().read_group(domain, read, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
        for group in groups:
            for rate in wanted:
                numerator, denominator, factor = RATES[rate]
                den = group.get(denominator) or 0
                group[rate] = factor * (group.get(numerator) or 0) / den if den else False
        return groups
