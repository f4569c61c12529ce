from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.logistics_crm.tools import local_month_sql, sql_rows

from ..settings import get_setting

# On time, the one definition (SQL over the columns of a waybill; parameters: the
# tolerances in minutes ``dispatch`` and ``arrival``, and ``now``): the stored flags of
# one waybill (_compute_on_time, through sql_rows), of every waybill after a tolerance
# change (_recompute_on_time_all) and of the overdue ones each hour (_cron_mark_overdue).
# - on time: done no later than planned plus the tolerance (not done: not on time);
# - due (counted in the on-time rate): done, or not done although planned plus the
#   tolerance has passed (then it counts as late).
ON_TIME_SQL = {
    "dispatch_on_time": "COALESCE(pickup_actual <= pickup_planned + %(dispatch)s * interval '1 minute', false)",
    "arrival_on_time": "COALESCE(delivery_actual <= delivery_planned + %(arrival)s * interval '1 minute', false)",
    "dispatch_due": "COALESCE(pickup_planned IS NOT NULL AND (pickup_actual IS NOT NULL"
                    " OR pickup_planned + %(dispatch)s * interval '1 minute' < %(now)s), false)",
    "arrival_due": "COALESCE(delivery_planned IS NOT NULL AND (delivery_actual IS NOT NULL"
                   " OR delivery_planned + %(arrival)s * interval '1 minute' < %(now)s), false)",
}
ON_TIME_COLUMNS = [("pickup_planned", "timestamp"), ("pickup_actual", "timestamp"),
                   ("delivery_planned", "timestamp"), ("delivery_actual", "timestamp")]


def on_time_update_sql(names):
    """UPDATE of the flags ``names`` (keys of ON_TIME_SQL) of the waybills where one changes."""
    return "UPDATE logistics_shipment SET %s WHERE (%s) IS DISTINCT FROM (%s)" % (
        ", ".join("%s = %s" % (name, ON_TIME_SQL[name]) for name in names),
        ", ".join(names), ", ".join(ON_TIME_SQL[name] for name in names))


SERVICE_TYPES = [
    ("ftl", "Full truckload"),
    ("ltl", "Less than truckload"),
    ("express", "Express"),
    ("air", "Air freight"),
    ("sea", "Sea freight"),
    ("rail", "Rail freight"),
    ("warehouse", "Warehousing"),
]


