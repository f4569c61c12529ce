from odoo import fields, models

from ..settings import DEFAULTS

PARAM = "logistics_customer_health.%s"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    health_recent_weeks = fields.Integer(
        "Recent period (weeks)", default=DEFAULTS["recent_weeks"], config_parameter=PARAM % "recent_weeks")
    health_base_weeks = fields.Integer(
        "Compared with (weeks before)", default=DEFAULTS["base_weeks"], config_parameter=PARAM % "base_weeks")
    health_watch_below = fields.Integer(
        "Watch below", default=DEFAULTS["watch_below"], config_parameter=PARAM % "watch_below")
    health_at_risk_below = fields.Integer(
        "At risk below", default=DEFAULTS["at_risk_below"], config_parameter=PARAM % "at_risk_below")
    health_volume_drop_at_risk = fields.Integer(
        "At risk when shipments fall by (%)", default=DEFAULTS["volume_drop_at_risk"],
        config_parameter=PARAM % "volume_drop_at_risk",
        help="A customer that shipped at least once a week before and whose shipments a week fell by this "
             "share is at risk whatever its score (a quiet churn: nothing else slips). 0: off.")
    health_weight_volume = fields.Integer(
        "Shipment volume", default=DEFAULTS["weight_volume"], config_parameter=PARAM % "weight_volume")
    health_weight_on_time = fields.Integer(
        "On-time dispatch and arrival", default=DEFAULTS["weight_on_time"], config_parameter=PARAM % "weight_on_time")
    health_weight_quality = fields.Integer(
        "Damage and documents", default=DEFAULTS["weight_quality"], config_parameter=PARAM % "weight_quality")
    health_weight_complaints = fields.Integer(
        "Complaints", default=DEFAULTS["weight_complaints"], config_parameter=PARAM % "weight_complaints")
    health_weight_satisfaction = fields.Integer(
        "Satisfaction and NPS", default=DEFAULTS["weight_satisfaction"],
        config_parameter=PARAM % "weight_satisfaction")
    health_weight_visits = fields.Integer(
        "Overdue visits", default=DEFAULTS["weight_visits"], config_parameter=PARAM % "weight_visits")
    health_weight_revenue = fields.Integer(
        "Invoiced revenue", default=DEFAULTS["weight_revenue"], config_parameter=PARAM % "weight_revenue")
