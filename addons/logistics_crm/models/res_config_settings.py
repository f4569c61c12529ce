from odoo import api, fields, models

from ..tools import DEFAULTS, addon_settings


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    logistics_tier_a_pct = fields.Float(
        "Tier A up to (% of cumulative contribution)", default=DEFAULTS["tier_a_pct"],
        config_parameter="logistics_crm.tier_a_pct")
    logistics_tier_b_pct = fields.Float(
        "Tier B up to (% of cumulative contribution)", default=DEFAULTS["tier_b_pct"],
        config_parameter="logistics_crm.tier_b_pct")
    logistics_tier_a_floor = fields.Float(
        "Minimum contribution for tier A", default=DEFAULTS["tier_a_floor"],
        config_parameter="logistics_crm.tier_a_floor",
        help="Optional absolute revenue floor (company currency) a customer must reach to be A.")
    logistics_tier_period_months = fields.Integer(
        "Contribution period (months)", default=DEFAULTS["tier_period_months"],
        config_parameter="logistics_crm.tier_period_months")
    logistics_visit_days_a = fields.Integer(
        "Visit every (days), tier A", default=DEFAULTS["visit_days_a"],
        config_parameter="logistics_crm.visit_days_a")
    logistics_visit_days_b = fields.Integer(
        "Visit every (days), tier B", default=DEFAULTS["visit_days_b"],
        config_parameter="logistics_crm.visit_days_b")
    logistics_visit_days_c = fields.Integer(
        "Visit every (days), tier C", default=DEFAULTS["visit_days_c"],
        config_parameter="logistics_crm.visit_days_c")
    logistics_dormant_days = fields.Integer(
        "Dormant after (days without invoice)", default=DEFAULTS["dormant_days"],
        config_parameter="logistics_crm.dormant_days")
    logistics_lost_days = fields.Integer(
        "Lost after (days without invoice)", default=DEFAULTS["lost_days"],
        config_parameter="logistics_crm.lost_days")

    # the settings of every addon of the suite (logistics_crm.tools.Settings), read, checked and
    # saved here once: each addon only declares its fields (config_parameter=) and rules
    @api.constrains(lambda self: [settings.field_name(key) for settings in addon_settings()
                                  for key in settings.form_keys(self)])
    def _check_logistics_settings(self):
        for settings in addon_settings():
            settings.check(self)

    @api.model
    def get_values(self):
        res = super().get_values()
        for settings in addon_settings():
            res.update(settings.form_values(self))
        return res

    def set_values(self):
        res = super().set_values()
        for settings in addon_settings():
            settings.saved(self)
        # the visit due dates follow the cadence
        self.env["logistics.tier.engine"]._recompute_next_visit_dates(scope="all")
        return res
