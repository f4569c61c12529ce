from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.logistics_crm.tools import TIERS, selection_labels

from .logistics_sla_mixin import SEVERITIES


class LogisticsComplaintSlaPolicy(models.Model):
    """One cell of the SLA matrix: customer tier x severity -> hours."""
    _name = "logistics.complaint.sla.policy"
    _description = "Complaint SLA policy"
    _order = "customer_tier, severity, id"

    name = fields.Char(compute="_compute_name", store=True)
    customer_tier = fields.Selection(TIERS, string="Customer tier",
                                     help="Leave empty to apply to every tier.")
    severity = fields.Selection(SEVERITIES, help="Leave empty to apply to every severity.")
    response_hours = fields.Float("Respond within (h)", required=True, default=12.0)
    resolution_hours = fields.Float("Resolve within (h)", required=True, default=48.0)
    calendar_id = fields.Many2one(
        "resource.calendar", string="Working time",
        help="Count the hours on this working-time calendar (time zone of the company). "
             "Leave empty to count calendar hours around the clock.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    _sql_constraints = [
        ("tier_severity_unique", "unique(customer_tier, severity, company_id)",
         "There is already an SLA policy for this tier and severity."),
    ]

    @api.depends("customer_tier", "severity")
    def _compute_name(self):
        for policy in self:
            policy.name = policy._label()

    @api.depends("customer_tier", "severity")
    @api.depends_context("lang")
    def _compute_display_name(self):
        # the stored name is in the language of whoever made the policy: shown, the cell
        # reads in the reader's ("A / 严重", not "A / Critical")
        for policy in self:
            policy.display_name = policy._label()

    def _label(self):
        self.ensure_one()
        return "%s / %s" % (dict(TIERS).get(self.customer_tier) or self.env._("Any tier"),
                            selection_labels(self, "severity").get(self.severity) or self.env._("Any severity"))

    @api.constrains("response_hours", "resolution_hours")
    def _check_hours(self):
        for policy in self:
            if policy.response_hours <= 0 or policy.resolution_hours <= 0:
                raise ValidationError(_("SLA hours must be positive."))
            if policy.resolution_hours < policy.response_hours:
                raise ValidationError(_("The resolution time cannot be shorter than the response time."))

    @api.model
    def _find_policy(self, tier, severity, company=None):
        """Most specific active policy for (tier, severity), or an empty recordset."""
        company = company or self.env.company
        policies = self.search([("company_id", "in", [company.id, False])])
        best, best_score = self.browse(), -1
        for policy in policies:
            if policy.customer_tier and policy.customer_tier != tier:
                continue
            if policy.severity and policy.severity != severity:
                continue
            score = (2 if policy.customer_tier else 0) + (1 if policy.severity else 0)
            if score > best_score:
                best, best_score = policy, score
        return best
