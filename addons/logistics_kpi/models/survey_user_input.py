from odoo import api, fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    campaign_id = fields.Many2one("logistics.survey.campaign", string="Campaign", index=True,
                                  ondelete="restrict", readonly=True)
    campaign_key = fields.Char(
        "Campaign period", readonly=True,
        help="Idempotency key: the campaign period (e.g. 2026-P4), or the complaint surveyed.")
    customer_id = fields.Many2one("res.partner", string="Customer", index=True, readonly=True,
                                  help="The commercial partner (company) the answer counts for.")
    reminder_sent = fields.Boolean(readonly=True, copy=False)
    date_done = fields.Datetime("Answered on", readonly=True, copy=False)

    _sql_constraints = [
        ("campaign_customer_key_uniq", "unique(campaign_id, customer_id, campaign_key)",
         "A customer is invited once per campaign period."),
    ]

    @api.model
    def create(self, vals):
        if vals.get("partner_id") and not vals.get("customer_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            vals["customer_id"] = partner.commercial_partner_id.id
        return super(SurveyUserInput, self).create(vals)

    @api.multi
    def write(self, vals):
        if vals.get("state") == "done" and "date_done" not in vals:
            vals = dict(vals, date_done=fields.Datetime.now())
        return super(SurveyUserInput, self).write(vals)

    @api.model
    def _portal_open_invitations(self, partner):
        """Open campaign invitations of ``partner``'s company (for the portal)."""
        commercial = partner.commercial_partner_id
        if not commercial or partner.user_ids[:1]._is_public():
            return self.browse()
        return self.sudo().search([
            ("customer_id", "=", commercial.id), ("campaign_id", "!=", False),
            ("state", "!=", "done"), ("type", "=", "link"),
            "|", ("deadline", "=", False), ("deadline", ">=", fields.Datetime.now())],
            order="date_create desc")

    def _portal_url(self):
        self.ensure_one()
        return "%s/%s" % (self.survey_id.public_url, self.token)