class LogisticsShipment(models.Model):
    """A waybill (运单): one shipment of one customer, with its service events."""

    _name = "logistics.shipment"
    _description = "Shipment (waybill)"
    _order = "pickup_planned desc, id desc"

    name = fields.Char("Waybill", required=True, index=True, copy=False)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="restrict",
        domain=[("is_company", "=", True)])
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True, store=True)
    customer_tier = fields.Selection(related="partner_id.customer_tier", readonly=True)  # current tier
    account_manager_id = fields.Many2one(
        related="partner_id.account_manager_id", store=True, readonly=True)
    service_type = fields.Selection(SERVICE_TYPES, default="ftl", required=True)
    origin_state_id = fields.Many2one("res.country.state", string="Origin region")
    origin_city = fields.Char()
    dest_state_id = fields.Many2one("res.country.state", string="Destination region", index=True)
    dest_city = fields.Char("Destination city")
    pickup_planned = fields.Datetime("Planned pickup", required=True, index=True)
    pickup_actual = fields.Datetime("Actual pickup")
    delivery_planned = fields.Datetime("Planned delivery")
    delivery_actual = fields.Datetime("Actual delivery")
    month = fields.Date(compute="_compute_month", store=True, index=True,
                        help="First day of the month of the planned pickup.")
    pieces = fields.Integer()
    weight = fields.Float("Weight (kg)", digits=(16, 2))
    volume = fields.Float("Volume (m³)", digits=(16, 3))
    documents_returned = fields.Boolean("Documents returned")
    documents_accurate = fields.Boolean("Documents accurate", default=True)
    damaged = fields.Boolean("Damage")
    damage_value = fields.Monetary(currency_field="currency_id")
    shortage = fields.Boolean()
    shortage_value = fields.Monetary(currency_field="currency_id")
    revenue = fields.Monetary(currency_field="currency_id")
    dispatch_on_time = fields.Boolean(
        compute="_compute_on_time", store=True, index=True,
        help="Picked up no later than planned plus the dispatch tolerance (Settings).")
    arrival_on_time = fields.Boolean(
        compute="_compute_on_time", store=True,
        help="Delivered no later than planned plus the arrival tolerance (Settings).")
    dispatch_due = fields.Boolean(
        "Pickup due", compute="_compute_on_time", store=True,
        help="Picked up, or not picked up although the planned pickup plus the tolerance has passed "
             "(then it counts as late).")
    arrival_due = fields.Boolean(
        "Delivery due", compute="_compute_on_time", store=True,
        help="Delivered, or not delivered although the planned delivery plus the tolerance has passed "
             "(then it counts as late).")
    note = fields.Text()

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "A waybill number must be unique per company."),
    ]

    @api.depends("pickup_planned", "company_id")
    def _compute_month(self):
        """The month of the planned pickup in the company's time zone, China's by
        default (a pickup at 07:00 on the 1st in Shanghai is 23:00 UTC the day before):
        local_month_sql, the month of complaints and survey answers too."""
        # the time zones the query reads
        self.env["res.company"].flush_model(["partner_id"])
        self.env["res.partner"].flush_model(["tz"])
        months = sql_rows(self.env.cr, [local_month_sql("p.planned", "p.company_id")],
                          [("planned", "timestamp"), ("company_id", "int4")],
                          [(shipment.pickup_planned or None, (shipment.company_id or self.env.company).id)
                           for shipment in self])
        for shipment, (month,) in zip(self, months, strict=True):
            shipment.month = month

    @api.depends("pickup_planned", "pickup_actual", "delivery_planned", "delivery_actual")
    def _compute_on_time(self):
        names = list(ON_TIME_SQL)
        flags = sql_rows(self.env.cr, [ON_TIME_SQL[name] for name in names], ON_TIME_COLUMNS,
                         [tuple(shipment[column] or None for column, _kind in ON_TIME_COLUMNS) for shipment in self],
                         self._on_time_params())
        for shipment, values in zip(self, flags, strict=True):
            for name, value in zip(names, values, strict=True):
                shipment[name] = value

    @api.constrains("pickup_planned", "pickup_actual", "delivery_planned", "delivery_actual")
    def _check_dates(self):
        for shipment in self:
            if shipment.delivery_planned and shipment.delivery_planned < shipment.pickup_planned:
                raise ValidationError(_("Shipment %s: the planned delivery is before the planned pickup.")
                                      % shipment.name)
            if shipment.delivery_actual and shipment.pickup_actual \
                    and shipment.delivery_actual < shipment.pickup_actual:
                raise ValidationError(_("Shipment %s: the actual delivery is before the actual pickup.")
                                      % shipment.name)

    @api.constrains("damage_value", "shortage_value", "pieces", "weight", "volume")
    def _check_quantities(self):
        for shipment in self:
            if min(shipment.damage_value, shipment.shortage_value, shipment.pieces,
                   shipment.weight, shipment.volume) < 0:
                raise ValidationError(_("Shipment %s: quantities and values cannot be negative.")
                                      % shipment.name)

    # the on-time flags and the "due" flags of every shipment, set-based (one statement)
    _ON_TIME_SQL = on_time_update_sql(list(ON_TIME_SQL))

    def _on_time_params(self):
        return {"dispatch": get_setting(self.env, "dispatch_tolerance_minutes"),
                "arrival": get_setting(self.env, "arrival_tolerance_minutes"),
                "now": fields.Datetime.now()}

    # the "due" flags that the passing time changes (the hourly job)
    _DUE_SQL = on_time_update_sql(["dispatch_due", "arrival_due"])

    @api.model
    def _recompute_on_time_all(self):
        """Set-based recomputation after a tolerance change (one UPDATE)."""
        self.flush_model()
        self.env.cr.execute(self._ON_TIME_SQL, self._on_time_params())
        self.invalidate_model(["dispatch_on_time", "arrival_on_time", "dispatch_due", "arrival_due"])

    @api.model
    def _cron_mark_overdue(self):
        """Hourly: a shipment not picked up (delivered) once its planned time plus
        the tolerance has passed becomes due, i.e. counts as late (one UPDATE of
        the rows that change; the KPI summary follows by its triggers)."""
        params = self._on_time_params()
        self.flush_model()
        self.env.cr.execute(self._DUE_SQL, params)
        self.invalidate_model(["dispatch_due", "arrival_due"])
        return True

    @api.model
    def load(self, fields_list, data):
        """Standard import; every error message names its CSV row.

        Odoo's ``load`` reports per row (an unknown customer: "No matching record
        found ... in field 'Customer'", a bad date: "... does not seem to be a valid
        datetime ...") and imports nothing when any row fails (savepoint rollback).
        The row number as the user sees it in the file (header = row 1) is added.
        """
        result = super().load(fields_list, data)
        messages = []
        failed = set()  # (row, field) already reported: drop the "missing required value" echo
        for message in result.get("messages", []):
            message = dict(message)
            row = (message.get("rows") or {}).get("from")
            key = (row, message.get("field"))
            if key in failed and message.get("type") == "error":
                continue
            failed.add(key)
            if row is not None:
                message["message"] = _("Row %(row)d: %(message)s", row=row + 2, message=message.get("message") or "")
            messages.append(message)
        result["messages"] = messages
        return result

    @api.model
    def _demo_generate(self, partner_xmlids, per_month=20, months=12):
        """Demo data: ``months`` months of waybills for the given customers (deterministic)."""
        import random

        from dateutil.relativedelta import relativedelta
        rnd = random.Random(20261123)
        partners = [self.env.ref(xmlid, raise_if_not_found=False) for xmlid in partner_xmlids]
        partners = [p for p in partners if p]
        State = self.env["res.country.state"]
        # the busiest provinces (l10n_cn's codes), else any eight regions
        states = State.search([("country_id.code", "=", "CN"),
                               ("code", "in", ["沪", "京", "浙", "苏", "粤", "鲁", "川", "鄂"])]) \
            or State.search([], limit=8)
        origin = states.filtered(lambda s: s.code == "沪")[:1] or states[:1]
        if not partners or not states or self.search_count([("name", "=like", "DEMO-%")]):
            return False
        start = fields.Datetime.now().replace(
            day=1, hour=8, minute=0, second=0, microsecond=0) - relativedelta(months=months - 1)
        values = []
        for p_index, partner in enumerate(partners):
            for month in range(months):
                base = start + relativedelta(months=month)
                season = 1.4 if base.month in (10, 11, 12) else 0.7 if base.month in (1, 2) else 1.0
                for n in range(int(per_month * season)):
                    pickup = base + timedelta(days=rnd.randint(0, 26), hours=rnd.randint(0, 9))
                    late = rnd.random() < 0.1 + 0.03 * p_index
                    transit = timedelta(hours=rnd.choice([24, 48, 72]))
                    dest = states[rnd.randint(0, len(states) - 1)]
                    damaged = rnd.random() < 0.01
                    values.append({
                        "name": "DEMO-%d-%02d%02d-%03d" % (partner.id, base.year % 100, base.month, n),
                        "partner_id": partner.id,
                        "service_type": rnd.choice(["ftl", "ltl", "express"]),
                        "origin_state_id": origin.id, "origin_city": "上海",
                        "dest_state_id": dest.id, "dest_city": dest.name,
                        "pickup_planned": pickup,
                        "pickup_actual": pickup + timedelta(
                            minutes=rnd.randint(45, 300) if late else rnd.randint(-30, 25)),
                        "delivery_planned": pickup + transit,
                        "delivery_actual": pickup + transit + timedelta(
                            minutes=rnd.randint(70, 600) if rnd.random() < 0.08 else rnd.randint(-120, 50)),
                        "pieces": rnd.randint(1, 40),
                        "weight": rnd.randint(50, 8000),
                        "volume": rnd.randint(1, 60),
                        "documents_returned": rnd.random() < 0.95,
                        "documents_accurate": rnd.random() < 0.97,
                        "damaged": damaged,
                        "damage_value": damaged and rnd.randint(100, 5000) or 0.0,
                        "shortage": rnd.random() < 0.005,
                        "revenue": rnd.randint(800, 12000),
                    })
        # waybills of the coming days are planned, not yet picked up or delivered
        now = fields.Datetime.now()
        for value in values:
            if value["pickup_actual"] > now:
                value["pickup_actual"] = False
            if value["delivery_actual"] > now:
                value["delivery_actual"] = False
        self.create(values)
        return True
