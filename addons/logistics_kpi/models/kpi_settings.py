"""Settings of the addon (ir.config_parameter), read with validation."""
PARAM = "logistics_kpi.%s"
DEFAULTS = {
    "dispatch_tolerance_minutes": 30,
    "arrival_tolerance_minutes": 60,
    "survey_batch_size": 200,
    "survey_quiet_days": 60,
    "survey_reminder_days": 7,
}


def get_setting(env, key):
    """An integer setting, the default when unset or unreadable (never negative)."""
    raw = env["ir.config_parameter"].sudo().get_param(PARAM % key)
    try:
        value = int(float(raw)) if raw not in (None, False, "") else DEFAULTS[key]
    except ValueError:
        value = DEFAULTS[key]
    return max(value, 0)


def set_setting(env, key, value):
    env["ir.config_parameter"].sudo().set_param(PARAM % key, str(int(value or 0)))


def company_today(env):
    """Today in the company's time zone (China's by default): the local day that
    months of shipments, answers and statements are counted in."""
    from datetime import datetime

    import pytz
    return datetime.now(pytz.timezone(env.company._logistics_tz())).date()
