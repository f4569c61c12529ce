from odoo.addons.portal.controllers.portal import CustomerPortal


class LogisticsAccountPortal(CustomerPortal):

    def details_form_validate(self, data, partner_creation=False):
        # Odoo puts str(partner.country_id.id) into the form data of a contact who may not
        # change its country (a company's contact): 'False' for a contact without one, which
        # portal.portal_my_details then reads with int() -- a 500 on any mistake in the form
        if data.get("country_id") == "False":
            data["country_id"] = ""
        return super().details_form_validate(data, partner_creation=partner_creation)
