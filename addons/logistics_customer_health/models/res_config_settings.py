from odoo import api, fields, models

from .health_settings import KEYS, check_settings, read_settings, write_settings


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    health_recent_weeks = fields.Integer("Recent period (weeks)")
    health_base_weeks = fields.Integer("Compared with (weeks before)")
    health_watch_below = fields.Integer("Watch below")
    health_at_risk_below = fields.Integer("At risk below")
    health_volume_drop_at_risk = fields.Integer(
        "At risk when shipments fall by (%)",
        help="A customer that shipped at least once a week before and whose shipments a week fell by this "
             "share is at risk whatever its score (a quiet churn: nothing else slips). 0: off.")
    health_weight_volume = fields.Integer("Shipment volume")
    health_weight_on_time = fields.Integer("On-time dispatch and arrival")
    health_weight_quality = fields.Integer("Damage and documents")
    health_weight_complaints = fields.Integer("Complaints")
    health_weight_satisfaction = fields.Integer("Satisfaction and NPS")
    health_weight_visits = fields.Integer("Overdue visits")
    health_weight_revenue = fields.Integer("Invoiced revenue")

    @api.model
    def get_values(self):
        res = super().get_values()
        res.update({"health_%s" % key: value for key, value in read_settings(self.env).items()})
        return res

    @api.constrains(*["health_%s" % key for key in KEYS])
    def _check_health_settings(self):
        for settings in self:
            check_settings(self.env, {key: settings["health_%s" % key] for key in KEYS})

    def set_values(self):
        res = super().set_values()
        write_settings(self.env, {key: self["health_%s" % key] for key in KEYS})
        return res
