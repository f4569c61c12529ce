from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .kpi_settings import get_setting, set_setting

KEYS = ("dispatch_tolerance_minutes", "arrival_tolerance_minutes", "survey_batch_size",
        "survey_quiet_days", "survey_reminder_days")


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kpi_dispatch_tolerance_minutes = fields.Integer(
        "Dispatch tolerance (minutes)", help="A pickup this late is still on time.")
    kpi_arrival_tolerance_minutes = fields.Integer(
        "Arrival tolerance (minutes)", help="A delivery this late is still on time.")
    kpi_survey_batch_size = fields.Integer("Survey batch size")
    kpi_survey_quiet_days = fields.Integer("Survey quiet period (days)")
    kpi_survey_reminder_days = fields.Integer("Survey reminder after (days)")

    @api.model
    def get_values(self):
        res = super().get_values()
        res.update({"kpi_%s" % key: get_setting(self.env, key) for key in KEYS})
        return res

    @api.constrains(*["kpi_%s" % key for key in KEYS])
    def _check_kpi_settings(self):
        for settings in self:
            if any(settings["kpi_%s" % key] < 0 for key in KEYS):
                raise ValidationError(_("Tolerances, batch sizes and periods cannot be negative."))
            if settings.kpi_survey_batch_size == 0:
                raise ValidationError(_("The survey batch size must be at least 1."))

    def set_values(self):
        res = super().set_values()
        changed = any(self["kpi_%s" % key] != get_setting(self.env, key)
                      for key in ("dispatch_tolerance_minutes", "arrival_tolerance_minutes"))
        for key in KEYS:
            set_setting(self.env, key, self["kpi_%s" % key])
        if changed:
            self.env["logistics.shipment"].sudo()._recompute_on_time_all()
        return res
