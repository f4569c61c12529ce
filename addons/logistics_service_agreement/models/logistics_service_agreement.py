import calendar
from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.logistics_crm.tools import selection_labels

# the KPIs an agreement sets a target on:
# (key, rate of logistics.kpi.report, target field, kind, direction: 1 higher is better, -1 lower is better)
AGREEMENT_KPIS = [
    ("dispatch", "dispatch_on_time_rate", "dispatch_on_time_target", "pct", 1),
    ("arrival", "arrival_on_time_rate", "arrival_on_time_target", "pct", 1),
    ("accuracy", "document_accuracy_rate", "document_accuracy_target", "pct", 1),
    ("damage", "damage_rate", "damage_ceiling", "permille", -1),
]
KPI_SELECTION = [
    ("dispatch", "Dispatch on-time %"),
    ("arrival", "Arrival on-time %"),
    ("accuracy", "Document accuracy %"),
    ("damage", "Damage per 1,000"),
]
# the shipments that count against each KPI (logistics.shipment domains)
KPI_MISS_DOMAINS = {
    "dispatch": [("dispatch_due", "=", True), ("dispatch_on_time", "=", False)],
    "arrival": [("arrival_due", "=", True), ("arrival_on_time", "=", False)],
    "accuracy": [("documents_accurate", "=", False)],
    "damage": [("damaged", "=", True)],
}


def month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def format_value(value, kind):
    if value is None or value is False:
        return "–"
    return "%.1f" % value if kind == "pct" else "%.2f" % value


