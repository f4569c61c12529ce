from odoo import fields, models

from ..settings import DEFAULTS, SETTINGS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kpi_dispatch_tolerance_minutes = fields.Integer(
        "Dispatch tolerance (minutes)", help="A pickup this late is still on time.",
        default=DEFAULTS["dispatch_tolerance_minutes"], config_parameter="logistics_kpi.dispatch_tolerance_minutes")
    kpi_arrival_tolerance_minutes = fields.Integer(
        "Arrival tolerance (minutes)", help="A delivery this late is still on time.",
        default=DEFAULTS["arrival_tolerance_minutes"], config_parameter="logistics_kpi.arrival_tolerance_minutes")
    kpi_survey_batch_size = fields.Integer(
        "Survey batch size", default=DEFAULTS["survey_batch_size"], config_parameter="logistics_kpi.survey_batch_size")
    kpi_survey_quiet_days = fields.Integer(
        "Survey quiet period (days)", default=DEFAULTS["survey_quiet_days"],
        config_parameter="logistics_kpi.survey_quiet_days")
    kpi_survey_reminder_days = fields.Integer(
        "Survey reminder after (days)", default=DEFAULTS["survey_reminder_days"],
        config_parameter="logistics_kpi.survey_reminder_days")

    def set_values(self):
        tolerances = ("dispatch_tolerance_minutes", "arrival_tolerance_minutes")
        before = [SETTINGS.get(self.env, key) for key in tolerances]
        res = super().set_values()
        if [SETTINGS.get(self.env, key) for key in tolerances] != before:
            self.env["logistics.shipment"].sudo()._recompute_on_time_all()
        return res
