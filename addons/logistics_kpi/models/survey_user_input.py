from odoo import _, api, fields, models
from odoo.exceptions import AccessError, MissingError

# set by the campaigns only (as superuser): what makes an answer count for a customer
CAMPAIGN_FIELDS = ("campaign_id", "campaign_key", "customer_id")


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    campaign_id = fields.Many2one("logistics.survey.campaign", index=True,
                                  ondelete="restrict", readonly=True, copy=False)
    campaign_key = fields.Char(
        "Campaign period", readonly=True, copy=False,
        help="Idempotency key: the campaign period (e.g. 2026-P4), or the complaint surveyed.")
    customer_id = fields.Many2one("res.partner", index=True, readonly=True, copy=False,
                                  help="The commercial partner (company) the answer counts for; "
                                       "set by the campaign that issued the invitation.")
    reminder_sent = fields.Boolean(readonly=True, copy=False)
    date_done = fields.Datetime("Answered on", readonly=True, copy=False)

    _sql_constraints = [
        ("campaign_customer_key_uniq", "unique(campaign_id, customer_id, campaign_key)",
         "A customer is invited once per campaign period."),
    ]

    def _check_campaign_fields(self, vals):
        """Only the suite issues campaign invitations: the customer an answer counts
        for is never set by a user (a survey officer, or anybody over RPC)."""
        if not self.env.su and any(vals.get(name) for name in CAMPAIGN_FIELDS):
            raise AccessError(_("Campaign invitations are issued by the survey campaigns only."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_campaign_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        if any(name in vals for name in CAMPAIGN_FIELDS) and not self.env.su:
            raise AccessError(_("Campaign invitations are issued by the survey campaigns only."))
        if vals.get("state") == "done" and "date_done" not in vals:
            vals = dict(vals, date_done=fields.Datetime.now())
        return super().write(vals)

    @api.model
    def _portal_open_invitations(self, partner):
        """Open campaign invitations of ``partner``'s company (for the portal)."""
        commercial = partner.commercial_partner_id
        if not commercial or partner.user_ids[:1]._is_public():
            return self.browse()
        return self.sudo().search([
            ("customer_id", "=", commercial.id), ("campaign_id", "!=", False),
            ("state", "!=", "done"), ("test_entry", "=", False),
            "|", ("deadline", "=", False), ("deadline", ">=", fields.Datetime.now())],
            order="create_date desc")

    def _portal_claim(self, partner):
        """The URL at which the logged-in contact ``partner`` answers this invitation of its
        company, or False. Odoo's survey answers only the person an invitation names (any
        other logged-in user gets its "wrong user" page): an invitation nobody started is
        handed to the contact who opens it (still one answer per invitation); one a
        colleague started stays the colleague's. None of another company's."""
        self.ensure_one()
        invitation = self.sudo()
        if invitation not in self._portal_open_invitations(partner):
            raise MissingError(self.env._("This survey invitation is not open for you."))
        if invitation.partner_id != partner:
            if invitation.state != "new":
                return False
            invitation.write({"partner_id": partner.id, "email": partner.email or invitation.email})
        return invitation._portal_url()

    def _portal_url(self):
        self.ensure_one()
        return "%s?answer_token=%s" % (self.survey_id.get_start_url(), self.access_token)
