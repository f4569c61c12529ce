from odoo import _, fields, models, tools

from odoo.addons.logistics_crm.tools import selection_labels
from odoo.addons.logistics_kpi.models.logistics_kpi_report import SUMMARY_TABLE

from .logistics_service_agreement import KPI_MISS_DOMAINS, KPI_SELECTION


class LogisticsAgreementKpiReport(models.Model):
    """Each KPI of a customer and month against the target of the customer's service agreement
    (SQL view over the KPI report's shipment summary): target, actual, met or missed and by how much.

    The agreement of a month is the customer's own in force in that month, else the one of a
    customer group (tag) of the customer. KPIs without a target (0) are not listed."""

    _name = "logistics.agreement.kpi.report"
    _description = "KPIs against the service agreement"
    _auto = False
    _rec_name = "kpi"
    _order = "month desc, partner_id, kpi"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    month = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    account_manager_id = fields.Many2one("res.users", string="Account manager", readonly=True)
    agreement_id = fields.Many2one("logistics.service.agreement", readonly=True)
    kpi = fields.Selection(KPI_SELECTION, string="Indicator", readonly=True)
    numerator = fields.Integer("Shipments counted", readonly=True,
                               help="On time, accurate or damaged, as the KPI counts.")
    denominator = fields.Integer("Out of", readonly=True)
    missed_count = fields.Integer("Shipments against the target", readonly=True,
                                  help="Late, with inaccurate documents or damaged, as the KPI counts.")
    actual = fields.Float(readonly=True, digits=(6, 2), aggregator=False)
    target = fields.Float(readonly=True, digits=(6, 2), aggregator=False)
    margin = fields.Float("Better than target by", readonly=True, digits=(6, 2), aggregator=False,
                          help="Negative: missed by this much (points of %, or shipments per 1,000).")
    met = fields.Boolean("Target met", readonly=True)

    def _search(self, domain, *args, **kwargs):
        self.env.flush_all()
        return super()._search(domain, *args, **kwargs)

    def init(self):
        # pylint: disable=sql-injection  # the view is built from constants (table names) only
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW %(table)s AS (
            WITH m AS (
                SELECT s.company_id, s.partner_id, s.month, MIN(s.id) AS min_id,
                       SUM(s.dispatch_on_time_count) AS d_num, SUM(s.dispatched_count) AS d_den,
                       SUM(s.arrival_on_time_count) AS a_num, SUM(s.delivered_count) AS a_den,
                       SUM(s.documents_accurate_count) AS c_num, SUM(s.shipment_count) AS n,
                       SUM(s.damaged_count) AS g_num
                  FROM %(summary)s s
                 GROUP BY s.company_id, s.partner_id, s.month
            ),
            ma AS (
                SELECT m.*, ag.id AS agreement_id, ag.dispatch_on_time_target, ag.arrival_on_time_target,
                       ag.document_accuracy_target, ag.damage_ceiling
                  FROM m
                  JOIN LATERAL (
                      SELECT a.* FROM logistics_service_agreement a
                       WHERE a.active AND a.company_id = m.company_id
                         AND a.date_start <= (m.month + interval '1 month' - interval '1 day')::date
                         AND (a.date_end IS NULL OR a.date_end >= m.month)
                         AND (a.partner_id = m.partner_id
                              OR (a.partner_id IS NULL AND a.category_id IN (
                                  SELECT r.category_id FROM res_partner_res_partner_category_rel r
                                   WHERE r.partner_id = m.partner_id)))
                       ORDER BY (a.partner_id IS NULL), a.date_start DESC, a.id DESC
                       LIMIT 1) ag ON true
            )
            SELECT (ma.min_id * 4 + k.idx)::bigint AS id, ma.partner_id, ma.month, ma.company_id,
                   p.account_manager_id, ma.agreement_id, k.kpi::varchar AS kpi,
                   k.num::int AS numerator, k.den::int AS denominator, k.missed::int AS missed_count,
                   k.actual::float8 AS actual, k.target::float8 AS target,
                   (k.dir * (k.actual - k.target))::float8 AS margin,
                   (k.dir * (k.actual - k.target)) >= 0 AS met
              FROM ma
              JOIN res_partner p ON p.id = ma.partner_id
             CROSS JOIN LATERAL (VALUES
                   (0, 'dispatch', ma.d_num, ma.d_den, ma.d_den - ma.d_num,
                    100.0 * ma.d_num / NULLIF(ma.d_den, 0), ma.dispatch_on_time_target, 1),
                   (1, 'arrival', ma.a_num, ma.a_den, ma.a_den - ma.a_num,
                    100.0 * ma.a_num / NULLIF(ma.a_den, 0), ma.arrival_on_time_target, 1),
                   (2, 'accuracy', ma.c_num, ma.n, ma.n - ma.c_num,
                    100.0 * ma.c_num / NULLIF(ma.n, 0), ma.document_accuracy_target, 1),
                   (3, 'damage', ma.g_num, ma.n, ma.g_num,
                    1000.0 * ma.g_num / NULLIF(ma.n, 0), ma.damage_ceiling, -1)
             ) AS k(idx, kpi, num, den, missed, actual, target, dir)
             WHERE COALESCE(k.target, 0) > 0 AND k.den > 0
            )""" % {"table": self._table, "summary": SUMMARY_TABLE})

    def action_view_misses(self):
        """The shipments of this customer and month that count against the KPI, with their reason code."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("%(kpi)s: shipments against the target", kpi=selection_labels(self, "kpi")[self.kpi]),
            "res_model": "logistics.shipment",
            "view_mode": "list,form",
            "domain": [("partner_id", "=", self.partner_id.id), ("month", "=", self.month)]
            + KPI_MISS_DOMAINS[self.kpi],
            "context": {"create": False},
        }
