from odoo import fields, models
from odoo.tools import sql

# The shipment side of the KPI report, pre-aggregated by customer, month and
# destination region: one row per key, kept current by statement-level triggers on
# logistics_shipment (transition tables: one grouped upsert per INSERT/UPDATE/DELETE
# statement, whatever its number of rows) and rebuilt at every install/update.
SUMMARY_TABLE = "logistics_kpi_shipment_month"
SUMMARY_KEYS = ("company_id", "partner_id", "month", "region_id")
SUMMARY_INDEX = SUMMARY_TABLE + "_key_uniq"
# measure: SQL over a shipment row ``s`` (multiplied by the row's sign), column type
SUMMARY_MEASURES = (
    ("shipment_count", "1", "integer"),
    # due: picked up, or overdue without a pickup (late): the denominator of the on-time rate
    ("dispatched_count", "COALESCE(s.dispatch_due, false)::int", "integer"),
    ("dispatch_on_time_count", "(COALESCE(s.dispatch_due, false) AND COALESCE(s.dispatch_on_time, false))::int",
     "integer"),
    ("delivered_count", "COALESCE(s.arrival_due, false)::int", "integer"),
    ("arrival_on_time_count", "(COALESCE(s.arrival_due, false) AND COALESCE(s.arrival_on_time, false))::int",
     "integer"),
    ("documents_accurate_count", "COALESCE(s.documents_accurate, false)::int", "integer"),
    ("documents_returned_count", "COALESCE(s.documents_returned, false)::int", "integer"),
    ("damaged_count", "COALESCE(s.damaged, false)::int", "integer"),
    ("shortage_count", "COALESCE(s.shortage, false)::int", "integer"),
    ("accident_count", "(COALESCE(s.damaged, false) OR COALESCE(s.shortage, false))::int", "integer"),
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


class LogisticsKpiShipmentMonth(models.Model):
    """Shipment figures by customer, month and destination region (the shipment side
    of ``logistics.kpi.report``, which reads this table rather than every shipment).

    Written only by the triggers on logistics_shipment (one grouped upsert per
    statement) and rebuilt from the shipments at every install/update of the addon:
    read-only for everyone through the ORM."""

    _name = "logistics.kpi.shipment.month"
    _description = "Shipment KPI summary by customer, month and region"
    _log_access = False
    _rec_name = "month"
    _order = "month desc, partner_id, region_id"

    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True,
                                 ondelete="cascade")
    month = fields.Date(required=True, readonly=True)
    # an integer key, not a Many2one: 0 stands for "no destination region" so that
    # the upsert's conflict target is a plain unique index over the four columns
    region_id = fields.Integer("Destination region key", required=True, readonly=True,
                               help="Id of the destination region (res.country.state), 0 for none.")
    shipment_count = fields.Integer("Shipments", readonly=True)
    dispatched_count = fields.Integer("Pickups due", readonly=True)
    dispatch_on_time_count = fields.Integer("Dispatched on time", readonly=True)
    delivered_count = fields.Integer("Deliveries due", readonly=True)
    arrival_on_time_count = fields.Integer("Arrived on time", readonly=True)
    documents_accurate_count = fields.Integer("Accurate documents", readonly=True)
    documents_returned_count = fields.Integer("Documents returned", readonly=True)
    damaged_count = fields.Integer("Damaged", readonly=True)
    shortage_count = fields.Integer("Shortages", readonly=True)
    accident_count = fields.Integer("Accidents", readonly=True)
    damage_value = fields.Float(readonly=True)
    shortage_value = fields.Float(readonly=True)
    revenue = fields.Float(readonly=True)
    weight = fields.Float("Weight (kg)", readonly=True)

    def init(self):
        """The unique index of the upsert, the trigger function and triggers on the
        shipments, and the content rebuilt from the shipments (self-healing)."""
        # pylint: disable=sql-injection  # DDL from the module's constants, no outside value
        cr = self.env.cr
        sql.create_unique_index(cr, SUMMARY_INDEX, SUMMARY_TABLE, list(SUMMARY_KEYS))
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
        cr.execute("INSERT INTO %s (%s) %s" % (SUMMARY_TABLE, names, _summary_select("logistics_shipment", False)))
