"""Settings of the health score (ir.config_parameter logistics_customer_health.<key>),
read with defaults and checked with one error policy."""
from odoo.exceptions import ValidationError

PARAM = "logistics_customer_health.%s"
# the signals, in the order of the reason text, with their default weights (points)
SIGNALS = ("volume", "on_time", "quality", "complaints", "satisfaction", "visits", "revenue")
DEFAULTS = {
    "recent_weeks": 8,          # the recent past ...
    "base_weeks": 26,           # ... compared with the weeks before it
    "watch_below": 80,          # score below this: watch
    "at_risk_below": 60,        # score below this: at risk
    "volume_drop_at_risk": 40,  # shipments a week down by this share (%): at risk whatever the score (0: off)
    "weight_volume": 25,
    "weight_on_time": 20,
    "weight_quality": 10,
    "weight_complaints": 15,
    "weight_satisfaction": 15,
    "weight_visits": 5,
    "weight_revenue": 10,
}
KEYS = tuple(DEFAULTS)


def read_settings(env):
    """{key: int} of the settings, the default where unset or unreadable."""
    get = env["ir.config_parameter"].sudo().get_param
    values = {}
    for key, default in DEFAULTS.items():
        raw = get(PARAM % key)
        try:
            values[key] = int(float(raw)) if raw not in (None, False, "") else default
        except ValueError:
            values[key] = default
    return values


def check_settings(env, values):
    """Raise a translated ValidationError unless ``values`` are a coherent configuration."""
    _ = env._
    if not 1 <= values["recent_weeks"] <= 52:
        raise ValidationError(_("The recent period must be between 1 and 52 weeks."))
    if not values["recent_weeks"] <= values["base_weeks"] <= 104:
        raise ValidationError(_("The comparison period must be at least as long as the recent period "
                                "and at most 104 weeks."))
    if not 0 < values["at_risk_below"] < values["watch_below"] <= 100:
        raise ValidationError(_("The thresholds must satisfy 0 < at risk (%(risk)s) < watch (%(watch)s) <= 100.",
                                risk=values["at_risk_below"], watch=values["watch_below"]))
    if not 0 <= values["volume_drop_at_risk"] <= 100:
        raise ValidationError(_("The volume drop that puts a customer at risk must be between %(off)s %% (off) "
                                "and %(all)s %%.", off=0, all=100))
    weights = [values["weight_%s" % signal] for signal in SIGNALS]
    if min(weights) < 0 or max(weights) > 100:
        raise ValidationError(_("Each signal weight must be between 0 and 100."))
    if not sum(weights):
        raise ValidationError(_("At least one signal must have a weight."))
    return values


def write_settings(env, values):
    check_settings(env, values)
    set_param = env["ir.config_parameter"].sudo().set_param
    for key in KEYS:
        set_param(PARAM % key, str(int(values[key])))