class LogisticsServiceAgreement(models.Model):
    """The service levels negotiated with one customer (or a group of customers), for a period."""

    _name = "logistics.service.agreement"
    _description = "Customer service agreement"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"

    name = fields.Char("Agreement", required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", index=True, tracking=True, ondelete="cascade",
        domain=[("is_company", "=", True)],
        help="The customer company the agreement is with. Leave empty for an agreement with a customer group.")
    category_id = fields.Many2one(
        "res.partner.category", string="Customer group", index=True, tracking=True, ondelete="restrict",
        help="An agreement for every customer with this tag (a customer's own agreement comes first).")
    account_manager_id = fields.Many2one(related="partner_id.account_manager_id", store=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    date_start = fields.Date("Valid from", required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date("Valid until", tracking=True, help="Leave empty for an agreement without end.")
    active = fields.Boolean(default=True, tracking=True)
    dispatch_on_time_target = fields.Float(
        "Dispatch on-time target %", digits=(5, 2), tracking=True, help="0: no target agreed.")
    arrival_on_time_target = fields.Float(
        "Arrival on-time target %", digits=(5, 2), tracking=True, help="0: no target agreed.")
    document_accuracy_target = fields.Float(
        "Document accuracy target %", digits=(5, 2), tracking=True, help="0: no target agreed.")
    damage_ceiling = fields.Float(
        "Damage ceiling per 1,000", digits=(6, 2), tracking=True,
        help="At most this many damaged shipments per 1,000 shipments. 0: no ceiling agreed.")
    response_hours = fields.Float(
        "Respond within (h)", tracking=True,
        help="Complaint response time for this customer, whatever the severity without a line of its own "
             "below. 0: the SLA policies (tier x severity) apply.")
    resolution_hours = fields.Float(
        "Resolve within (h)", tracking=True,
        help="Complaint resolution time for this customer, whatever the severity without a line of its own "
             "below. 0: the SLA policies (tier x severity) apply.")
    sla_line_ids = fields.One2many("logistics.service.agreement.sla", "agreement_id",
                                   string="Complaint times per severity", copy=True)
    pause_resolution_when_waiting = fields.Boolean(
        "Pause the resolution clock while waiting for the customer", tracking=True,
        help="While a complaint waits for the customer (documents, an answer), its resolution clock stops; "
             "the response clock never stops.")
    note = fields.Text()

    # ---------------------------------------------------------------- constraints
    @api.constrains("partner_id", "category_id")
    def _check_customer(self):
        for agreement in self:
            if bool(agreement.partner_id) == bool(agreement.category_id):
                raise ValidationError(_("Agreement %s: choose either a customer or a customer group.",
                                        agreement.name))

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for agreement in self:
            if agreement.date_end and agreement.date_end < agreement.date_start:
                raise ValidationError(_("Agreement %s ends before it starts.", agreement.name))

    @api.constrains("dispatch_on_time_target", "arrival_on_time_target", "document_accuracy_target",
                    "damage_ceiling", "response_hours", "resolution_hours")
    def _check_targets(self):
        for agreement in self:
            for name in ("dispatch_on_time_target", "arrival_on_time_target", "document_accuracy_target"):
                if not 0 <= agreement[name] <= 100:
                    raise ValidationError(_("Agreement %(name)s: %(field)s is a percentage between 0 and 100.",
                                            name=agreement.name,
                                            field=self._fields[name]._description_string(self.env)))
            if agreement.damage_ceiling < 0 or agreement.response_hours < 0 or agreement.resolution_hours < 0:
                raise ValidationError(_("Agreement %s: the ceiling and the times cannot be negative.",
                                        agreement.name))
            if bool(agreement.response_hours) != bool(agreement.resolution_hours):
                raise ValidationError(_("Agreement %s: give both the response and the resolution time, "
                                        "or neither.", agreement.name))
            if agreement.resolution_hours < agreement.response_hours:
                raise ValidationError(_("The resolution time cannot be shorter than the response time."))

    @api.constrains("partner_id", "category_id", "date_start", "date_end", "active", "company_id")
    def _check_overlap(self):
        for agreement in self.filtered("active"):
            domain = [("id", "!=", agreement.id), ("company_id", "=", agreement.company_id.id),
                      ("date_start", "<=", agreement.date_end or date.max),
                      "|", ("date_end", "=", False), ("date_end", ">=", agreement.date_start)]
            if agreement.partner_id:
                domain.append(("partner_id", "=", agreement.partner_id.id))
            else:
                domain.append(("category_id", "=", agreement.category_id.id))
            other = self.sudo().search(domain, limit=1)
            if other:
                raise ValidationError(_(
                    "%(customer)s already has an active agreement for this period: %(other)s.",
                    customer=(agreement.partner_id or agreement.category_id).display_name,
                    other=other.name))

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id and not self.name:
            self.name = _("Service agreement %s", self.partner_id.name)

    # ---------------------------------------------------------------- lookup
    @api.model
    def _find_agreement(self, partner, day_from, day_to=None, company=None):
        """The agreement of ``partner``'s company in force between ``day_from`` and ``day_to``: the
        customer's own, else one of a group (tag) of the customer; latest start first."""
        partner = partner.commercial_partner_id
        if not partner:
            return self.browse()
        day_from = fields.Date.to_date(day_from)
        day_to = fields.Date.to_date(day_to) if day_to else day_from
        company = company or partner.company_id or self.env.company
        Agreement = self.sudo()
        base = [("company_id", "=", company.id), ("date_start", "<=", day_to),
                "|", ("date_end", "=", False), ("date_end", ">=", day_from)]
        agreement = Agreement.search(base + [("partner_id", "=", partner.id)],
                                     order="date_start desc, id desc", limit=1)
        if not agreement and partner.category_id:
            agreement = Agreement.search(base + [("partner_id", "=", False),
                                                 ("category_id", "in", partner.category_id.ids)],
                                         order="date_start desc, id desc", limit=1)
        return agreement

    def _sla_hours(self, severity):
        """(response, resolution) hours of the agreement for ``severity``, or None (the matrix applies)."""
        if not self:
            return None
        self.ensure_one()
        line = self.sla_line_ids.filtered(lambda sla: sla.severity == severity)[:1]
        if line:
            return line.response_hours, line.resolution_hours
        if self.response_hours and self.resolution_hours:
            return self.response_hours, self.resolution_hours
        return None

    # ---------------------------------------------------------------- KPIs vs targets
    @api.model
    def _kpi_labels(self):
        """KPI labels in the language of the context."""
        return selection_labels(self.env["logistics.agreement.kpi.report"], "kpi")

    @api.model
    def _scorecard(self, partner, months):
        """Each KPI with a target, per month of ``months`` (first days): [{month, kpi, label, kind, target,
        actual (False without data), margin (better than the target if >= 0, by how much), met, agreement}]."""
        partner = partner.commercial_partner_id
        labels = self._kpi_labels()
        Report = self.env["logistics.kpi.report"].sudo()
        rows = []
        for month in months:
            agreement = self._find_agreement(partner, month, month_end(month))
            if not agreement:
                continue
            groups = Report.read_group([("partner_id", "=", partner.id), ("month", "=", month)],
                                       [rate for _k, rate, _t, _kind, _d in AGREEMENT_KPIS], [], lazy=False)
            values = groups[0] if groups else {}
            for key, rate, target_field, kind, direction in AGREEMENT_KPIS:
                target = agreement[target_field]
                if not target:
                    continue
                actual = values.get(rate)
                measured = actual is not None and actual is not False
                margin = round((actual - target) * direction, 4) if measured else None
                rows.append({
                    "month": month, "kpi": key, "label": labels[key], "kind": kind, "target": target,
                    "actual": actual if measured else False, "margin": margin,
                    "met": None if not measured else margin >= 0, "agreement": agreement,
                    "target_text": format_value(target, kind),
                    "actual_text": format_value(actual if measured else None, kind),
                    "margin_text": ("+" if margin and margin > 0 else "") + format_value(margin, kind)
                    if measured else "–",
                })
        return rows

    @api.model
    def _kpi_misses(self, partner, date_from, date_to, kpis):
        """The shipments of ``partner`` planned between the months of ``date_from`` and ``date_to``
        that count against the ``kpis``: [{kpi, label, shipment, reason}], oldest first."""
        partner = partner.commercial_partner_id
        labels = self._kpi_labels()
        Shipment = self.env["logistics.shipment"].sudo()
        misses = []
        for key, _label in KPI_SELECTION:
            if key not in kpis:
                continue
            shipments = Shipment.search([("partner_id", "=", partner.id), ("month", ">=", date_from),
                                         ("month", "<=", date_to)] + KPI_MISS_DOMAINS[key],
                                        order="pickup_planned, id")
            misses += [{"kpi": key, "label": labels[key], "shipment": shipment,
                        "date": fields.Datetime.context_timestamp(shipment, shipment.pickup_planned).strftime(
                            "%Y-%m-%d") if shipment.pickup_planned else "",
                        "reason": shipment.delay_reason_id} for shipment in shipments]
        return misses

