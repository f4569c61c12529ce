from odoo import api, fields, models, tools
from odoo.osv import expression

from odoo.addons.logistics_crm.tools import local_month_sql

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


# The shipment side of the report is kept pre-aggregated by customer, month and
# destination region in a summary table that statement-level triggers on
# logistics_shipment maintain set-based (transition tables: one grouped upsert
# per INSERT/UPDATE/DELETE statement, whatever its number of rows).
SUMMARY_TABLE = "logistics_kpi_shipment_month"
SUMMARY_KEYS = ("company_id", "partner_id", "month", "region_id")
# measure: SQL over a shipment row ``s`` (multiplied by the row's sign)
SUMMARY_MEASURES = (
    ("shipment_count", "1", "bigint"),
    # due: picked up, or overdue without a pickup (late): the denominator of the on-time rate
    ("dispatched_count", "COALESCE(s.dispatch_due, false)::int", "bigint"),
    ("dispatch_on_time_count", "(COALESCE(s.dispatch_due, false) AND COALESCE(s.dispatch_on_time, false))::int",
     "bigint"),
    ("delivered_count", "COALESCE(s.arrival_due, false)::int", "bigint"),
    ("arrival_on_time_count", "(COALESCE(s.arrival_due, false) AND COALESCE(s.arrival_on_time, false))::int",
     "bigint"),
    ("documents_accurate_count", "COALESCE(s.documents_accurate, false)::int", "bigint"),
    ("documents_returned_count", "COALESCE(s.documents_returned, false)::int", "bigint"),
    ("damaged_count", "COALESCE(s.damaged, false)::int", "bigint"),
    ("shortage_count", "COALESCE(s.shortage, false)::int", "bigint"),
    ("accident_count", "(COALESCE(s.damaged, false) OR COALESCE(s.shortage, false))::int", "bigint"),
    ("damage_value", "COALESCE(s.damage_value, 0)", "float8"),
    ("shortage_value", "COALESCE(s.shortage_value, 0)", "float8"),
    ("revenue", "COALESCE(s.revenue, 0)", "float8"),
    ("weight", "COALESCE(s.weight, 0)", "float8"),
)


def _summary_select(source, signed):
    """SELECT of the summary rows of the shipments in ``source`` (rows ``s``,
    with a column ``sign`` when ``signed``), grouped by customer, month, region."""
    sign = "s.sign * " if signed else ""
    measures = ", ".join("SUM(%s%s)::%s" % (sign, expr, kind) for _name, expr, kind in SUMMARY_MEASURES)
    having = ""
    if signed:  # an UPDATE that changes nothing the report counts writes nothing
        having = "HAVING " + " OR ".join("SUM(s.sign * %s) <> 0" % expr for _name, expr, _k in SUMMARY_MEASURES)
    return """SELECT s.company_id, s.partner_id, s.month, COALESCE(s.dest_state_id, 0), %s
                FROM %s s WHERE s.month IS NOT NULL
               GROUP BY s.company_id, s.partner_id, s.month, COALESCE(s.dest_state_id, 0) %s
               ORDER BY 1, 2, 3, 4""" % (measures, source, having)


