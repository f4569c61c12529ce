import uuid
from datetime import timedelta

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.logistics_crm.tools import TIERS, button_text, selection_labels, sql_literals

from .logistics_sla_mixin import SEVERITIES, SLA_STATUSES  # noqa: F401 (public names, also here)

CATEGORIES = [
    ("operations", "Operations error"),
    ("sales", "Sales error"),
    ("supplier", "Supplier / carrier error"),
    ("agent", "Agent error"),
    ("customer", "Customer's own mistake"),
    ("force_majeure", "Force majeure"),
]
# what the customer reports (the portal's form asks this); the cause (CATEGORIES) is the agent's finding
PROBLEM_TYPES = [
    ("late_pickup", "Late pickup"),
    ("late_delivery", "Late delivery"),
    ("damage", "Damaged goods"),
    ("loss", "Lost or missing goods"),
    ("documents", "Wrong documents"),
    ("billing", "Billing"),
    ("attitude", "Service attitude"),
    ("other", "Other"),
]
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
STATE_KEYS = [key for key, _label in STATES]
SATISFACTION = [("1", "1 - Very dissatisfied"), ("2", "2 - Dissatisfied"), ("3", "3 - Neutral"),
                ("4", "4 - Satisfied"), ("5", "5 - Very satisfied")]
# the states of a complaint still being handled (the SLA clocks run, the portal's "In
# progress"); every other module and the portal import them from here
OPEN_STATES = ("new", "acknowledged", "investigating", "pending_approval", "approved")
DONE_STATES = ("resolved", "closed", "cancelled")
# A cancelled complaint (filed by mistake, a duplicate, withdrawn) is no complaint: it
# counts nowhere, neither in the complaint report, the complaints per 1,000 shipments,
# the customer's health nor as an earlier case of a repeat. The one definition: the
# domain for the ORM, counted_complaint_sql for SQL.
NOT_COUNTED_STATES = ("cancelled",)
COUNTED_DOMAIN = [("state", "not in", NOT_COUNTED_STATES)]


def counted_complaint_sql(alias):
    """SQL: the complaint row ``alias`` counts (COUNTED_DOMAIN)."""
    return "%s.state NOT IN %s" % (alias, sql_literals(NOT_COUNTED_STATES))


# what the Service Manager approves: changing it after the approval asks for a new one
APPROVED_CONTENT = ("cause_analysis", "corrective_action")
STAFF = "base.group_user"  # internal fields: employees only, never a customer (portal, RPC)
# the activity the approvers of submitted measures get (data/mail_activity_type_data.xml)
APPROVAL_ACTIVITY = "logistics_complaints.mail_activity_complaint_approval"


