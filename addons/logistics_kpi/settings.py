"""Settings of the addon (ir.config_parameter logistics_kpi.<key>), read and checked as
every setting of the suite (logistics_crm.tools.Settings)."""
from odoo.addons.logistics_crm.tools import Rule, Settings, at_least

PARAM = "logistics_kpi.%s"
DEFAULTS = {
    "dispatch_tolerance_minutes": 30,
    "arrival_tolerance_minutes": 60,
    "survey_batch_size": 200,
    "survey_quiet_days": 60,
    "survey_reminder_days": 7,
}
SETTINGS = Settings("logistics_kpi", "kpi_", DEFAULTS, [
    at_least("dispatch_tolerance_minutes", 0),
    at_least("arrival_tolerance_minutes", 0),
    Rule(("survey_batch_size",), lambda v: v["survey_batch_size"] >= 1,
         lambda env, v: env._("The survey batch size must be at least 1.")),
    at_least("survey_quiet_days", 0),
    at_least("survey_reminder_days", 0),
])


def get_setting(env, key):
    """An integer setting, the default when unset or not valid (``Settings.read``)."""
    return SETTINGS.get(env, key)


def company_today(env):
    """Today in the company's time zone (China's by default): the local day that
    months of shipments, answers and statements are counted in."""
    from datetime import datetime

    import pytz
    return datetime.now(pytz.timezone(env.company._logistics_tz())).date()
