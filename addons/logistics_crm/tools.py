"""Helpers shared by the logistics addons (``odoo.addons.logistics_crm.tools``).

One home for what the addons would otherwise write several times: the tiers,
the settings of the key-account engine (read and checked with one error
policy), the labels of a selection in the reader's language, the optional
text argument of an action method, the PostgreSQL settings of a set-based pass.
"""
from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

# memory for the sorts and aggregations of a set-based engine's pass (per worker);
# the default (4MB) spills them to disk at 100,000 customers and 1,000,000 invoices
ENGINE_WORK_MEM = "64MB"

TIERS = [("a", "A"), ("b", "B"), ("c", "C")]

# ir.config_parameter keys of the settings (logistics_crm.<key>) and their defaults
PARAM = "logistics_crm.%s"
DEFAULTS = {
    "tier_a_pct": 80.0,
    "tier_b_pct": 95.0,
    "tier_a_floor": 0.0,
    "tier_period_months": 12,
    "visit_days_a": 30,
    "visit_days_b": 90,
    "visit_days_c": 365,
    "dormant_days": 180,
    "lost_days": 365,
}


def button_text(value):
    """The text of an optional argument, or "" when it is not a text (e.g. the
    context a web-client button would pass as the next positional argument)."""
    return value.strip() if isinstance(value, str) else ""


def selection_labels(records, field_name):
    """``{value: label}`` of a selection field, in the language of ``records``' environment."""
    return dict(records._fields[field_name]._description_selection(records.env))


def check_settings(env, values):
    """Raise a translated ValidationError when ``values`` (keys of DEFAULTS) are
    not a coherent configuration of the tiering and visit cadence."""
    _ = env._
    a, b = values["tier_a_pct"], values["tier_b_pct"]
    if not (0 < a <= 100 and 0 < b <= 100):
        raise ValidationError(_("Tier thresholds are percentages: they must lie between 0 and 100 "
                                "(A: %(a)s, B: %(b)s).", a=a, b=b))
    if a > b:
        raise ValidationError(_("The A threshold (%(a)s %%) cannot be above the B threshold (%(b)s %%).",
                                a=a, b=b))
    if values["tier_a_floor"] < 0:
        raise ValidationError(_("The revenue floor for tier A cannot be negative."))
    if values["tier_period_months"] < 1:
        raise ValidationError(_("The tiering period must be at least one month."))
    if min(values["visit_days_%s" % tier] for tier in "abc") < 1:
        raise ValidationError(_("The visit cadence of each tier must be at least one day."))
    if not 0 < values["dormant_days"] < values["lost_days"]:
        raise ValidationError(_("A customer must turn dormant before it is lost "
                                "(dormant after %(dormant)s days, lost after %(lost)s days).",
                                dormant=values["dormant_days"], lost=values["lost_days"]))
    return values


def read_settings(env):
    """The settings (ir.config_parameter, else DEFAULTS), checked: a value that is
    not a number or not coherent raises a translated ValidationError, whoever reads
    it (the settings form, the nightly engine, a visit's due date)."""
    get = env["ir.config_parameter"].sudo().get_param
    values = {}
    for key, default in DEFAULTS.items():
        raw = get(PARAM % key)
        if raw in (None, False, ""):
            values[key] = default
            continue
        try:
            values[key] = type(default)(float(raw))
        except ValueError:
            raise ValidationError(env._("The setting %(key)s must be a number, not %(value)r.",
                                        key=key, value=raw)) from None
    return check_settings(env, values)


def set_local_settings(cr, settings):
    """Set the PostgreSQL ``settings`` ({name: value}) for the rest of this
    transaction; returns the values they replace, to give back to this function
    at the end of the pass (a rollback drops them anyway)."""
    names = list(settings)
    cr.execute(SQL("SELECT %s", SQL(", ").join(SQL("current_setting(%s)", name) for name in names)))
    saved = dict(zip(names, cr.fetchone(), strict=True))
    cr.execute(SQL("SELECT %s", SQL(", ").join(SQL("set_config(%s, %s, true)", name, str(value))
                                               for name, value in settings.items())))
    return saved


def check_domain_fields(model, domain):
    """Raise an AccessError unless the user may read every field a domain on ``model``
    reaches. Odoo 18 checks the groups of the fields a domain names, but not those of a
    one2many or many2many tested on its own (``("x_ids", "!=", False)`` tells whether
    there are any). For a customer (a share user) every step of a dotted path and of an
    ``any``/``not any`` sub-domain is checked too, and a path may not go through a field
    Odoo joins without record rules (``auto_join``, e.g. ``message_ids``): searching
    ``message_ids.body`` read internal notes one match at a time."""
    share = not model.env.su and model.env.user.share
    for leaf in domain:
        if not (isinstance(leaf, (list, tuple)) and leaf and isinstance(leaf[0], str)):
            continue
        current, path = model, leaf[0].split(".")
        for index, name in enumerate(path):
            field = current._fields.get(name)
            if field is None:
                break  # Odoo's own error (or a property path) follows
            current.check_field_access_rights("read", [name])
            if not share or not field.relational:
                break
            last = index == len(path) - 1
            if getattr(field, "auto_join", False) and (not last or (len(leaf) > 1 and leaf[1] in ("any", "not any"))):
                raise AccessError(model.env._("You cannot search your records through %(field)s.", field=field.string))
            current = current.env[field.comodel_name]
            if last and len(leaf) > 2 and leaf[1] in ("any", "not any") and isinstance(leaf[2], (list, tuple)):
                check_domain_fields(current, leaf[2])


def for_reader(records, partner):
    """``records`` in the language and time zone of the person who will read what is
    written (an activity's assignee, a mail's recipient): the partner's language, else
    the company's; its time zone by ``res.partner._logistics_tz``. Texts a cron or a mail
    writes go through here, so a Chinese reader never gets the server's English."""
    partner = partner.sudo()
    company = partner.company_id or records.env.company
    lang = partner.lang or company.partner_id.lang or records.env.lang
    return records.with_context(lang=lang, tz=partner._logistics_tz())


def local_time(records, value):
    """``value`` (a UTC datetime) as ``YYYY-MM-DD HH:MM`` in the time zone of ``records``'
    context (see ``for_reader``), else the company's."""
    if not value:
        return ""
    tz = records.env.context.get("tz") or records.env.company._logistics_tz()
    return fields.Datetime.context_timestamp(records.with_context(tz=tz), value).strftime("%Y-%m-%d %H:%M")
