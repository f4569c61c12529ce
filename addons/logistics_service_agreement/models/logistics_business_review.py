import logging
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models, modules, tools
from odoo.exceptions import UserError, ValidationError

from odoo.addons.logistics_crm.tools import customer_fields, format_month, selection_labels
from odoo.addons.logistics_kpi.settings import company_today

from .logistics_service_agreement import format_value

_logger = logging.getLogger(__name__)

QUARTERS = [("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")]
# the complaint fields the pack may show, if a customer may read them (Odoo's field access)
COMPLAINT_FIELDS = ("name", "received_date", "subject", "category", "subcategory_id", "severity", "state",
                    "cause_analysis", "corrective_action", "resolution", "compensation_amount",
                    "customer_rating")


def customer_readable(model, name):
    """A customer (a portal user) may read the field ``name`` of ``model``, as Odoo's access
    rights say (logistics_crm.tools.customer_fields)."""
    return name in customer_fields(model, [name])


class LogisticsBusinessReview(models.Model):
    """The quarterly business review pack (季度业务回顾) of a key account: a PDF in the customer's
    language with the KPIs against the agreement by month, the complaints with their causes and
    corrective actions, satisfaction and NPS, the account plan's objectives and, if present, the
    health score; attached to the account plan, mailed to the customer and then on the portal."""

    _name = "logistics.business.review"
    _description = "Quarterly business review pack"
    _inherit = ["logistics.customer.thread.guard", "portal.mixin", "mail.thread", "logistics.workflow.mixin",
                "logistics.customer.mail.mixin"]
    _order = "date_start desc, partner_id"
    # made and sent by its steps only; whose pack it is and its portal token are fixed
    _workflow_fields = ("state", "date_sent", "mail_id", "attachment_id", "date_generated")
    _workflow_initial = {"state": "draft"}
    _workflow_fixed = ("partner_id", "company_id", "access_token")

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade",
                                 domain=[("is_company", "=", True)])
    account_manager_id = fields.Many2one(related="partner_id.account_manager_id", store=True, readonly=True,
                                         groups="base.group_user")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    quarter = fields.Selection(QUARTERS, required=True,
                               default=lambda self: str((fields.Date.context_today(self).month - 1) // 3 + 1))
    date_start = fields.Date(compute="_compute_dates", store=True)
    date_end = fields.Date(compute="_compute_dates", store=True)
    plan_id = fields.Many2one("logistics.account.plan", string="Account plan", readonly=True, groups="base.group_user",
                              help="The key account's plan of the quarter: the pack is attached to it.")
    state = fields.Selection([("draft", "Draft"), ("sent", "Sent")], default="draft", required=True,
                             readonly=True, copy=False, tracking=True)
    attachment_id = fields.Many2one("ir.attachment", string="PDF", readonly=True, copy=False, ondelete="set null",
                                    groups="base.group_user")
    date_generated = fields.Datetime("Generated on", readonly=True, copy=False, groups="base.group_user")
    date_sent = fields.Datetime("Sent on", readonly=True, copy=False)
    mail_id = fields.Many2one("mail.mail", readonly=True, copy=False, ondelete="set null", groups="base.group_user")

    _sql_constraints = [
        ("partner_quarter_uniq", "unique(partner_id, year, quarter)", "One review pack per customer and quarter."),
    ]

    @api.depends("partner_id", "year", "quarter")
    def _compute_name(self):
        for review in self:
            review.name = "%s %s-Q%s" % (review.partner_id.name or "", review.year or "", review.quarter or "")

    @api.depends("year", "quarter")
    def _compute_dates(self):
        for review in self:
            if review.year and review.quarter and 2000 <= review.year <= 2100:
                review.date_start = date(review.year, 3 * int(review.quarter) - 2, 1)
                review.date_end = review.date_start + relativedelta(months=3, days=-1)
            else:
                review.date_start = review.date_end = False

    @api.constrains("year")
    def _check_year(self):
        for review in self:
            if not 2000 <= review.year <= 2100:
                raise ValidationError(_("The year %s is not plausible.", review.year))

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for review in self:
            review.access_url = "/my/reviews/%s" % review.id
        return res

    def _workflow_refusal(self):
        return _("A review pack is made and sent by its actions: %s cannot be changed by hand.")

    def write(self, vals):
        if {"partner_id", "year", "quarter"}.intersection(vals) and any(r.state == "sent" for r in self):
            raise UserError(_("A sent review pack cannot change its customer or quarter."))
        return super().write(vals)

    # ---------------------------------------------------------------- content
    def _months(self):
        self.ensure_one()
        return [self.date_start + relativedelta(months=n) for n in range(3)]

    def _find_plan(self):
        self.ensure_one()
        return self.env["logistics.account.plan"].sudo().search([
            ("partner_id", "=", self.partner_id.id), ("state", "!=", "rejected"),
            ("date_start", "<=", self.date_end), ("date_end", ">=", self.date_start)],
            order="date_start desc, id desc", limit=1)

    def _review_data(self):
        """Everything the PDF shows, read with the rights of a customer in mind: fields a portal user
        may not read (tier, contribution, internal cause analysis, compensation) are left out."""
        self.ensure_one()
        self = self.with_context(lang=self._lang())  # labels in the customer's language
        review = self.sudo()
        partner = review.partner_id
        Agreement = self.env["logistics.service.agreement"]
        months = review._months()
        scorecard = Agreement._scorecard(partner, months)
        missed = {row["kpi"] for row in scorecard if row["met"] is False}
        misses = Agreement._kpi_misses(partner, months[0], months[-1], missed) if missed else []
        # KPI table: one row per KPI, one column per month
        kpi_rows = {}
        for row in scorecard:
            entry = kpi_rows.setdefault(row["kpi"], {"label": row["label"], "cells": {}})
            entry["cells"][row["month"]] = row
        # complaints of the quarter
        Complaint = self.env["logistics.complaint"].sudo()
        labels = customer_fields(Complaint, COMPLAINT_FIELDS)
        names = [name for name in COMPLAINT_FIELDS if name in labels]
        complaints = Complaint.search([
            ("partner_id", "=", partner.id), ("state", "!=", "cancelled"),
            ("received_date", ">=", fields.Datetime.to_datetime(months[0])),
            ("received_date", "<", fields.Datetime.to_datetime(review.date_end + relativedelta(days=1)))],
            order="received_date, id")
        complaint_rows = []
        for complaint in complaints:
            complaint_rows.append([(labels[name], self._display_value(complaint, name))
                                   for name in names if name != "name"])
        # satisfaction and NPS by month
        Report = self.env["logistics.kpi.report"].sudo()
        satisfaction = []
        for month in months:
            groups = Report.read_group([("partner_id", "=", partner.id), ("month", "=", month)],
                                       ["satisfaction_index", "nps", "satisfaction_count", "nps_count",
                                        "complaint_count", "shipment_count"], [], lazy=False)
            values = groups[0] if groups else {}
            satisfaction.append({
                "month": format_month(self.env, month),
                "shipments": int(values.get("shipment_count") or 0),
                "complaints": int(values.get("complaint_count") or 0),
                "satisfaction": format_value(values.get("satisfaction_index") if values.get("satisfaction_count")
                                             else None, "pct"),
                "nps": format_value(values.get("nps") if values.get("nps_count") else None, "pct"),
            })
        ratings = [int(c.customer_rating) for c in complaints if c.customer_rating]
        # the account plan's objectives
        plan = review.plan_id or review._find_plan()
        Objective = self.env["logistics.account.plan.objective"]
        objective_labels = customer_fields(Objective, ("name", "date_due", "status", "progress"))
        objective_names = [name for name in ("name", "date_due", "status", "progress") if name in objective_labels]
        objectives = [[(objective_labels[name], self._display_value(objective, name))
                       for name in objective_names]
                      for objective in plan.objective_ids.filtered(lambda o: o.status != "dropped")]
        # health score (issue 15's addon), only what a customer may read
        health = []
        if "health_score" in partner._fields:
            health_labels = customer_fields(partner, ("health_score", "health_risk", "health_reason"))
            for name in ("health_score", "health_risk", "health_reason"):
                if name in health_labels:
                    health.append((health_labels[name], self._display_value(partner, name)))
        return {
            "months": months,
            # the months in the customer's language (2026年11月, November 2026); short in the charts
            "month_labels": [format_month(self.env, month) for month in months],
            "month_short_labels": [format_month(self.env, month, skeleton="yMMM") for month in months],
            "agreement": scorecard[0]["agreement"] if scorecard else Agreement._find_agreement(
                partner, months[0], months[-1]),
            "kpi_rows": list(kpi_rows.values()),
            "misses": misses,
            "complaint_count": len(complaints),
            "complaints": complaint_rows,
            "complaint_names": [c.name for c in complaints],
            "satisfaction": satisfaction,
            "rating_average": ("%.1f" % (sum(ratings) / len(ratings))) if ratings else "–",
            "plan": plan,
            "plan_progress": "%.0f" % plan.progress if plan else "–",
            "objectives": objectives,
            "health": health,
        }

    @api.model
    def _display_value(self, record, name):
        field = record._fields[name]
        value = record[name]
        if field.type == "selection":
            return selection_labels(record.with_env(self.env), name).get(value, "") if value else ""
        if field.type == "many2one":
            return value.display_name or ""
        if field.type == "datetime":
            return fields.Datetime.context_timestamp(record, value).strftime("%Y-%m-%d") if value else ""
        if field.type == "date":
            return value.strftime("%Y-%m-%d") if value else ""
        if field.type == "float":
            return "%.0f" % value
        if field.type == "monetary":
            return tools.format_amount(self.env, value, record.currency_id) if value else ""
        return value or ""

    def _report_filename(self):
        """The PDF's file name in the language of the context (print_report_name, the pack's file)."""
        self.ensure_one()
        return self.env._("Business review %(name)s", name=self.name).replace("/", "-")

    def _lang(self):
        self.ensure_one()
        partner = self.sudo().partner_id
        return partner.lang or self.env.lang or "en_US"

    def _render_html(self):
        """The pack as HTML (what the PDF prints), in the customer's language."""
        html, _fmt = self.env["ir.actions.report"].sudo()._render_qweb_html(
            "logistics_service_agreement.action_report_business_review", self.ids)
        return html

    # ---------------------------------------------------------------- actions
    def action_generate(self):
        """(Re)print the pack's PDF and attach it to the account plan (else to the pack)."""
        for review in self:
            if review.state == "sent":
                raise UserError(_("%s was sent to the customer: it is not printed again.", review.name))
            review._generate_pdf()
        return True

    def _generate_pdf(self):
        self.ensure_one()
        plan = self.plan_id or self._find_plan()
        if plan != self.plan_id:    # before rendering: the pack reads the plan's objectives
            self.sudo().plan_id = plan
        content, fmt = self.env["ir.actions.report"].sudo().with_context(lang=self._lang())._render_qweb_pdf(
            "logistics_service_agreement.action_report_business_review", self.ids)
        old = self.attachment_id
        filename = "%s.%s" % (self.with_context(lang=self._lang())._report_filename(), fmt)
        attachment = self.env["ir.attachment"].sudo().create({
            "name": filename, "raw": content, "mimetype": "application/pdf" if fmt == "pdf" else "text/html",
            "res_model": plan._name if plan else self._name, "res_id": plan.id if plan else self.id,
        })
        self.sudo().write({"attachment_id": attachment.id, "date_generated": fields.Datetime.now()})
        old.sudo().unlink()
        if plan:
            plan.sudo().message_post(
                body=_("Quarterly business review %s attached.", self.name),
                attachment_ids=[attachment.id], subtype_xmlid="mail.mt_note")
        return attachment

    def action_send(self):
        """Mail the pack to the customer (its mail template, in the recipient's language, with the
        PDF printed once); then it is on the customer's portal."""
        for review in self:
            if review.state == "sent":
                continue
            contact = review._recipient()
            if not contact:
                raise UserError(_("%s has no e-mail address for the review pack.", review.partner_id.name))
            if not review.attachment_id:
                review._generate_pdf()
            mail = review._send_by_template("logistics_service_agreement.mail_template_business_review",
                                            attachments=review.sudo().attachment_id)
            review.sudo().write({"state": "sent", "date_sent": fields.Datetime.now(), "mail_id": mail.id})
            review.message_post(body=_("Review pack sent to %s.", contact.email), subtype_xmlid="mail.mt_note")
        return True

    def action_view_pdf(self):
        self.ensure_one()
        if not self.attachment_id:
            self._generate_pdf()
        return {"type": "ir.actions.act_url", "url": "/web/content/%d?download=true" % self.attachment_id.id,
                "target": "self"}

    # ---------------------------------------------------------------- on demand, cron
    @api.model
    def _last_quarter(self, today=None):
        today = today or company_today(self.env)
        day = today.replace(day=1) - relativedelta(months=3)
        return day.year, str((day.month - 1) // 3 + 1)

    @api.model
    def _get_or_create(self, partner, year, quarter):
        """The pack of ``partner`` and quarter, created if missing (with the rights of ``self``'s user:
        an account manager for the customers he manages only)."""
        partner = partner.commercial_partner_id
        review = self.search([("partner_id", "=", partner.id), ("year", "=", year), ("quarter", "=", quarter)],
                             limit=1)
        if not review:
            review = self.create({"partner_id": partner.id, "year": year, "quarter": quarter,
                                  "company_id": (partner.company_id or self.env.company).id})
        return review

    @api.model
    def _open_review(self, partner):
        """The button of the customer and of the account plan: last quarter's pack, printed if new."""
        partner.check_access("read")
        year, quarter = self._last_quarter()
        review = self._get_or_create(partner, year, quarter)
        if not review.attachment_id and review.state == "draft":
            review._generate_pdf()
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": review.id,
                "view_mode": "form", "target": "current"}

    @api.model
    def _cron_quarterly_reviews(self, today=None):
        """Each quarter: last quarter's pack of every key account, created and printed once (a second run
        finds them and does nothing); one failing PDF does not stop the others."""
        year, quarter = self._last_quarter(today)
        partners = self.env["res.partner"].sudo().search([("is_company", "=", True), ("is_key_account", "=", True),
                                                          ("customer_rank", ">", 0)])
        done = 0
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        for partner in partners:
            try:
                with self.env.cr.savepoint():
                    review = self.sudo()._get_or_create(partner, year, quarter)
                    if not review.attachment_id and review.state == "draft":
                        review._generate_pdf()
                        done += 1
            except Exception:  # the PDF engine: the next run retries the pack
                _logger.exception("Business review of %s could not be printed.", partner.display_name)
            if in_cron and not modules.module.current_test:
                self.env.cr.commit()  # pylint: disable=invalid-commit  # one pack per transaction
        return done
