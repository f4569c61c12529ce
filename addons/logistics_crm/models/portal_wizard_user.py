from odoo import _, models
from odoo.exceptions import AccessError


class PortalWizardUser(models.TransientModel):
    _inherit = "portal.wizard.user"

    def _check_customer_portal_access(self):
        """A customer's contacts get (or are sent again) portal access from its account
        manager or a Service Manager only: Odoo lets any contact manager do it, and the
        invitation goes to whatever address the contact has."""
        partners = self.env["res.partner"]
        foreign = partners._foreign_accounts(self.partner_id.commercial_partner_id)
        if foreign:
            raise AccessError(_("Only the account manager of %s or a Service Manager can give its contacts "
                                "access to the portal.", ", ".join(foreign.mapped("display_name"))))

    def action_grant_access(self):
        self._check_customer_portal_access()
        return super().action_grant_access()

    def action_invite_again(self):
        self._check_customer_portal_access()
        return super().action_invite_again()
