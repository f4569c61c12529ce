from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.logistics_complaints.models.logistics_sla_mixin import SEVERITIES


class LogisticsServiceAgreementSla(models.Model):
    """The complaint response and resolution times of an agreement for one severity."""

    _name = "logistics.service.agreement.sla"
    _description = "Complaint times of a service agreement per severity"
    _order = "agreement_id, severity"

    agreement_id = fields.Many2one("logistics.service.agreement", required=True, ondelete="cascade", index=True)
    severity = fields.Selection(SEVERITIES, required=True)
    response_hours = fields.Float("Respond within (h)", required=True)
    resolution_hours = fields.Float("Resolve within (h)", required=True)

    _sql_constraints = [
        ("agreement_severity_uniq", "unique(agreement_id, severity)",
         "An agreement has one line per severity."),
    ]

    @api.constrains("response_hours", "resolution_hours")
    def _check_hours(self):
        for line in self:
            if line.response_hours <= 0 or line.resolution_hours <= 0:
                raise ValidationError(_("Complaint response and resolution times must be positive."))
            if line.resolution_hours < line.response_hours:
                raise ValidationError(_("The resolution time cannot be shorter than the response time."))