class LogisticsKpiReport(models.Model):
    """Service KPIs by customer, month and destination region (SQL view).

    Shipment rows come from a summary table with one row per customer, month
    and destination region, kept current by triggers on the shipments (a
    pivot reads the summary, not every shipment); the tier and account manager
    are the customer's current ones. Complaints and survey answers have no
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
    customer_tier = fields.Selection([("a", "A"), ("b", "B"), ("c", "C")], string="Tier", readonly=True)
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

    def _init_shipment_summary(self):
        """The summary table, its triggers, and its content rebuilt from the shipments."""
        # pylint: disable=sql-injection  # DDL from the module's constants, no outside value
        cr = self.env.cr
        columns = ", ".join("%s %s NOT NULL DEFAULT 0" % (name, kind) for name, _e, kind in SUMMARY_MEASURES)
        cr.execute("""
            CREATE TABLE IF NOT EXISTS %(table)s (
                id serial PRIMARY KEY,
                company_id integer NOT NULL,
                partner_id integer NOT NULL,
                month date NOT NULL,
                region_id integer NOT NULL DEFAULT 0,   -- 0: no destination region
                %(columns)s,
                UNIQUE (company_id, partner_id, month, region_id)
            )""" % {"table": SUMMARY_TABLE, "columns": columns})
        names = ", ".join(SUMMARY_KEYS + tuple(name for name, _e, _k in SUMMARY_MEASURES))
        upsert = "INSERT INTO %s (%s) %%s ON CONFLICT (%s) DO UPDATE SET %s" % (
            SUMMARY_TABLE, names, ", ".join(SUMMARY_KEYS),
            ", ".join("%s = %s.%s + EXCLUDED.%s" % (name, SUMMARY_TABLE, name, name)
                      for name, _e, _k in SUMMARY_MEASURES))
        purge = """DELETE FROM %s t USING (SELECT DISTINCT company_id, partner_id, month,
                                                   COALESCE(dest_state_id, 0) AS region_id
                                              FROM old_rows WHERE month IS NOT NULL) k
                    WHERE t.company_id = k.company_id AND t.partner_id = k.partner_id
                      AND t.month = k.month AND t.region_id = k.region_id AND t.shipment_count = 0""" % SUMMARY_TABLE
        signed = "(SELECT -1 AS sign, o.* FROM old_rows o UNION ALL SELECT 1, n.* FROM new_rows n)"
        cr.execute("""
            CREATE OR REPLACE FUNCTION %(table)s_delta() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    %(insert)s;
                ELSIF TG_OP = 'UPDATE' THEN
                    %(update)s;
                    %(purge)s;
                ELSE
                    %(delete)s;
                    %(purge)s;
                END IF;
                RETURN NULL;
            END $fn$""" % {
            "table": SUMMARY_TABLE,
            "insert": upsert % _summary_select("new_rows", False),
            "update": upsert % _summary_select(signed, True),
            "delete": upsert % _summary_select("(SELECT -1 AS sign, o.* FROM old_rows o)", True),
            "purge": purge,
        })
        for event, referencing in (("INSERT", "NEW TABLE AS new_rows"),
                                   ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                                   ("DELETE", "OLD TABLE AS old_rows")):
            trigger = "%s_%s" % (SUMMARY_TABLE, event.lower())
            cr.execute("DROP TRIGGER IF EXISTS %s ON logistics_shipment" % trigger)
            cr.execute("""CREATE TRIGGER %s AFTER %s ON logistics_shipment REFERENCING %s
                          FOR EACH STATEMENT EXECUTE PROCEDURE %s_delta()""" % (
                trigger, event, referencing, SUMMARY_TABLE))
        # rebuilt at every install/update of the module (self-healing)
        cr.execute("LOCK TABLE logistics_shipment IN SHARE MODE")
        cr.execute("TRUNCATE %s RESTART IDENTITY" % SUMMARY_TABLE)
        cr.execute("INSERT INTO %s (%s) %s" % (SUMMARY_TABLE, names,
                                               _summary_select("logistics_shipment", False)))

    def init(self):
        """Rows per customer, month and region from the shipment summary, plus rows
        per customer and month without region for complaints, survey answers and
        NPS answers. Ids: the summary's; negative for the other rows."""
        self._init_shipment_summary()
        tools.drop_view_if_exists(self.env.cr, self._table)
        # the view reads the survey campaigns (an answer's month is that of its campaign's
        # company): made once every table of the module exists (at the end of its install)
        self.pool.post_init(self._create_view)

    def _create_view(self):
        # pylint: disable=sql-injection  # a view from the module's constants, no outside value
        tools.drop_view_if_exists(self.env.cr, self._table)
        responses, nps = satisfaction_sql()
        counts = [name for name, _e, kind in SUMMARY_MEASURES if kind == "bigint"]
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

    def _read_group_postprocess_groupby(self, groupby_spec, raw_values):
        """Many2one groups stay ids for the formatting below (no recordset per group)."""
        if self.env.context.get("kpi_raw_many2one") and groupby_spec in self._fields \
                and self._fields[groupby_spec].type == "many2one":
            return iter(raw_values)
        return super()._read_group_postprocess_groupby(groupby_spec, raw_values)

    def _read_group_format_result(self, rows_dict, lazy_groupby):  # noqa: C901 (one pass, kept whole for speed)
        """Odoo's formatting of the groups, each distinct customer, region or month once.

        A pivot of customers x months has tens of thousands of groups but a few
        thousand customers and a few dozen months: Odoo formats the label, range
        and domain of every group (babel, a recordset and a domain AND per group),
        most of read_group's time (bench/bench_kpi.py). Here Odoo formats each
        distinct date once, many2one groups get their (id, name) from one read,
        and each group's domain is the same AND, written at once."""
        kinds = [self._fields[group.split(":")[0].split(".")[0]].type for group in lazy_groupby]
        fast = self.env.context.get("kpi_raw_many2one") and all(
            kind in ("many2one", "date", "datetime") and (kind != "many2one" or ":" not in group and "." not in group)
            for group, kind in zip(lazy_groupby, kinds, strict=True))
        if not fast:
            if self.env.context.get("kpi_raw_many2one"):  # give Odoo the recordsets it expects
                for group, kind in zip(lazy_groupby, kinds, strict=True):
                    if kind == "many2one":
                        Comodel = self.env[self._fields[group.split(":")[0].split(".")[0]].comodel_name]
                        for row in rows_dict:
                            if not isinstance(row[group], models.BaseModel):
                                row[group] = Comodel.browse(row[group] or ())
            return super()._read_group_format_result(rows_dict, lazy_groupby)
        formats = []  # per group: {raw value: (formatted value, range or None, domain part)}
        for group, kind in zip(lazy_groupby, kinds, strict=True):
            values = {row[group] for row in rows_dict}
            formatted = {}
            if kind == "many2one":
                field = self._fields[group]
                records = self.env[field.comodel_name].browse([v for v in values if v]).sudo()
                names = dict(zip(records.ids, records.mapped("display_name"), strict=True))
                for value in values:
                    formatted[value] = ((value, names[value]) if value else False, None,
                                        [(field.name, "=", value or False)])
            else:
                for value in values:
                    sample = {group: value, "__domain": []}
                    super()._read_group_format_result([sample], [group])
                    formatted[value] = (sample[group], (sample.get("__range") or {}).get(group, None)
                                        if "__range" in sample else None, sample["__domain"])
                    if "__range" in sample:
                        formatted[value] = formatted[value] + (True,)
            formats.append((group, formatted))
        base_domains = {}
        for row in rows_dict:
            domain = row["__domain"]
            if id(domain) not in base_domains:
                base_domains[id(domain)] = expression.normalize_domain(domain) if domain else []
            base = base_domains[id(domain)]
            parts = list(base)
            count = 1 if base else 0
            for group, formatted in formats:
                entry = formatted[row[group]]
                row[group] = entry[0]
                if len(entry) == 4:
                    row.setdefault("__range", {})[group] = entry[1]
                if entry[2]:
                    parts += entry[2]
                    count += 1
            row["__domain"] = ["&"] * (count - 1) + parts if count > 1 else parts

    def _group_sort_key(self, specs):
        """Sort key of formatted groups as Odoo orders them: many2one groups by
        name (then id, descending, as res.partner's order), dates by their range,
        other values as they are; empty groups last."""
        kinds = [self._fields[spec.split(":")[0]].type for spec in specs]

        def key(group):
            parts = []
            for spec, kind in zip(specs, kinds, strict=True):
                value = group[spec]
                if not value:
                    parts.append((True, ""))
                elif kind == "many2one":
                    parts.append((False, ((value[1] or "").lower(), -value[0])))
                elif kind in ("date", "datetime"):
                    parts.append((False, (group.get("__range") or {}).get(spec, {}).get("from") or ""))
                else:
                    parts.append((False, value))
            return tuple(parts)
        return key

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Rates of a group = ratio of the group's sums (weighted), not a mean of rates.

        The rate columns are not aggregated by SQL: their numerator and
        denominator are summed instead (``rate`` or ``rate:avg`` as the pivot
        asks), then each rate is computed per group."""
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
        # Odoo orders many2one groups by the comodel's order, joining res_partner (or
        # res_country_state) to every summary row and sorting by name in SQL; when the
        # caller asks no order, the groups are ordered by name here instead, as Odoo
        # orders them (names, then dates by their range; empty last)
        groupby_list = [groupby] if isinstance(groupby, str) else list(groupby or [])
        specs = groupby_list[:1] if lazy else groupby_list
        kinds = {self._fields[spec.split(":")[0]].type for spec in groupby_list}
        # (with a date grouping, where PostgreSQL sorts the groups faster)
        python_sort = bool(not orderby and not offset and not limit and "many2one" in kinds
                           and not kinds & {"date", "datetime"})
        if python_sort:
            if "shipment_count" not in present:
                read.append("shipment_count")
            orderby = "shipment_count desc"
        groups = super(LogisticsKpiReport, self.with_context(kpi_raw_many2one=True)).read_group(
            domain, read, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
        if python_sort:
            groups.sort(key=self._group_sort_key(specs))
        for group in groups:
            for rate in wanted:
                numerator, denominator, factor = RATES[rate]
                den = group.get(denominator) or 0
                group[rate] = factor * (group.get(numerator) or 0) / den if den else False
        return groups