class LogisticsComplaint(models.Model):
    _name = "logistics.complaint"
    _description = "Customer complaint"
    # the customer guard first: its message_post runs before mail.thread's
    _inherit = ["logistics.customer.thread.guard", "portal.mixin", "rating.mixin", "mail.activity.mixin",
                "logistics.workflow.mixin", "logistics.sla.mixin", "logistics.approval.mixin"]
    _approval_activity = APPROVAL_ACTIVITY  # measures submitted: each Service Manager's to-do
    _order = "received_date desc, id desc"
    _sla_open_states = OPEN_STATES
    # set by the workflow steps only: action methods, crons, portal (logistics.workflow.mixin)
    _workflow_fields = (
        "state", "approved_by_id", "approved_date", "acknowledged_date", "first_response_date", "resolved_date",
        "closed_date", "response_escalation", "resolution_escalation", "customer_rating_id",
    )
    _workflow_initial = {"state": "new"}
    _mail_post_access = "read"  # customers reply on the portal with read access only

    name = fields.Char("Reference", required=True, copy=False, readonly=True, index=True, default="/")
    subject = fields.Char(help="A short title of the complaint.")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", index=True, tracking=True,
        domain=[("is_company", "=", True)], help="The customer company (commercial partner).")
    contact_id = fields.Many2one("res.partner", domain="[('parent_id', '=', partner_id)]")
    email_from = fields.Char("E-mail of the complainant")
    notify_partner_id = fields.Many2one("res.partner", compute="_compute_notify_partner_id",
                                        string="Notified person", help="Who receives the customer mails.")
    customer_tier = fields.Selection(
        TIERS, string="Tier at intake", compute="_compute_customer_tier", store=True, readonly=True, groups=STAFF,
        help="The tier of the customer when the complaint was received, frozen then: the SLA "
             "and the reports use it, later tier changes of the customer do not alter it.")
    account_manager_id = fields.Many2one(related="partner_id.account_manager_id", store=True, readonly=True,
                                         groups=STAFF)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    channel = fields.Selection(CHANNELS, required=True, default="phone", index=True)
    received_date = fields.Datetime("Received", required=True, index=True, default=fields.Datetime.now,
                                    tracking=True)
    shipment_ref = fields.Char("Waybill / shipment", index=True)
    problem_type = fields.Selection(PROBLEM_TYPES, string="What happened", index=True, tracking=True,
                                    help="The problem as the customer reports it; the cause category is the "
                                         "agent's finding.")
    category = fields.Selection(CATEGORIES, string="Cause category", index=True, tracking=True)
    subcategory_id = fields.Many2one("logistics.complaint.subcategory", string="Sub-cause", index=True,
                                     domain="[('category', '=', category)]", tracking=True)
    severity = fields.Selection(SEVERITIES, required=True, default="normal", index=True, tracking=True)
    description = fields.Html(sanitize=True, sanitize_attributes=True, strip_style=True)
    attachment_count = fields.Integer("Files", compute="_compute_attachment_count")

    # responsible party
    user_id = fields.Many2one("res.users", string="Responsible", index=True, tracking=True,
                              domain=[("share", "=", False)])
    department = fields.Char("Responsible department", groups=STAFF)
    responsible_partner_id = fields.Many2one(
        "res.partner", string="Carrier / agent", groups=STAFF, help="The carrier, supplier or agent at fault, if any.")
    currency_id = fields.Many2one("res.currency", related="company_id.currency_id", readonly=True)
    claimed_amount = fields.Monetary("Claimed amount", help="Amount the customer claims for damage or loss.")
    compensation_amount = fields.Monetary("Compensation", tracking=True, groups=STAFF)

    # workflow
    # group_expand: the kanban shows every step as a column, in workflow order, empty ones too
    state = fields.Selection(STATES, required=True, default="new", index=True, copy=False, tracking=True,
                             group_expand=True)
    cause_analysis = fields.Text("Cause analysis", groups=STAFF)
    corrective_action = fields.Text("Corrective measures", groups=STAFF)
    resolution = fields.Text("Resolution note")
    reject_reason = fields.Text("Rejection reason", copy=False, groups=STAFF)
    cancel_reason = fields.Text("Cancellation reason", copy=False, groups=STAFF)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, groups=STAFF)
    approved_date = fields.Datetime(readonly=True, copy=False, groups=STAFF)
    acknowledged_date = fields.Datetime(readonly=True, copy=False)
    closed_date = fields.Datetime(readonly=True, copy=False)

    # revisit (回访)
    visit_id = fields.Many2one("logistics.visit", string="Follow-up visit", copy=False, groups=STAFF)
    revisit_date = fields.Datetime("Revisited on", copy=False, groups=STAFF)
    revisit_user_id = fields.Many2one("res.users", string="Revisited by", copy=False, groups=STAFF)
    revisit_satisfaction = fields.Selection(SATISFACTION, string="Satisfaction at revisit", copy=False, groups=STAFF)
    revisit_comment = fields.Text("Revisit comment", copy=False, groups=STAFF)
    customer_unreachable = fields.Boolean("Could not reach the customer", copy=False, groups=STAFF)
    unreachable_reason = fields.Text("Why the customer could not be reached", copy=False, groups=STAFF,
                                     help="Why no revisit could be recorded.")

    # repeats
    repeat_of_ids = fields.Many2many(
        "logistics.complaint", "logistics_complaint_repeat_rel", "complaint_id", "earlier_id",
        string="Earlier complaints", compute="_compute_repeat", store=True, groups=STAFF,
        help="Complaints of the same customer on the same sub-cause within the repeat window.")
    is_repeat = fields.Boolean("Repeat", compute="_compute_repeat", store=True, index=True, groups=STAFF)

    # customer rating (after resolution): the customer's own, nobody else's. Stored once, by
    # rating.mixin (rating.rating); the complaint only points at the rating of its current
    # resolution (set when the customer rates, cleared when the complaint is reopened)
    customer_rating_id = fields.Many2one("rating.rating", string="Rating of the resolution", readonly=True,
                                         copy=False, index="btree_not_null", groups=STAFF)
    customer_rating = fields.Selection(SATISFACTION, string="Customer rating", compute="_compute_customer_rating",
                                       compute_sudo=True)
    customer_rating_comment = fields.Text("Customer feedback", compute="_compute_customer_rating",
                                          compute_sudo=True)
    rated_date = fields.Datetime(compute="_compute_customer_rating", compute_sudo=True)

    _sql_constraints = [
        ("amounts_positive", "CHECK(claimed_amount >= 0 AND compensation_amount >= 0)",
         "Claimed amount and compensation cannot be negative."),
    ]

    # ---------------------------------------------------------------- computes
    def _compute_attachment_count(self):
        data = self.env["ir.attachment"].sudo()._read_group(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)], ["res_id"], ["__count"])
        counts = dict(data)
        for complaint in self:
            complaint.attachment_count = counts.get(complaint.id, 0)

    @api.depends("partner_id")
    def _compute_customer_tier(self):
        for complaint in self:
            complaint.customer_tier = complaint.partner_id.commercial_partner_id.sudo().customer_tier

    @api.depends("partner_id", "subcategory_id", "received_date", "state")
    def _compute_repeat(self):
        days = self._sla_param("repeat_days")
        for complaint in self:
            earlier = self.browse()
            if complaint.partner_id and complaint.subcategory_id and complaint.received_date and days > 0:
                domain = [
                    ("partner_id", "=", complaint.partner_id.id),
                    ("subcategory_id", "=", complaint.subcategory_id.id),
                    *COUNTED_DOMAIN,
                    ("received_date", ">=", complaint.received_date - timedelta(days=days)),
                    ("received_date", "<=", complaint.received_date),
                ]
                if isinstance(complaint.id, int):
                    domain.append(("id", "!=", complaint.id))
                earlier = self.sudo().search(domain).filtered(
                    lambda c, complaint=complaint: c.received_date < complaint.received_date
                    or (c.received_date == complaint.received_date and c.id < complaint.id))
            complaint.repeat_of_ids = [(6, 0, earlier.ids)]
            complaint.is_repeat = bool(earlier) and complaint.state not in NOT_COUNTED_STATES

    # ---------------------------------------------------------------- ORM
    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Grouped by state (the kanban), the cancelled column is folded."""
        result = super().read_group(domain, fields, groupby, offset=offset, limit=limit, orderby=orderby,
                                    lazy=lazy)
        first = [groupby] if isinstance(groupby, str) else list(groupby or [])
        if lazy and first and first[0] == "state":
            for group in result:
                if group.get("state") == "cancelled":
                    group["__fold"] = True
        return result

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

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._commercial_values(dict(vals)) for vals in vals_list]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("logistics.complaint") or "/"
            # the portal token from the start: made on the first portal view instead, two
            # contacts opening the page at once collided on it (a serialization failure
            # logged as an ERROR and retried; seen in make load)
            if not vals.get("access_token"):
                vals["access_token"] = str(uuid.uuid4())
        complaints = super().create(vals_list)
        for complaint in complaints:
            followers = complaint.contact_id or complaint.partner_id
            if followers:
                complaint.message_subscribe(partner_ids=followers.ids)
        complaints._recompute_later_repeats()
        return complaints

    @api.model
    def _fill_portal_tokens(self):
        """Install and update: complaints made before their token was set at creation get one."""
        self.env.cr.execute("UPDATE logistics_complaint SET access_token = gen_random_uuid()::text "
                            "WHERE access_token IS NULL")
        self.invalidate_model(["access_token"])
        return True

    def _recompute_later_repeats(self):
        """A complaint entered late (received before others) can make later ones repeats."""
        days = self._sla_param("repeat_days")
        for complaint in self.filtered(lambda c: c.partner_id and c.subcategory_id and c.received_date):
            later = self.sudo().search([
                ("partner_id", "=", complaint.partner_id.id),
                ("subcategory_id", "=", complaint.subcategory_id.id),
                ("received_date", ">", complaint.received_date),
                ("received_date", "<=", complaint.received_date + timedelta(days=days)),
                ("id", "!=", complaint.id),
            ])
            if later:
                self.env.add_to_compute(self._fields["repeat_of_ids"], later)
                self.env.add_to_compute(self._fields["is_repeat"], later)

    def _workflow_refusal(self):
        return _("These fields of a complaint are set by its workflow steps only (the buttons "
                 "Acknowledge, Approve, Resolve...): %s.")

    def write(self, vals):
        vals = self._commercial_values(dict(vals))
        if "received_date" in vals and any(c.state != "new" for c in self):
            raise UserError(_("The date a complaint was received cannot change once it is acknowledged."))
        if {"cause_analysis", "corrective_action", "resolution"}.intersection(vals) and not self.env.su:
            self._check_content_change(vals)
        moved = "partner_id" in vals and self.filtered(lambda c: c.partner_id.id != vals["partner_id"])
        if moved and not self.env.su and any(c.state != "new" for c in moved):
            raise UserError(_("The customer of a complaint can only be corrected before it is acknowledged."))
        reapprove = self._content_reapproval(vals)
        result = super().write(vals)
        if moved and not self.env.su:
            # the rules are checked before a write: the new customer must be one the user
            # may change complaints of too (no complaint handed to another account)
            moved.check_access("write")
        if reapprove:
            reapprove._workflow_write({"state": "pending_approval", "approved_by_id": False,
                                       "approved_date": False})
            reapprove._schedule_approval_activities()
            reapprove._log_step(_("Cause analysis or corrective measures changed after the approval: "
                                  "submitted for approval again."))
        return result

    def _check_content_change(self, vals):
        """Resolved or closed: the analysis, measures and resolution note are history."""
        for complaint in self:
            if complaint.state in ("resolved", "closed") and any(
                    (vals[name] or False) != (complaint[name] or False)
                    for name in ("cause_analysis", "corrective_action", "resolution") if name in vals):
                raise UserError(_("%s is resolved: its cause analysis, corrective measures and resolution "
                                  "note cannot change any more; reopen it first.", complaint.name))

    def _content_reapproval(self, vals):
        """The approved complaints whose approved content ``vals`` changes."""
        if not set(APPROVED_CONTENT).intersection(vals):
            return self.browse()
        return self.filtered(lambda c: c.state == "approved" and any(
            (vals[name] or False) != (c[name] or False) for name in APPROVED_CONTENT if name in vals))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_progress(self):
        if any(c.state not in ("new", "cancelled") for c in self):
            raise UserError(_("Only new or cancelled complaints can be deleted; cancel it instead."))

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
                raise ValidationError(_("The sub-cause %s does not belong to the chosen cause category.",
                                        complaint.subcategory_id.name))

    @api.constrains("contact_id", "partner_id")
    def _check_contact(self):
        for complaint in self.sudo().filtered("contact_id"):
            if complaint.contact_id.commercial_partner_id != complaint.partner_id:
                raise ValidationError(_("The contact %s does not work for the complaint's customer.",
                                        complaint.contact_id.display_name))

    @api.constrains("revisit_date", "received_date")
    def _check_revisit_date(self):
        for complaint in self.sudo():
            if complaint.revisit_date and complaint.revisit_date < complaint.received_date:
                raise ValidationError(_("The revisit cannot be before the complaint was received."))

    # ---------------------------------------------------------------- workflow
    def _check_state(self, allowed, action):
        labels = selection_labels(self, "state")
        for complaint in self:
            if complaint.state not in allowed:
                raise UserError(_("%(action)s: the complaint %(name)s is %(state)s; this step needs it to be "
                                  "%(allowed)s.", action=action, name=complaint.name, state=labels[complaint.state],
                                  allowed=" / ".join(labels[s] for s in allowed)))

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
                                  "submitting it for approval.", complaint.name))
            if not complaint.category:
                raise UserError(_("Choose the cause category of %s before submitting it for approval.",
                                  complaint.name))
        self._workflow_write({"state": "pending_approval"})
        self.write({"reject_reason": False})
        self._log_step(_("Cause analysis and corrective measures submitted for approval."))
        self._schedule_approval_activities()
        return True

    def action_approve(self):
        self._check_service_manager()
        self._check_state(("pending_approval",), _("Approve"))
        self._workflow_write({"state": "approved", "approved_by_id": self.env.user.id,
                              "approved_date": fields.Datetime.now()})
        self._log_step(_("Corrective measures approved."))
        self._close_approval_activities()
        return True

    def action_reject(self, reason=None):
        """Back to investigation with the reason (the button opens the reason wizard)."""
        self._check_service_manager()
        self._check_state(("pending_approval",), _("Reject"))
        self._move_with_reason(
            "investigating", "reject_reason", reason,
            _("Give the reason for rejecting the measures of %s."),
            _("Measures rejected, back to investigation. Reason: %s"))
        self._close_approval_activities(done=False)
        return True

    def action_resolve(self):
        self._check_state(("approved",), _("Resolve"))
        for complaint in self:
            if not (complaint.resolution or "").strip():
                raise UserError(_("Write the resolution note of %s before resolving it.", complaint.name))
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
                "date_start": fields.Datetime.now() + timedelta(days=1),
                "agenda": _("Follow-up of the complaint %(name)s: %(subject)s",
                            name=complaint.name, subject=complaint.subject or ""),
            })
        return True

    def _revisit_from_visit(self):
        """A done follow-up visit with a satisfaction is the revisit record."""
        for complaint in self:
            visit = complaint.visit_id.sudo()
            if visit.state == "done" and visit.satisfaction and not complaint.revisit_satisfaction:
                complaint.write({
                    "revisit_date": visit.date_end or visit.date_start,
                    "revisit_user_id": visit.user_id.id,
                    "revisit_satisfaction": visit.satisfaction,
                    "revisit_comment": complaint.revisit_comment or tools.html2plaintext(visit.outcome or ""),
                })

    def action_close(self):
        """Close after the revisit: date, who, satisfaction and comment, or the customer could not be
        reached, with the reason."""
        self._check_state(("resolved",), _("Close"))
        self._revisit_from_visit()
        for complaint in self:
            revisited = (complaint.revisit_date and complaint.revisit_user_id and complaint.revisit_satisfaction
                         and (complaint.revisit_comment or "").strip())
            unreachable = complaint.customer_unreachable and (complaint.unreachable_reason or "").strip()
            if not (revisited or unreachable):
                raise UserError(_(
                    "Record the revisit of %s (date, who, customer satisfaction and a comment) or tick "
                    "\"Could not reach the customer\" with the reason before closing it.", complaint.name))
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
        self._close_approval_activities(done=False)  # nothing left to approve
        return True

    def _move_with_reason(self, state, reason_field, reason, missing, logged):
        """To ``state`` with the reason (given, else on the record) in ``reason_field``; all or none."""
        texts = {}
        for complaint in self:
            texts[complaint.id] = button_text(reason) or (complaint[reason_field] or "").strip()
            if not texts[complaint.id]:
                raise UserError(missing % complaint.name)
        for complaint in self:
            complaint._workflow_write({"state": state})
            complaint.write({reason_field: texts[complaint.id]})
            complaint._log_step(logged % texts[complaint.id])

    @api.depends("customer_rating_id.rating", "customer_rating_id.feedback")
    def _compute_customer_rating(self):
        """The customer's rating of the current resolution, read from its rating.rating."""
        for complaint in self:
            rating = complaint.customer_rating_id
            value = min(5, max(1, round(rating.rating))) if rating and rating.consumed else 0
            complaint.customer_rating = str(value) if value else False
            complaint.customer_rating_comment = rating.feedback or False if value else False
            complaint.rated_date = rating.write_date if value else False

    def action_reopen(self):
        """Back to work: a new resolution episode (its SLA points escalate again, the customer
        rates the new resolution)."""
        self._check_state(("resolved", "closed", "cancelled"), _("Reopen"))
        for complaint in self:
            vals = {"state": "investigating", "resolved_date": False, "closed_date": False,
                    "resolution_escalation": 0.0, "customer_rating_id": False}
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
            "view_mode": "list,form",
            "domain": [("id", "in", self.repeat_of_ids.ids)],
        }

    def action_open_reason_wizard(self):
        """The Reject / Cancel buttons: ask for the reason (``reason_action`` in the context)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "logistics_complaints.logistics_complaint_reason_wizard_action")
        action["context"] = {"active_ids": self.ids, "active_model": self._name,
                             "default_complaint_ids": self.ids,
                             "default_reason_action": self.env.context.get("reason_action", "reject")}
        return action
