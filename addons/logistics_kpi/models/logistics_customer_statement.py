import logging
import uuid

import psycopg2
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.logistics_crm.tools import format_month

from ..settings import company_today

_logger = logging.getLogger(__name__)

STATEMENT_KPIS = [
    ("shipment_count", "Shipments", "count"),
    ("dispatch_on_time_rate", "Dispatch on-time %", "pct"),
    ("arrival_on_time_rate", "Arrival on-time %", "pct"),
    ("document_accuracy_rate", "Document accuracy %", "pct"),
    ("damage_rate", "Damage per 1,000", "permille"),
    ("shortage_rate", "Shortage per 1,000", "permille"),
    ("complaint_rate", "Complaints per 1,000", "permille"),
    ("satisfaction_index", "Satisfaction index", "index"),
    ("nps", "NPS", "index"),
]


def _has_value(value):
    """A KPI was measured (read_group gives False for a rate without data; 0.0 is a value)."""
    return value is not None and value is not False


# the figures of a statement: computed when read, not searchable (a clear error, not Odoo's ERROR log)
KPI_FIELD = {"compute": "_compute_kpis", "search": "_search_kpi"}


class LogisticsCustomerStatement(models.Model):
    """The monthly service statement of a customer (月度统计分析表)."""

    _name = "logistics.customer.statement"
    _description = "Monthly customer statement"
    # a statement changes only through its actions: sent by the send step, and whose and
    # which month it is (and its portal token) fixed when it is made
    _inherit = ["logistics.workflow.mixin", "logistics.customer.guard", "logistics.customer.mail.mixin"]
    _workflow_fields = ("state", "date_sent", "mail_id")
    _workflow_initial = {"state": "draft"}
    _workflow_fixed = ("partner_id", "month", "company_id", "access_token")
    _order = "month desc, partner_id"

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True,
                                 ondelete="cascade", domain=[("is_company", "=", True)])
    month = fields.Date(required=True, index=True, help="First day of the month reported.")
    state = fields.Selection([("draft", "Draft"), ("sent", "Sent")], default="draft", required=True,
                             readonly=True, copy=False)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    account_manager_id = fields.Many2one(related="partner_id.account_manager_id", store=True, readonly=True)
    date_sent = fields.Datetime(readonly=True, copy=False)
    mail_id = fields.Many2one("mail.mail", readonly=True, copy=False, ondelete="set null", index="btree_not_null",
                              help="The mail of the statement while it is queued (a failed one is retried).")
    send_error = fields.Char("Last sending error", readonly=True, copy=False)
    delivery_failed = fields.Boolean(
        "Mail not delivered", compute="_compute_delivery_failed", store=True,
        help="The statement's mail could not be delivered (e.g. the mail server is down): it waits in the "
             "queue and is sent again by the mail queue or the daily catch-up.")
    delivery_failure = fields.Text("Delivery failure", related="mail_id.failure_reason")
    access_token = fields.Char(default=lambda self: str(uuid.uuid4()), copy=False, readonly=True)
    shipment_count = fields.Integer(**KPI_FIELD)
    dispatch_on_time_rate = fields.Float("Dispatch on-time %", digits=(5, 1), **KPI_FIELD)
    arrival_on_time_rate = fields.Float("Arrival on-time %", digits=(5, 1), **KPI_FIELD)
    document_accuracy_rate = fields.Float("Document accuracy %", digits=(5, 1), **KPI_FIELD)
    damage_rate = fields.Float("Damage per 1,000", digits=(6, 2), **KPI_FIELD)
    complaint_rate = fields.Float("Complaints per 1,000", digits=(6, 2), **KPI_FIELD)
    satisfaction_index = fields.Float("Satisfaction index", digits=(5, 1), **KPI_FIELD)
    nps = fields.Float("NPS", digits=(5, 1), **KPI_FIELD)
    kpi_missing = fields.Char(
        "KPIs without data", compute="_compute_kpis",
        help="The statement's KPIs without data this month (no shipment due, no survey answer...): "
             "shown as – (as in the PDF), not as 0.")

    _sql_constraints = [
        ("partner_month_uniq", "unique(partner_id, month)", "One statement per customer and month."),
    ]

    @api.depends("partner_id", "month")
    def _compute_name(self):
        for statement in self:
            statement.name = "%s %s" % (statement.partner_id.name or "",
                                        statement.month and statement.month.strftime("%Y-%m") or "")

    @api.depends("partner_id", "month")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """The customer and the month in the reader's language (2026年11月, November 2026)."""
        for statement in self:
            statement.display_name = " ".join(filter(None, [statement.partner_id.name,
                                                           statement._month_label()]))

    def _report_filename(self):
        """The PDF's file name, in the language of the context (the report's print_report_name,
        the mailed attachment in the customer's): "月度服务统计分析表 <customer> 2026年11月"."""
        self.ensure_one()
        return self.env._("Statement %(customer)s %(month)s", customer=self.partner_id.name,
                          month=self._month_label()).replace("/", "-")

    def _get_report_base_filename(self):
        """The PDF's file name on the portal (Odoo's ``CustomerPortal._show_report``)."""
        return self._report_filename()

    def _month_label(self, lang=None):
        """The statement's month as its reader writes it (``lang``, else the context's)."""
        self.ensure_one()
        return format_month(self.env, self.month, lang)

    @api.depends("mail_id.state")
    def _compute_delivery_failed(self):
        for statement in self:
            statement.delivery_failed = statement.mail_id.state == "exception"

    @api.constrains("month")
    def _check_month(self):
        for statement in self:
            if statement.month and statement.month.day != 1:
                raise ValidationError(_("The month of a statement is its first day."))

    def _compute_kpis(self):
        names = ("shipment_count", "dispatch_on_time_rate", "arrival_on_time_rate", "document_accuracy_rate",
                 "damage_rate", "complaint_rate", "satisfaction_index", "nps")
        for statement in self:
            values = statement._kpi_values(statement.month) if statement.month and statement.partner_id else {}
            for field in names:
                statement[field] = values.get(field) or 0
            # what the PDF prints as – (a rate without data is not 0)
            statement.kpi_missing = " ".join(field for field in names if not _has_value(values.get(field)))

    def _kpi_values(self, month):
        """The KPIs of the statement's customer for one month (dict; rates False without data)."""
        self.ensure_one()
        groups = self.env["logistics.kpi.report"].sudo().read_group(
            [("partner_id", "=", self.partner_id.id), ("month", "=", month)],
            [kpi for kpi, _label, _kind in STATEMENT_KPIS], [], lazy=False)
        values = groups and groups[0] or {}
        return {kpi: values.get(kpi) for kpi, _label, _kind in STATEMENT_KPIS}

    def _report_lines(self):
        """Rows for the PDF: label, this month, last month, change."""
        self.ensure_one()
        month = self.month
        current = self._kpi_values(month)
        previous = self._kpi_values(month - relativedelta(months=1))
        # labels: the report's field strings, translated in the reader's language
        labels = self.env["logistics.kpi.report"].with_context(
            lang=self.partner_id.lang or self.env.lang).fields_get([kpi for kpi, _l, _k in STATEMENT_KPIS], ["string"])
        lines = []
        for kpi, label, kind in STATEMENT_KPIS:
            cur, prev = current.get(kpi), previous.get(kpi)
            change = (cur - prev) if _has_value(cur) and _has_value(prev) else None
            lines.append({"kpi": kpi, "label": labels.get(kpi, {}).get("string") or label, "kind": kind,
                          "current": cur, "previous": prev, "change": change})
        return lines

    def _report_chart(self, months=6):
        """Inline-SVG bar chart data: shipments and dispatch on-time % of the last months."""
        self.ensure_one()
        month = self.month
        lang = self.partner_id.lang or self.env.lang
        bars = []
        for back in range(months - 1, -1, -1):
            day = month - relativedelta(months=back)
            values = self._kpi_values(day)
            bars.append({"label": format_month(self.env, day, lang), "count": int(values.get("shipment_count") or 0),
                         "on_time": values.get("dispatch_on_time_rate") or 0.0})
        top = max([b["count"] for b in bars] + [1])
        for index, bar in enumerate(bars):
            bar["height"] = round(120.0 * bar["count"] / top, 1)
            bar["x"] = 40 + index * 70
            bar["y"] = 150 - bar["height"]
        return bars

    def _format(self, value, kind):
        if not _has_value(value):  # no data, not zero: 0.0 == False in Python
            return "–"
        if kind == "count":
            return "%d" % value
        return "%.1f" % value if kind in ("pct", "index") else "%.2f" % value

    # ---------------------------------------------------------------- monthly cron
    @api.model
    def _statement_partners(self):
        return self.env["res.partner"].search([
            ("is_company", "=", True), "|", ("is_key_account", "=", True), ("statement_opt_in", "=", True)])

    @api.model
    def _cron_send_monthly(self, today=None):
        """Day 1: create and mail last month's statement to key accounts and opted-in customers.

        At most one statement per customer and month (unique constraint, existing
        ones are reused); sent statements are never mailed again; each statement
        is committed on its own, so a run that stops half way resumes cleanly.
        """
        today = today or company_today(self.env)
        month = (today - relativedelta(months=1)).replace(day=1)
        partners = self._statement_partners()
        existing = set(self.search([("month", "=", month)]).mapped("partner_id").ids)
        self.create([{"partner_id": partner.id, "month": month,
                      "company_id": (partner.company_id or self.env.company).id}
                     for partner in partners if partner.id not in existing])
        if self._autocommit():
            self.env.cr.commit()  # pylint: disable=invalid-commit  # cron batches: sent mails kept
        return self.search([("month", "=", month), ("state", "=", "draft"),
                            ("partner_id", "in", partners.ids)])._send_each()

    @api.model
    def _cron_catch_up(self, today=None, months=3):
        """Daily: statements of the last ``months`` months whose PDF or mail failed.

        Drafts (the PDF or the queuing failed: nothing was mailed) are sent again;
        sent statements whose mail failed to deliver get the same mail queued
        again (not a second one): still at most one mail per customer and month.
        """
        today = today or company_today(self.env)
        this_month = today.replace(day=1)
        since = this_month - relativedelta(months=months)
        failed = self.search([("state", "=", "sent"), ("month", ">=", since),
                              ("mail_id.state", "=", "exception")])
        for statement in failed:
            statement.mail_id.sudo().mark_outgoing()
        drafts = self.search([("state", "=", "draft"), ("month", ">=", since), ("month", "<", this_month),
                              ("partner_id", "in", self._statement_partners().ids)])
        return drafts._send_each() + len(failed)

    def _autocommit(self):
        return bool(self.env.context.get("logistics_kpi_autocommit"))

    def _send_each(self):
        """Send each statement in its own savepoint (committed by the crons): one
        failing PDF or mail leaves that statement a draft and the others go.

        The monthly cron and the daily catch-up may run at the same time (two cron
        workers, a long monthly run): each statement is locked before its PDF is
        made, and one the other job is sending or has sent meanwhile is skipped."""
        sent = 0
        for statement in self:
            try:
                with self.env.cr.savepoint():
                    if not statement._lock_draft():
                        continue
                    if statement._send_by_mail():
                        sent += 1
            except psycopg2.errors.SerializationFailure:
                _logger.info("Statement %s was sent by another job meanwhile; skipped.", statement.name)
            except Exception as error:  # the PDF engine or the mail queue: retried by the catch-up
                _logger.exception("Statement %s could not be sent; the daily catch-up retries it.",
                                  statement.name)
                statement.write({"send_error": str(error)[:250]})
            if self._autocommit():
                self.env.cr.commit()  # pylint: disable=invalid-commit  # cron batches: sent mails kept
        return sent

    def _lock_draft(self):
        """Lock the statement if it is a draft nobody else is sending; False otherwise
        (raises SerializationFailure if another transaction changed it since ours began)."""
        self.ensure_one()
        self.env.cr.execute("""SELECT id FROM logistics_customer_statement
                                WHERE id = %s AND state = 'draft'
                                  FOR NO KEY UPDATE SKIP LOCKED""", [self.id])
        if self.env.cr.fetchone():
            return True
        _logger.info("Statement %s is being sent or was sent by another job; skipped.", self.name)
        return False

    def _send_by_mail(self):
        """Mail the statement with its PDF: the statement's mail template, rendered and printed
        in the recipient's language, queued in the mail queue. Returns False (the statement stays
        a draft) without a recipient."""
        self.ensure_one()
        if self.state == "sent":
            return False
        if not self._recipient():
            _logger.info("Statement %s: no e-mail address, not sent.", self.name)
            return False
        mail = self._send_by_template("logistics_kpi.mail_template_customer_statement")
        self._workflow_write({"state": "sent", "date_sent": fields.Datetime.now(), "mail_id": mail.id,
                              "send_error": False})
        return True

    def _search_kpi(self, operator, value):
        raise UserError(_("A statement's figures are computed when it is read and cannot be searched: "
                          "filter the KPI report by them instead."))

    def _workflow_refusal(self):
        return _("A statement is made and sent by its actions: %s cannot be changed by hand.")

    def action_send(self):
        for statement in self:
            statement._send_by_mail()
        return True

    @api.model
    def _demo_statements(self, partner_xmlids, months=3):
        """Demo data: the customers' statements of the last months, as if mailed."""
        first = company_today(self.env).replace(day=1)
        for xmlid in partner_xmlids:
            partner = self.env.ref(xmlid, raise_if_not_found=False)
            for back in range(1, months + 1):
                month = first - relativedelta(months=back)
                if partner and not self.search_count([("partner_id", "=", partner.id), ("month", "=", month)]):
                    self.sudo().create({"partner_id": partner.id, "month": month, "state": "sent",
                                        "date_sent": fields.Datetime.now()})
        return True

    def get_portal_url(self):
        self.ensure_one()
        return "/my/statements/%d/pdf?access_token=%s" % (self.id, self.access_token)
