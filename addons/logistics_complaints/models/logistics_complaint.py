import base64
import codecs
import logging
import re
import threading
import uuid
from datetime import timedelta

from odoo import SUPERUSER_ID, _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.logistics_crm.models.logistics_workflow_mixin import button_text, selection_labels

_logger = logging.getLogger(__name__)

CATEGORIES = [
    ("operations", "Operations error"),
    ("sales", "Sales error"),
    ("supplier", "Supplier / carrier error"),
    ("agent", "Agent error"),
    ("customer", "Customer's own mistake"),
    ("force_majeure", "Force majeure"),
]
SEVERITIES = [("low", "Low"), ("normal", "Normal"), ("high", "High"), ("critical", "Critical")]
CHANNELS = [
    ("phone", "Phone"), ("email", "E-mail"), ("letter", "Letter"), ("portal", "Portal"),
    ("visit", "Visit"), ("wechat", "WeChat"), ("other", "Other"),
]
STATES = [
    ("new", "New"),
    ("acknowledged", "Acknowledged"),
    ("investigating", "Investigating"),
    ("pending_approval", "Pending approval"),
    ("approved", "Approved"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
SLA_STATUSES = [("on_track", "On track"), ("at_risk", "At risk"), ("breached", "Breached")]
SLA_RANK = {"on_track": 0, "at_risk": 1, "breached": 2}
TIERS = [("a", "A"), ("b", "B"), ("c", "C")]
SATISFACTION = [("1", "1 - Very dissatisfied"), ("2", "2 - Dissatisfied"), ("3", "3 - Neutral"),
                ("4", "4 - Satisfied"), ("5", "5 - Very satisfied")]
OPEN_STATES = ("new", "acknowledged", "investigating", "pending_approval", "approved")
DONE_STATES = ("resolved", "closed", "cancelled")

# portal intake limits
PORTAL_MAX_DESCRIPTION = 5000
PORTAL_MAX_REF = 64
PORTAL_MAX_FILES = 5
PORTAL_MAX_FILE_SIZE = 5 * 1024 * 1024
# accepted extensions -> the MIME types the content may have (see portal_content_mimetype):
# guess_mimetype cannot tell the kinds of OLE (.doc/.xls) files apart reliably, and finds
# application/zip for an OOXML file without its usual layout
OLE_TYPES = ("application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint")
PORTAL_FILE_TYPES = {
    "pdf": ("application/pdf",),
    "png": ("image/png",),
    "jpg": ("image/jpeg",),
    "jpeg": ("image/jpeg",),
    "gif": ("image/gif",),
    "txt": ("text/plain",),
    "csv": ("text/csv", "text/plain"),
    "doc": OLE_TYPES,
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"),
    "xls": OLE_TYPES,
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"),
}
REF_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./_-]*$")
ID_PATTERN = re.compile(r"^[0-9]{1,9}$")  # a record id typed in a form: digits, within PostgreSQL's int4



def _looks_like_text(content):
    """Plain text (UTF-8, UTF-16 with BOM, GB18030): guess_mimetype cannot recognise text."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    elif b"\x00" in content:
        return False
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            content.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def portal_content_mimetype(content):
    """The MIME type of an uploaded file by its content (Odoo's ``guess_mimetype``), with what
    guess_mimetype leaves undecided: text is text/plain, a JPEG without JFIF/Exif header image/jpeg."""
    mimetype = guess_mimetype(content) or "application/octet-stream"
    if mimetype == "application/octet-stream":
        if content.startswith(b"\xff\xd8\xff"):
            return "image/jpeg"
        if _looks_like_text(content):
            return "text/plain"
    return mimetype

PARAM = "logistics_complaints.%s"
DEFAULTS = {
    "response_hours": 12.0,
    "resolution_hours": 48.0,
    "repeat_days": 90,
    "at_risk_ratio": 0.75,
    "escalation_batch": 500,
}


class LogisticsComplaint(models.Model):
    _name = "logistics.complaint"
    _description = "Customer complaint"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin", "rating.mixin", "logistics.workflow.mixin"]
    _order = "received_date desc, id desc"
    # set by the workflow steps only: action methods, crons, portal (logistics.workflow.mixin)
    _workflow_fields = (
        "state", "approved_by_id", "approved_date", "acknowledged_date", "first_response_date", "resolved_date",
        "closed_date", "risk_escalated", "breach_escalated", "customer_rating", "customer_rating_comment",
        "rated_date",
    )
    _workflow_initial = {"state": "new"}
    _mail_post_access = "read"  # customers reply on the portal with read access only

    name = fields.Char("Reference", required=True, copy=False, readonly=True, index=True, default="/")
    subject = fields.Char(help="A short title of the complaint.")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", index=True, track_visibility="onchange",
        domain=[("is_company", "=", True)], help="The customer company (commercial partner).")
    contact_id = fields.Many2one("res.partner", string="Contact", domain="[('parent_id', '=', partner_id)]")
    email_from = fields.Char("E-mail of the complainant")
    notify_partner_id = fields.Many2one("res.partner", compute="_compute_notify_partner_id",
                                        string="Notified person", help="Who receives the customer mails.")
    customer_tier = fields.Selection(
        TIERS, string="Tier at intake", compute="_compute_customer_tier", store=True, readonly=True,
        help="The tier of the customer when the complaint was received, frozen then: the SLA "
             "and the reports use it, later tier changes of the customer do not alter it.")
    account_manager_id = fields.Many2one(related="partner_id.account_manager_id", store=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.user.company_id)
    channel = fields.Selection(CHANNELS, required=True, default="phone", index=True)
    received_date = fields.Datetime("Received", required=True, index=True, default=fields.Datetime.now,
                                    track_visibility="onchange")
    shipment_ref = fields.Char("Waybill / shipment", index=True)
    category = fields.Selection(CATEGORIES, string="Cause category", index=True, track_visibility="onchange")
    subcategory_id = fields.Many2one("logistics.complaint.subcategory", string="Sub-cause", index=True,
                                     domain="[('category', '=', category)]", track_visibility="onchange")
    severity = fields.Selection(SEVERITIES, required=True, default="normal", index=True,
                                track_visibility="onchange")
    description = fields.Html(sanitize=True, sanitize_attributes=True, strip_style=True)
    attachment_count = fields.Integer(compute="_compute_attachment_count")

    # responsible party
    user_id = fields.Many2one("res.users", string="Responsible", index=True, track_visibility="onchange",
                              domain=[("share", "=", False)])
    department = fields.Char("Responsible department")
    responsible_partner_id = fields.Many2one(
        "res.partner", string="Carrier / agent", help="The carrier, supplier or agent at fault, if any.")
    currency_id = fields.Many2one("res.currency", related="company_id.currency_id", readonly=True)
    claimed_amount = fields.Monetary("Claimed amount", help="Amount the customer claims for damage or loss.")
    compensation_amount = fields.Monetary("Compensation", track_visibility="onchange")

    # workflow
    state = fields.Selection(STATES, required=True, default="new", index=True, copy=False,
                             track_visibility="onchange")
    cause_analysis = fields.Text("Cause analysis")
    corrective_action = fields.Text("Corrective measures")
    resolution = fields.Text("Resolution note")
    reject_reason = fields.Text("Rejection reason", copy=False)
    cancel_reason = fields.Text("Cancellation reason", copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_date = fields.Datetime(readonly=True, copy=False)
    acknowledged_date = fields.Datetime(readonly=True, copy=False)
    closed_date = fields.Datetime(readonly=True, copy=False)

    # revisit (回访)
    visit_id = fields.Many2one("logistics.visit", string="Follow-up visit", copy=False)
    revisit_date = fields.Datetime("Revisited on", copy=False)
    revisit_user_id = fields.Many2one("res.users", string="Revisited by", copy=False)
    revisit_satisfaction = fields.Selection(SATISFACTION, string="Satisfaction at revisit", copy=False)
    revisit_comment = fields.Text("Revisit comment", copy=False)
    unreachable_reason = fields.Text("Customer could not be reached", copy=False,
                                     help="Why no revisit could be recorded.")

    # SLA
    sla_policy_id = fields.Many2one("logistics.complaint.sla.policy", string="SLA policy", readonly=True,
                                    copy=False)
    response_deadline = fields.Datetime(compute="_compute_deadlines", store=True, readonly=True)
    resolution_deadline = fields.Datetime(compute="_compute_deadlines", store=True, readonly=True)
    response_risk_date = fields.Datetime("Response at risk from", compute="_compute_deadlines",
                                         store=True, readonly=True)
    resolution_risk_date = fields.Datetime("Resolution at risk from", compute="_compute_deadlines",
                                           store=True, readonly=True)
    first_response_date = fields.Datetime("First response", readonly=True, copy=False)
    resolved_date = fields.Datetime("Resolved on", readonly=True, copy=False)
    response_hours = fields.Float("First response (h)", compute="_compute_durations", store=True,
                                  group_operator="avg")
    resolution_hours = fields.Float("Resolution (h)", compute="_compute_durations", store=True,
                                    group_operator="avg")
    response_sla_status = fields.Selection(SLA_STATUSES, string="Response SLA", compute="_compute_sla_status",
                                           store=True, index=True)
    resolution_sla_status = fields.Selection(SLA_STATUSES, string="Resolution SLA",
                                             compute="_compute_sla_status", store=True, index=True)
    sla_status = fields.Selection(SLA_STATUSES, string="SLA", compute="_compute_sla_status", store=True,
                                  index=True, help="The worse of the response and the resolution status.")
    risk_escalated = fields.Boolean(readonly=True, copy=False,
                                    help="An activity was put on the responsible user when the SLA got at risk.")
    breach_escalated = fields.Boolean(readonly=True, copy=False,
                                      help="The service managers were notified of the SLA breach.")

    # repeats
    repeat_of_ids = fields.Many2many(
        "logistics.complaint", "logistics_complaint_repeat_rel", "complaint_id", "earlier_id",
        string="Earlier complaints", compute="_compute_repeat", store=True,
        help="Complaints of the same customer on the same sub-cause within the repeat window.")
    is_repeat = fields.Boolean("Repeat", compute="_compute_repeat", store=True, index=True)

    # customer rating (after resolution)
    access_token = fields.Char(copy=False, default=lambda self: str(uuid.uuid4()))
    customer_rating = fields.Selection(SATISFACTION, string="Customer rating", readonly=True, copy=False)
    customer_rating_comment = fields.Text("Customer feedback", readonly=True, copy=False)
    rated_date = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
        ("amounts_positive", "CHECK(claimed_amount >= 0 AND compensation_amount >= 0)",
         "Claimed amount and compensation cannot be negative."),
    ]

    # ------------------------------------------------------------------ helpers
    @api.model
    def _param(self, key):
        value = self.env["ir.config_parameter"].sudo().get_param(PARAM % key)
        default = DEFAULTS[key]
        try:
            return type(default)(value) if value not in (None, False, "") else default
        except ValueError:
            return default

    @api.model
    def _now(self):
        return fields.Datetime.from_string(fields.Datetime.now())

    # ---------------------------------------------------------------- computes
    def _compute_portal_url(self):
        for complaint in self:
            complaint.portal_url = "/my/complaints/%s" % complaint.id

    def _compute_attachment_count(self):
        data = self.env["ir.attachment"].sudo().read_group(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)], ["res_id"], ["res_id"])
        counts = {d["res_id"]: d["res_id_count"] for d in data}
        for complaint in self:
            complaint.attachment_count = counts.get(complaint.id, 0)

    def _add_hours(self, start, hours, calendar):
        """``start`` (naive UTC datetime) + ``hours``, on ``calendar`` if any."""
        if calendar:
            tz = self.company_id.partner_id.tz or self.env.user.company_id.partner_id.tz or "UTC"
            end = calendar.with_context(tz=tz).plan_hours(hours, start)
            if end:
                return end
        return start + timedelta(hours=hours)

    @api.depends("partner_id")
    def _compute_customer_tier(self):
        for complaint in self:
            complaint.customer_tier = complaint.partner_id.commercial_partner_id.customer_tier

    @api.depends("received_date", "severity", "partner_id", "customer_tier", "company_id")
    def _compute_deadlines(self):
        Policy = self.env["logistics.complaint.sla.policy"].sudo()
        ratio = self._param("at_risk_ratio")
        default_calendar_id = int(self.env["ir.config_parameter"].sudo().get_param(
            PARAM % "calendar_id") or 0)
        for complaint in self:
            if not complaint.received_date:
                continue
            policy = Policy._find_policy(complaint.customer_tier, complaint.severity, complaint.company_id)
            response = policy.response_hours if policy else complaint._param("response_hours")
            resolution = policy.resolution_hours if policy else complaint._param("resolution_hours")
            calendar = policy.calendar_id if policy else self.env["resource.calendar"].sudo().browse(
                default_calendar_id).exists()
            start = fields.Datetime.from_string(complaint.received_date)
            complaint.response_deadline = complaint._add_hours(start, response, calendar)
            complaint.resolution_deadline = complaint._add_hours(start, resolution, calendar)
            complaint.response_risk_date = complaint._add_hours(start, response * ratio, calendar)
            complaint.resolution_risk_date = complaint._add_hours(start, resolution * ratio, calendar)

    @api.depends("received_date", "first_response_date", "resolved_date")
    def _compute_durations(self):
        for complaint in self:
            start = fields.Datetime.from_string(complaint.received_date) if complaint.received_date else None
            complaint.response_hours = (
                (fields.Datetime.from_string(complaint.first_response_date) - start).total_seconds() / 3600.0
                if start and complaint.first_response_date else 0.0)
            complaint.resolution_hours = (
                (fields.Datetime.from_string(complaint.resolved_date) - start).total_seconds() / 3600.0
                if start and complaint.resolved_date else 0.0)

    @staticmethod
    def _sla_status_of(done_date, deadline, risk_date, now):
        """One SLA clock. Same rule as the SQL of :meth:`_sql_refresh_sla_status`."""
        if not deadline:
            return "on_track"
        if done_date:
            return "breached" if done_date > deadline else "on_track"
        if now >= deadline:
            return "breached"
        if risk_date and now >= risk_date:
            return "at_risk"
        return "on_track"

    @api.depends("state", "response_deadline", "resolution_deadline", "response_risk_date",
                 "resolution_risk_date", "first_response_date", "resolved_date")
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for complaint in self:
            if complaint.state == "cancelled" and complaint.sla_status:
                continue  # frozen when cancelled
            complaint.response_sla_status = self._sla_status_of(
                complaint.first_response_date, complaint.response_deadline, complaint.response_risk_date, now)
            complaint.resolution_sla_status = self._sla_status_of(
                complaint.resolved_date, complaint.resolution_deadline, complaint.resolution_risk_date, now)
            complaint.sla_status = max(complaint.response_sla_status, complaint.resolution_sla_status,
                                       key=SLA_RANK.get)

    @api.depends("partner_id", "subcategory_id", "received_date", "state")
    def _compute_repeat(self):
        days = self._param("repeat_days")
        for complaint in self:
            earlier = self.browse()
            if complaint.partner_id and complaint.subcategory_id and complaint.received_date and days > 0:
                start = fields.Datetime.from_string(complaint.received_date) - timedelta(days=days)
                domain = [
                    ("partner_id", "=", complaint.partner_id.id),
                    ("subcategory_id", "=", complaint.subcategory_id.id),
                    ("state", "!=", "cancelled"),
                    ("received_date", ">=", fields.Datetime.to_string(start)),
                    ("received_date", "<=", complaint.received_date),
                ]
                if isinstance(complaint.id, int):
                    domain.append(("id", "!=", complaint.id))
                earlier = self.sudo().search(domain).filtered(
                    lambda c: c.received_date < complaint.received_date
                    or (c.received_date == complaint.received_date and c.id < complaint.id))
            complaint.repeat_of_ids = [(6, 0, earlier.ids)]
            complaint.is_repeat = bool(earlier) and complaint.state != "cancelled"

    # ---------------------------------------------------------------- ORM
    @api.model
    def _commercial_values(self, vals):
        """Keep ``partner_id`` on the commercial partner, the person in ``contact_id``."""
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            commercial = partner.commercial_partner_id
            if commercial != partner:
                vals["partner_id"] = commercial.id
                if not vals.get("contact_id"):
                    vals["contact_id"] = partner.id
        return vals

    @api.model
    def create(self, vals):
        vals = self._commercial_values(dict(vals))
        if vals.get("name", "/") == "/":
            vals["name"] = self.env["ir.sequence"].next_by_code("logistics.complaint") or "/"
        complaint = super(LogisticsComplaint, self.with_context(mail_create_nolog=False)).create(vals)
        complaint.sla_policy_id = self.env["logistics.complaint.sla.policy"].sudo()._find_policy(
            complaint.customer_tier, complaint.severity, complaint.company_id)
        followers = (complaint.contact_id or complaint.partner_id)
        if followers:
            complaint.message_subscribe(partner_ids=followers.ids)
        complaint._recompute_later_repeats()
        return complaint

    def _recompute_later_repeats(self):
        """A complaint entered late (received before others) can make later ones repeats."""
        days = self._param("repeat_days")
        for complaint in self.filtered(lambda c: c.partner_id and c.subcategory_id and c.received_date):
            end = fields.Datetime.from_string(complaint.received_date) + timedelta(days=days)
            later = self.sudo().search([
                ("partner_id", "=", complaint.partner_id.id),
                ("subcategory_id", "=", complaint.subcategory_id.id),
                ("received_date", ">", complaint.received_date),
                ("received_date", "<=", fields.Datetime.to_string(end)),
                ("id", "!=", complaint.id),
            ])
            if later:
                for name in ("repeat_of_ids", "is_repeat"):
                    self.env.add_todo(self._fields[name], later)
                later.recompute()

    def _workflow_refusal(self):
        return _("These fields of a complaint are set by its workflow steps only (the buttons "
                 "Acknowledge, Approve, Resolve...): %s.")

    def write(self, vals):
        vals = self._commercial_values(dict(vals))
        return super(LogisticsComplaint, self).write(vals)

    def unlink(self):
        if any(c.state not in ("new", "cancelled") for c in self):
            raise UserError(_("Only new or cancelled complaints can be deleted; cancel it instead."))
        return super(LogisticsComplaint, self).unlink()

    @api.onchange("subcategory_id")
    def _onchange_subcategory_id(self):
        if self.subcategory_id:
            self.category = self.subcategory_id.category

    @api.onchange("category")
    def _onchange_category(self):
        if self.subcategory_id and self.subcategory_id.category != self.category:
            self.subcategory_id = False

    @api.constrains("category", "subcategory_id")
    def _check_subcategory(self):
        for complaint in self:
            if complaint.subcategory_id and complaint.subcategory_id.category != complaint.category:
                raise ValidationError(_("The sub-cause %s does not belong to the chosen cause category.")
                                      % complaint.subcategory_id.name)

    @api.constrains("revisit_date", "received_date")
    def _check_revisit_date(self):
        for complaint in self:
            if complaint.revisit_date and complaint.revisit_date < complaint.received_date:
                raise ValidationError(_("The revisit cannot be before the complaint was received."))

    # ---------------------------------------------------------------- mail
    def _log_step(self, message):
        """A chatter note for a workflow step, saying who did it and when."""
        when = fields.Datetime.context_timestamp(self, self._now()).strftime("%Y-%m-%d %H:%M")
        for complaint in self:
            complaint.message_post(
                body="<p>%s</p><p><i>%s</i></p>" % (
                    tools.html_escape(message),
                    tools.html_escape(_("by %s on %s") % (self.env.user.name, when))),
                subtype="mail.mt_note")

    @api.depends("contact_id.email", "partner_id.email")
    def _compute_notify_partner_id(self):
        for complaint in self:
            complaint.notify_partner_id = complaint.contact_id if complaint.contact_id.email else (
                complaint.partner_id if complaint.partner_id.email else False)

    def _send_customer_mail(self, template_xmlid):
        """Queue the customer notification ``template_xmlid`` (mail.mail, sent by the mail queue)."""
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            return self.env["mail.mail"]
        mails = self.env["mail.mail"]
        for complaint in self:
            if not (complaint.notify_partner_id or complaint.email_from):
                continue
            mail_id = template.sudo().send_mail(complaint.id, force_send=False)
            mails |= self.env["mail.mail"].sudo().browse(mail_id)
        return mails

    def get_notify_tz(self):
        """Time zone of the customer mails: the notified person's, else the company's, else China's."""
        self.ensure_one()
        return self.notify_partner_id.tz or self.company_id._logistics_tz()

    def get_portal_link(self, anchor=""):
        """Absolute link to the complaint on the portal, carrying the access token."""
        self.ensure_one()
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        return "%s/my/complaints/%s?access_token=%s%s" % (base, self.id, self.sudo().access_token,
                                                          anchor and "#%s" % anchor or "")

    @api.multi
    def _notification_recipients(self, message, groups):
        """Followers that are customers (portal users, or contacts without a user)
        get a button that opens the complaint on the portal, with its token."""
        groups = super(LogisticsComplaint, self)._notification_recipients(message, groups)
        self.ensure_one()
        for group_name, _group_method, group_data in groups:
            if group_name in ("customer", "portal"):
                group_data["has_button_access"] = True
                group_data["button_access"] = {"url": self.get_portal_link(), "title": _("View complaint")}
        return groups

    @api.multi
    @api.returns("self", lambda value: value.id)
    def message_post(self, body="", subject=None, message_type="notification", subtype=None,
                     parent_id=False, attachments=None, content_subtype="html", **kwargs):
        message = super(LogisticsComplaint, self).message_post(
            body=body, subject=subject, message_type=message_type, subtype=subtype, parent_id=parent_id,
            attachments=attachments, content_subtype=content_subtype, **kwargs)
        # an agent's public answer to the customer is a response
        if (message_type == "comment" and subtype in ("mail.mt_comment", "mt_comment")
                and self.env.user.has_group("base.group_user") and not self.env.user._is_superuser()):
            pending = self.filtered(lambda c: not c.first_response_date and c.state != "cancelled")
            if pending:
                pending.sudo().write({"first_response_date": fields.Datetime.now()})
        return message

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """Incoming mail on the complaints alias: a new complaint, the customer found by sender."""
        values = dict(custom_values or {})
        email_from = msg_dict.get("email_from") or ""
        partner_ids = self.env["mail.thread"]._find_partner_from_emails([email_from]) if email_from else []
        partner = self.env["res.partner"].browse([pid for pid in partner_ids if pid][:1])
        values.setdefault("name", "/")  # the sequence gives the reference, not the mail subject
        values.setdefault("channel", "email")
        values.setdefault("subject", (msg_dict.get("subject") or "")[:200])
        values.setdefault("email_from", email_from)
        values.setdefault("description", msg_dict.get("body") or "")
        if msg_dict.get("date"):
            values.setdefault("received_date", msg_dict["date"])
        if partner:
            values.setdefault("partner_id", partner.commercial_partner_id.id)
            if partner != partner.commercial_partner_id:
                values.setdefault("contact_id", partner.id)
        complaint = super(LogisticsComplaint, self.with_context(mail_create_nosubscribe=True)).message_new(
            msg_dict, custom_values=values)
        complaint._send_customer_mail("logistics_complaints.mail_template_complaint_received")
        return complaint

    @api.multi
    def message_get_suggested_recipients(self):
        recipients = super(LogisticsComplaint, self).message_get_suggested_recipients()
        for complaint in self:
            person = complaint.contact_id or complaint.partner_id
            if person:
                complaint._message_add_suggested_recipient(recipients, partner=person, reason=_("Customer"))
            elif complaint.email_from:
                complaint._message_add_suggested_recipient(recipients, email=complaint.email_from,
                                                           reason=_("Customer e-mail"))
        return recipients

    # ---------------------------------------------------------------- workflow
    def _check_state(self, allowed, action):
        labels = selection_labels(self, "state")
        for complaint in self:
            if complaint.state not in allowed:
                raise UserError(_("%s: the complaint %s is %s; this step needs it to be %s.") % (
                    action, complaint.name, labels[complaint.state], " / ".join(labels[s] for s in allowed)))

    def _check_service_manager(self):
        if not self.env.user.has_group("logistics_crm.group_service_manager"):
            raise AccessError(_("Only Service Managers can approve or reject corrective measures."))

    def action_acknowledge(self):
        self._check_state(("new",), _("Acknowledge"))
        now = fields.Datetime.now()
        for complaint in self:
            vals = {"state": "acknowledged", "acknowledged_date": now}
            if not complaint.first_response_date:
                vals["first_response_date"] = now
            if not complaint.user_id:
                vals["user_id"] = self.env.user.id
            complaint._workflow_write(vals)
        self._log_step(_("Complaint acknowledged."))
        self._send_customer_mail("logistics_complaints.mail_template_complaint_acknowledged")
        return True

    def action_investigate(self):
        self._check_state(("acknowledged",), _("Start investigation"))
        self._workflow_write({"state": "investigating"})
        self._log_step(_("Investigation started."))
        return True

    def action_submit_approval(self):
        self._check_state(("investigating",), _("Submit for approval"))
        for complaint in self:
            if not (complaint.cause_analysis or "").strip() or not (complaint.corrective_action or "").strip():
                raise UserError(_("Write the cause analysis and the corrective measures of %s before "
                                  "submitting it for approval.") % complaint.name)
            if not complaint.category:
                raise UserError(_("Choose the cause category of %s before submitting it for approval.")
                                % complaint.name)
        self._workflow_write({"state": "pending_approval", "reject_reason": False})
        self._log_step(_("Cause analysis and corrective measures submitted for approval."))
        return True

    def action_approve(self):
        self._check_service_manager()
        self._check_state(("pending_approval",), _("Approve"))
        self._workflow_write({"state": "approved", "approved_by_id": self.env.user.id,
                              "approved_date": fields.Datetime.now()})
        self._log_step(_("Corrective measures approved."))
        return True

    def action_reject(self, reason=None):
        self._check_service_manager()
        self._check_state(("pending_approval",), _("Reject"))
        self._move_with_reason(
            "investigating", "reject_reason", reason,
            _("Give the reason for rejecting the measures of %s."),
            _("Measures rejected, back to investigation. Reason: %s"))
        return True

    def action_resolve(self):
        self._check_state(("approved",), _("Resolve"))
        for complaint in self:
            if not (complaint.resolution or "").strip():
                raise UserError(_("Write the resolution note of %s before resolving it.") % complaint.name)
        self._workflow_write({"state": "resolved", "resolved_date": fields.Datetime.now()})
        self._log_step(_("Complaint resolved."))
        self._send_customer_mail("logistics_complaints.mail_template_complaint_resolved")
        return True

    def action_plan_revisit(self):
        """Plan the follow-up visit (回访) of a resolved complaint in the visits of logistics_crm."""
        self._check_state(("resolved",), _("Plan the revisit"))
        for complaint in self.filtered(lambda c: not c.visit_id):
            # agents plan it for the account manager (visits belong to account managers) and
            # take part in it, which lets them follow it
            complaint.visit_id = self.env["logistics.visit"].sudo().create({
                "participant_ids": [(6, 0, [self.env.user.id])],
                "partner_id": complaint.partner_id.id,
                "contact_ids": [(6, 0, complaint.contact_id.ids)],
                "visit_type": "complaint_followup",
                "user_id": (complaint.account_manager_id or self.env.user).id,
                "date_start": fields.Datetime.to_string(self._now() + timedelta(days=1)),
                "agenda": _("Follow-up of the complaint %s: %s") % (complaint.name, complaint.subject or ""),
            })
        return True

    def _revisit_from_visit(self):
        """A done follow-up visit with a satisfaction is the revisit record."""
        for complaint in self:
            visit = complaint.visit_id
            if visit.state == "done" and visit.satisfaction and not complaint.revisit_satisfaction:
                complaint.write({
                    "revisit_date": visit.date_end or visit.date_start,
                    "revisit_user_id": visit.user_id.id,
                    "revisit_satisfaction": visit.satisfaction,
                    "revisit_comment": complaint.revisit_comment or visit.outcome,
                })

    def action_close(self):
        self._check_state(("resolved",), _("Close"))
        self._revisit_from_visit()
        for complaint in self:
            revisited = complaint.revisit_date and complaint.revisit_user_id and complaint.revisit_satisfaction
            if not revisited and not (complaint.unreachable_reason or "").strip():
                raise UserError(_(
                    "Record the revisit of %s (date, who, customer satisfaction) or the reason the "
                    "customer could not be reached before closing it.") % complaint.name)
        self._workflow_write({"state": "closed", "closed_date": fields.Datetime.now()})
        self._log_step(_("Complaint closed after the revisit."))
        self._send_customer_mail("logistics_complaints.mail_template_complaint_closed")
        return True

    def action_cancel(self, reason=None):
        self._check_state(OPEN_STATES, _("Cancel"))
        self._move_with_reason(
            "cancelled", "cancel_reason", reason,
            _("Give the reason for cancelling %s."),
            _("Complaint cancelled. Reason: %s"))
        return True

    def _move_with_reason(self, state, reason_field, reason, missing, logged):
        """Move each complaint to ``state`` with its reason (given, or already on
        the record) stored in ``reason_field``. ``missing`` (the error without a
        reason, raised before anything is written) and ``logged`` (the chatter
        note) are translated messages with one ``%s``: the complaint's reference,
        the reason."""
        texts = {}
        for complaint in self:
            texts[complaint.id] = button_text(reason) or (complaint[reason_field] or "").strip()
            if not texts[complaint.id]:
                raise UserError(missing % complaint.name)
        for complaint in self:
            complaint._workflow_write({"state": state, reason_field: texts[complaint.id]})
            complaint._log_step(logged % texts[complaint.id])

    def action_reopen(self):
        self._check_state(("resolved", "closed", "cancelled"), _("Reopen"))
        # the deadlines stay, and so do their escalations: a breach already
        # reported is not reported again because the complaint was reopened
        for complaint in self:
            vals = {"state": "investigating", "resolved_date": False, "closed_date": False}
            if complaint.state == "cancelled":
                vals["state"] = "acknowledged" if complaint.first_response_date else "new"
            complaint._workflow_write(vals)
        self._log_step(_("Complaint reopened."))
        return True

    def action_revisit_now(self):
        """Record the revisit as done now by the current user (the form then asks for satisfaction)."""
        self._check_state(("resolved",), _("Revisit"))
        self.write({"revisit_date": fields.Datetime.now(), "revisit_user_id": self.env.user.id})
        return True

    def action_view_repeats(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Earlier complaints"),
            "res_model": self._name,
            "view_mode": "tree,form",
            "domain": [("id", "in", self.repeat_of_ids.ids)],
        }

    # ---------------------------------------------------------------- portal
    @api.model
    def _portal_validate(self, values, files):
        """Check the values of a complaint submitted on the portal; raise ValidationError."""
        errors = []
        # PostgreSQL stores no NUL character: drop them rather than fail on them
        values = {key: value.replace("\x00", "") if isinstance(value, str) else value
                  for key, value in values.items()}
        category = values.get("category") or ""
        if category not in dict(CATEGORIES):
            errors.append(_("Choose the kind of problem."))
        description = (values.get("description") or "").strip()
        if not description:
            errors.append(_("Describe the problem."))
        elif len(description) > PORTAL_MAX_DESCRIPTION:
            errors.append(_("The description is too long (at most %d characters).") % PORTAL_MAX_DESCRIPTION)
        subject = (values.get("subject") or "").strip()
        if len(subject) > 200:
            errors.append(_("The subject is too long (at most 200 characters)."))
        ref = (values.get("shipment_ref") or "").strip()
        if ref and (len(ref) > PORTAL_MAX_REF or not REF_PATTERN.match(ref)):
            errors.append(_("The waybill / shipment reference may only contain letters, digits, spaces "
                            "and . / _ - (at most %d characters).") % PORTAL_MAX_REF)
        subcategory_id = str(values.get("subcategory_id") or "").strip()
        sub = self.env["logistics.complaint.subcategory"]
        if subcategory_id:
            if ID_PATTERN.match(subcategory_id):
                sub = sub.sudo().browse(int(subcategory_id)).exists()
            if not sub:
                errors.append(_("The chosen sub-cause does not exist."))
            elif sub.category != category:
                errors.append(_("The chosen sub-cause does not match the kind of problem."))
        if len(files) > PORTAL_MAX_FILES:
            errors.append(_("Attach at most %d files.") % PORTAL_MAX_FILES)
        for filename, content, mimetype in files:
            ext = (filename or "").rsplit(".", 1)[-1].lower() if "." in (filename or "") else ""
            if ext not in PORTAL_FILE_TYPES:
                errors.append(_("%s: this type of file is not accepted (accepted: %s).") % (
                    filename, ", ".join(sorted(PORTAL_FILE_TYPES))))
            elif len(content) > PORTAL_MAX_FILE_SIZE:
                errors.append(_("%s is too large (at most %d MB).") % (filename, PORTAL_MAX_FILE_SIZE // 2 ** 20))
            elif not content:
                errors.append(_("%s is empty.") % filename)
            elif portal_content_mimetype(content) not in PORTAL_FILE_TYPES[ext]:
                errors.append(_("%s: the content of the file is not a .%s file; it was not accepted.")
                              % (filename, ext))
        if errors:
            raise ValidationError("\n".join(errors))
        return {
            "category": category,
            "subcategory_id": sub.id,
            "subject": subject,
            "shipment_ref": ref,
            "description": tools.plaintext2html(description),
        }

    @api.model
    def _portal_create(self, values, files=()):
        """Create a complaint for the current portal user's company; all or nothing."""
        user = self.env.user
        clean = self._portal_validate(values, list(files))
        partner = user.partner_id
        clean.update({
            "partner_id": partner.commercial_partner_id.id,
            "contact_id": partner.id if partner != partner.commercial_partner_id else False,
            "channel": "portal",
            "email_from": partner.email,
            "company_id": user.company_id.id,
        })
        complaint = self.sudo().with_context(mail_create_nosubscribe=True).create(clean)
        for filename, content, mimetype in files:
            self.env["ir.attachment"].sudo().create({
                "name": filename, "datas_fname": filename,
                "datas": base64.b64encode(content),
                "res_model": self._name, "res_id": complaint.id,
            })
        complaint.message_post(body=_("Complaint submitted on the portal by %s.") % partner.name,
                               subtype="mail.mt_note", author_id=partner.id)
        complaint._send_customer_mail("logistics_complaints.mail_template_complaint_received")
        return complaint

    def _portal_can_rate(self):
        self.ensure_one()
        return self.state in ("resolved", "closed") and not self.customer_rating

    def action_rate(self, rating, comment="", partner=None):
        """The customer rates the resolution (1-5) once; called through the portal (sudo), which
        gives the rating person as ``partner`` (the logged-in user's), else the complaint's contact."""
        self.ensure_one()
        if self.env.uid != SUPERUSER_ID:
            if not self.env.user.share:
                raise AccessError(_("Only the customer can rate the resolution of a complaint."))
            partner = self.env.user.partner_id  # a customer calling directly rates as himself
        if self.state not in ("resolved", "closed"):
            raise ValidationError(_("You can rate a complaint once it is resolved."))
        if self.customer_rating:
            raise ValidationError(_("This complaint has already been rated."))
        if str(rating) not in dict(SATISFACTION):
            raise ValidationError(_("Choose a rating from 1 to 5."))
        comment = (comment or "").replace("\x00", "").strip()
        if len(comment) > 2000:
            raise ValidationError(_("The comment is too long (at most 2000 characters)."))
        if isinstance(partner, int):
            partner = self.env["res.partner"].browse(partner)
        partner = partner or self.contact_id or self.partner_id
        token = self.sudo().rating_get_access_token(partner)
        rating_rec = self.env["rating.rating"].sudo().search([("access_token", "=", token)], limit=1)
        rating_rec.write({"rating": float(rating), "feedback": comment, "consumed": True})
        self.sudo().write({"customer_rating": str(rating), "customer_rating_comment": comment,
                           "rated_date": fields.Datetime.now()})
        self.sudo().message_post(
            body="<p>%s</p>%s" % (tools.html_escape(_("Customer rating: %s / 5") % rating),
                                  tools.plaintext2html(comment) if comment else ""),
            subtype="mail.mt_note", author_id=partner.id)
        return True

    # ---------------------------------------------------------------- escalation
    @api.model
    def _sql_refresh_sla_status(self):
        """Bring the stored SLA statuses of open complaints up to now: two set-based UPDATEs."""
        now = fields.Datetime.now()
        clock = """CASE
            WHEN {deadline} IS NULL THEN 'on_track'
            WHEN {done} IS NOT NULL THEN CASE WHEN {done} > {deadline} THEN 'breached' ELSE 'on_track' END
            WHEN %(now)s >= {deadline} THEN 'breached'
            WHEN {risk} IS NOT NULL AND %(now)s >= {risk} THEN 'at_risk'
            ELSE 'on_track' END"""
        response = clock.format(done="first_response_date", deadline="response_deadline",
                                risk="response_risk_date")
        resolution = clock.format(done="resolved_date", deadline="resolution_deadline",
                                  risk="resolution_risk_date")
        self.env.cr.execute("""
            WITH fresh AS (
                SELECT id, ({response}) AS rs, ({resolution}) AS ss
                  FROM logistics_complaint
                 WHERE state IN %(open)s
            )
            UPDATE logistics_complaint c
               SET response_sla_status = fresh.rs,
                   resolution_sla_status = fresh.ss,
                   sla_status = CASE WHEN 'breached' IN (fresh.rs, fresh.ss) THEN 'breached'
                                     WHEN 'at_risk' IN (fresh.rs, fresh.ss) THEN 'at_risk'
                                     ELSE 'on_track' END
              FROM fresh
             WHERE c.id = fresh.id
               AND (c.response_sla_status IS DISTINCT FROM fresh.rs
                    OR c.resolution_sla_status IS DISTINCT FROM fresh.ss)
            RETURNING c.id
        """.format(response=response, resolution=resolution), {"now": now, "open": OPEN_STATES})
        changed = [row[0] for row in self.env.cr.fetchall()]
        if changed:
            self.invalidate_cache(["response_sla_status", "resolution_sla_status", "sla_status"], changed)
        return changed

    @api.model
    def _cron_escalate(self, auto_commit=False):
        """Escalation: activity on the responsible user when at risk, service managers notified when
        breached; each once per complaint. Set-based selection, idempotent, in bounded batches (a fixed
        number of queries each) until none is left. ``auto_commit`` (the scheduled action; never in
        tests) commits after each batch: a killed run keeps the batches done, the next run resumes."""
        self._sql_refresh_sla_status()
        batch = max(1, self._param("escalation_batch"))
        auto_commit = auto_commit and not getattr(threading.current_thread(), "testing", False)
        done = {"at_risk": [], "breached": []}
        while True:
            at_risk, breached = self._escalate_batch(batch)
            if not (at_risk or breached):
                return done
            done["at_risk"] += at_risk.ids
            done["breached"] += breached.ids
            if auto_commit:
                self.env.cr.commit()

    @api.model
    def _escalate_batch(self, batch):
        """Claim and escalate at most ``batch`` complaints of each kind; (at risk, breached)."""
        cr = self.env.cr
        # claim the candidates and mark them in the same statement: a rerun never sees them again
        cr.execute("""
            UPDATE logistics_complaint SET risk_escalated = TRUE
             WHERE id IN (SELECT id FROM logistics_complaint
                           WHERE state IN %s AND sla_status = 'at_risk'
                             AND risk_escalated IS NOT TRUE
                           ORDER BY id LIMIT %s)
            RETURNING id
        """, (OPEN_STATES, batch))
        at_risk = self.sudo().browse(sorted(r[0] for r in cr.fetchall()))
        cr.execute("""
            UPDATE logistics_complaint SET breach_escalated = TRUE, risk_escalated = TRUE
             WHERE id IN (SELECT id FROM logistics_complaint
                           WHERE state IN %s AND sla_status = 'breached'
                             AND breach_escalated IS NOT TRUE
                           ORDER BY id LIMIT %s)
            RETURNING id
        """, (OPEN_STATES, batch))
        breached = self.sudo().browse(sorted(r[0] for r in cr.fetchall()))
        self.invalidate_cache(["risk_escalated", "breach_escalated"], (at_risk | breached).ids)
        if at_risk:
            at_risk._escalate_at_risk()
        if breached:
            breached._escalate_breached()
        return at_risk, breached

    def _escalate_at_risk(self):
        """One 'to do' activity per complaint on its responsible user (else the account
        manager, else the administrator): a single INSERT for the whole batch."""
        if not self:
            return
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        now = fields.Datetime.now()
        self.env.cr.execute("""
            INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name, activity_type_id,
                                       summary, note, date_deadline, user_id,
                                       create_uid, write_uid, create_date, write_date)
            SELECT %(model_id)s, %(model)s, c.id, c.name, %(type_id)s,
                   replace(%(summary)s, '%%s', c.name),
                   replace(%(note)s, '%%s', to_char(CASE WHEN c.first_response_date IS NULL
                                                         THEN c.response_deadline ELSE c.resolution_deadline END,
                                                    'YYYY-MM-DD HH24:MI')),
                   (CASE WHEN c.first_response_date IS NULL THEN c.response_deadline
                         ELSE c.resolution_deadline END)::date,
                   COALESCE(u.id, am.id, %(fallback)s),
                   %(uid)s, %(uid)s, %(now)s, %(now)s
              FROM logistics_complaint c
              LEFT JOIN res_users u ON u.id = c.user_id AND u.active
              LEFT JOIN res_users am ON am.id = c.account_manager_id AND am.active
             WHERE c.id IN %(ids)s
        """, {
            "model_id": self.env["ir.model"]._get(self._name).id, "model": self._name,
            "type_id": activity_type.id if activity_type else None,
            "summary": _("SLA at risk: %s"),
            "note": "<p>%s</p>" % tools.html_escape(_("The SLA deadline (%s UTC) of this complaint is near.")),
            "fallback": SUPERUSER_ID, "uid": self.env.uid, "now": now, "ids": tuple(self.ids),
        })
        self.env["mail.activity"].invalidate_cache()
        self.invalidate_cache(["activity_ids"], self.ids)

    def _escalate_breached(self):
        """Notify the Service Managers of the breaches of the batch, set-based: one chatter note per
        complaint (inbox notification of each manager) in three INSERTs, and one digest e-mail."""
        if not self:
            return
        managers = self.env.ref("logistics_crm.group_service_manager").users.filtered(
            lambda u: u.active and not u.share and u.id != SUPERUSER_ID)
        partners = managers.mapped("partner_id")
        statuses = selection_labels(self, "sla_status")
        rows = self.read(["name", "response_sla_status", "resolution_sla_status"])
        subject, body = _("SLA breached: %s"), _(
            "SLA breached on %s (response: %s, resolution: %s). Service Managers notified.")
        now = fields.Datetime.now()
        subtype = self.env.ref("mail.mt_note")
        cr = self.env.cr
        cr.execute("""
            INSERT INTO mail_message (model, res_id, record_name, subject, body, message_type, subtype_id,
                                      author_id, date, create_uid, write_uid, create_date, write_date)
            SELECT %(model)s, v.res_id, v.name, v.subject, v.body, 'notification', %(subtype)s,
                   %(author)s, %(now)s, %(uid)s, %(uid)s, %(now)s, %(now)s
              FROM unnest(%(ids)s::int[], %(names)s::varchar[], %(subjects)s::varchar[], %(bodies)s::text[])
                   AS v(res_id, name, subject, body)
            RETURNING id
        """, {
            "model": self._name, "subtype": subtype.id, "author": self.env.user.partner_id.id, "now": now,
            "uid": self.env.uid,
            "ids": [r["id"] for r in rows],
            "names": [r["name"] for r in rows],
            "subjects": [subject % r["name"] for r in rows],
            "bodies": ["<p>%s</p>" % tools.html_escape(body % (
                r["name"], statuses.get(r["response_sla_status"], ""),
                statuses.get(r["resolution_sla_status"], ""))) for r in rows],
        })
        message_ids = [row[0] for row in cr.fetchall()]
        if partners and message_ids:
            cr.execute("""
                INSERT INTO mail_message_res_partner_rel (mail_message_id, res_partner_id)
                SELECT m, p FROM unnest(%(messages)s::int[]) m, unnest(%(partners)s::int[]) p
            """, {"messages": message_ids, "partners": partners.ids})
            cr.execute("""
                INSERT INTO mail_message_res_partner_needaction_rel
                       (mail_message_id, res_partner_id, is_read, is_email)
                SELECT m, p, FALSE, FALSE FROM unnest(%(messages)s::int[]) m, unnest(%(partners)s::int[]) p
            """, {"messages": message_ids, "partners": partners.ids})
        self.env["mail.message"].invalidate_cache()
        self.invalidate_cache(["message_ids"], self.ids)
        emails = [p.email for p in partners if p.email]
        if emails:
            base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
            lines = "".join(
                '<li><a href="%s/web#id=%d&amp;model=%s&amp;view_type=form">%s</a></li>' % (
                    base, r["id"], self._name, tools.html_escape(r["name"])) for r in rows)
            self.env["mail.mail"].sudo().create({
                "subject": _("%d complaints breached their SLA") % len(rows),
                "body_html": "<p>%s</p><ul>%s</ul>" % (
                    tools.html_escape(_("These complaints have breached their SLA deadline:")), lines),
                "email_to": ",".join(emails),
                "auto_delete": True,
            })

