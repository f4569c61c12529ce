"""Settings of the health score (ir.config_parameter logistics_customer_health.<key>), read
and checked as every setting of the suite (logistics_crm.tools.Settings)."""
from odoo.addons.logistics_crm.tools import Rule, Settings

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


WEIGHTS = tuple("weight_%s" % signal for signal in SIGNALS)
SETTINGS = Settings("logistics_customer_health", "health_", DEFAULTS, [
    Rule(("recent_weeks",), lambda v: 1 <= v["recent_weeks"] <= 52,
         lambda env, v: env._("The recent period must be between 1 and 52 weeks.")),
    Rule(("recent_weeks", "base_weeks"), lambda v: v["recent_weeks"] <= v["base_weeks"] <= 104,
         lambda env, v: env._("The comparison period must be at least as long as the recent period "
                              "and at most 104 weeks.")),
    Rule(("at_risk_below", "watch_below"), lambda v: 0 < v["at_risk_below"] < v["watch_below"] <= 100,
         lambda env, v: env._("The thresholds must satisfy 0 < at risk (%(risk)s) < watch (%(watch)s) <= 100.",
                              risk=v["at_risk_below"], watch=v["watch_below"])),
    Rule(("volume_drop_at_risk",), lambda v: 0 <= v["volume_drop_at_risk"] <= 100,
         lambda env, v: env._("The volume drop that puts a customer at risk must be between %(off)s %% (off) "
                              "and %(all)s %%.", off=0, all=100)),
    *(Rule((key,), lambda v, key=key: 0 <= v[key] <= 100,
           lambda env, v: env._("Each signal weight must be between 0 and 100."))
      for key in WEIGHTS),
    Rule(WEIGHTS, lambda v: sum(v[key] for key in WEIGHTS) > 0,
         lambda env, v: env._("At least one signal must have a weight.")),
])


def read_settings(env):
    """{key: int} of the settings, the default where unset or not valid (``Settings.read``)."""
    return SETTINGS.read(env)


def check_settings(env, values):
    """Raise a translated ValidationError unless ``values`` are a coherent configuration."""
    return SETTINGS.check_values(env, values, env["res.config.settings"])
