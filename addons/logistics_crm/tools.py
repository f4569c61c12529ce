"""Helpers shared by the logistics addons (``odoo.addons.logistics_crm.tools``).

One home for what the addons would otherwise write several times: the tiers,
the settings of every addon (``Settings``: one reader, one policy for a bad
stored value, the checks of the settings form), the fields a customer may read
(``customer_fields``), the labels of a selection in the reader's language, the optional
text argument of an action method, the PostgreSQL settings of a set-based pass,
the company's time zone and month in SQL, and the evaluation of a rule written
once in SQL for records in memory (``sql_rows``).
"""
import logging
import math
from collections import namedtuple

from babel.dates import format_skeleton

from odoo import fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import babel_locale_parse

_logger = logging.getLogger(__name__)

# memory for the sorts and aggregations of a set-based engine's pass (per worker);
# the default (4MB) spills them to disk at 100,000 customers and 1,000,000 invoices
ENGINE_WORK_MEM = "64MB"

TIERS = [("a", "A"), ("b", "B"), ("c", "C")]

# the suite's time zone when a company has none: its users work in China
# (res.company._logistics_tz in Python, company_tz_sql in SQL)
DEFAULT_TZ = "Asia/Shanghai"

# ---------------------------------------------------------------------------- settings
# (parameter, stored value) pairs this process has warned about: one warning each
_WARNED = set()
# every addon's Settings, by module: the settings form reads, checks and saves them all in one
# place (logistics_crm's res.config.settings); an addon not installed has no field there
_ADDON_SETTINGS = {}

Rule = namedtuple("Rule", "keys test message")
Rule.__doc__ = """A condition on settings: ``keys`` the settings it reads (named in the error of
the settings form; those stored away from their default go back to it when a stored value
breaks the rule), ``test(values)`` true when it holds, ``message(env, values)`` the problem,
translated (written in the module that declares the rule: its translations are used)."""


def at_least(key, low):
    """Rule: the setting ``key`` is ``low`` or more."""
    return Rule((key,), lambda values: values[key] >= low,
                lambda env, values: env._("must be at least %(low)s.", low=low))


class Settings:
    """The settings of one addon and the one way the suite reads and checks them.

    A setting ``key`` is the ir.config_parameter ``<module>.<key>`` and, on the settings
    form, the res.config.settings field ``<field_prefix><key>`` declared with
    ``config_parameter=`` (Odoo stores it). ``defaults`` gives each one's default and type
    (int, float or str; a many2one is stored as its id, an int with default 0 for none);
    ``rules`` the conditions they must meet (``Rule``).

    One policy for a bad stored value (typed by hand in the technical parameters, or left
    by an older version): :meth:`read` uses the default instead and logs one warning per
    process, parameter and value; no cron, page or mail ever fails on it. The settings
    form refuses bad values when they are saved (:meth:`check`, from a constraint) with a
    translated message that names the setting.
    """

    def __init__(self, module, field_prefix, defaults, rules=()):
        self.module = module
        self.field_prefix = field_prefix
        self.defaults = dict(defaults)
        self.rules = tuple(rules)
        self._params = tuple(self.param(key) for key in self.defaults)
        self._read = {}  # stored values -> the values read from them (a setting is read often)
        broken = [rule.keys for rule in self.rules if not self._holds(rule, self.defaults)]
        if broken:
            raise ValueError("the defaults of %s break their own rules %s" % (module, broken))
        _ADDON_SETTINGS[module] = self

    def param(self, key):
        """The ir.config_parameter of the setting ``key``."""
        return "%s.%s" % (self.module, key)

    def field_name(self, key):
        """The res.config.settings field of the setting ``key``."""
        return self.field_prefix + key

    def form_keys(self, settings_model):
        """The settings with a field on the settings form."""
        return [key for key in self.defaults if self.field_name(key) in settings_model._fields]

    # ---------------------------------------------------------------- reading
    def _parse(self, key, raw):
        default = self.defaults[key]
        if isinstance(default, str):
            return str(raw).strip()
        number = float(raw)  # ValueError for anything but a number
        if not math.isfinite(number):
            raise ValueError(raw)
        if isinstance(default, int):
            if not number.is_integer():
                raise ValueError(raw)
            return int(number)
        return number

    @staticmethod
    def _holds(rule, values):
        try:
            return bool(rule.test(values))
        except (ArithmeticError, TypeError, ValueError):
            return False

    def read(self, env):  # pylint: disable=method-required-super  # not a model: no super
        """``{key: value}`` of every setting: the stored value, else the default. A stored
        value that is no value of the setting's type or breaks a rule counts as not set:
        the default is used and a warning logged (once per process, parameter and value)."""
        params = env["ir.config_parameter"].sudo()
        if hasattr(params, "_logistics_get_params"):
            raws = params._logistics_get_params(self._params)
        else:  # logistics_crm's models not loaded yet (an upgrade's early step)
            raws = tuple(params.get_param(param) for param in self._params)
        values = self._read.get(raws)
        if values is None:
            values = self._evaluate(env, dict(zip(self.defaults, raws, strict=True)))
            if len(self._read) > 64:
                self._read.clear()
            self._read[raws] = values
        return dict(values)

    def _evaluate(self, env, raws):
        values, refused = {}, {}
        for key, default in self.defaults.items():
            raw = raws[key]
            if raw in (None, False, ""):
                values[key] = default
                continue
            try:
                values[key] = self._parse(key, raw)
            except (TypeError, ValueError):
                values[key] = default
                refused[key] = (raw, None)
        # a stored value that breaks a rule goes back to its default: the first one whose
        # default makes the rule hold, else all the rule reads; until every rule holds (the
        # defaults do: checked when the addon is loaded)
        changed = True
        while changed:
            changed = False
            for rule in self.rules:
                if self._holds(rule, values):
                    continue
                stored = [key for key in rule.keys if values[key] != self.defaults[key]]
                culprits = next(([key] for key in stored
                                 if self._holds(rule, dict(values, **{key: self.defaults[key]}))), stored)
                for key in culprits:
                    refused.setdefault(key, (raws[key], (rule, dict(values))))
                    values[key] = self.defaults[key]
                    changed = True
        for key, (raw, broken) in refused.items():
            self._warn(env, key, raw, broken)
        return values

    def get(self, env, key):
        """The value of one setting (see :meth:`read`)."""
        return self.read(env)[key]

    def _warn(self, env, key, raw, broken):
        param = self.param(key)
        if (param, raw) in _WARNED:
            return
        _WARNED.add((param, raw))
        if broken:
            rule, values = broken
            reason = rule.message(env(context=dict(env.context, lang="en_US")), values)
        else:
            reason = "not a value of type %s" % type(self.defaults[key]).__name__
        _logger.warning("Setting %s: the stored value %r is not valid (%s); its default %r is used instead.",
                        param, raw, reason, self.defaults[key])

    # ---------------------------------------------------------------- the settings form
    def problem(self, env, values, settings_model=None):
        """The translated error of the first rule ``values`` break, naming the settings it
        reads (their labels on the settings form), else None."""
        for rule in self.rules:
            if self._holds(rule, values):
                continue
            labels = []
            for key in rule.keys:
                field = settings_model._fields.get(self.field_name(key)) if settings_model is not None else None
                labels.append(field._description_string(env) if field else self.param(key))
            return env._("%(settings)s: %(problem)s", settings=", ".join(labels), problem=rule.message(env, values))
        return None

    def check_values(self, env, values, settings_model=None):
        """Raise the translated ValidationError of :meth:`problem`; ``values`` otherwise."""
        message = self.problem(env, values, settings_model)
        if message:
            raise ValidationError(message)
        return values

    def form_value(self, settings, key):
        """The value of a setting on the settings form ``settings`` (a record)."""
        value = settings[self.field_name(key)]
        if isinstance(value, models.BaseModel):
            return value.id or self.defaults[key]
        if value is False or value is None:
            # an emptied text: Odoo stores nothing, i.e. the default
            return self.defaults[key]
        return value

    def check(self, settings):
        """For a constraint of res.config.settings: refuse the form's values with the
        translated error naming the setting. Settings without a field count with the value
        they are read with."""
        for record in settings:
            values = self.read(record.env)
            values.update({key: self.form_value(record, key) for key in self.form_keys(record)})
            self.check_values(record.env, values, record)

    def form_values(self, settings_model):
        """For res.config.settings.get_values: the form shows what is in force, i.e. the value
        read (the default for a bad stored value), not the 0 Odoo would make of it."""
        values = self.read(settings_model.env)
        result = {}
        for key in self.form_keys(settings_model):
            field = settings_model._fields[self.field_name(key)]
            value = values[key]
            if field.type == "many2one":
                value = settings_model.env[field.comodel_name].sudo().browse(value).exists().id if value else False
            result[field.name] = value
        return result

    def saved(self, settings):
        """For res.config.settings.set_values, after Odoo stored the form: Odoo stores no
        parameter for a number 0 (the default would come back); store the 0."""
        params = settings.env["ir.config_parameter"].sudo()
        for key in self.form_keys(settings):
            field = settings._fields[self.field_name(key)]
            if field.type in ("integer", "float") and self.defaults[key] and settings[field.name] == 0:
                params.set_param(self.param(key), "0")


def addon_settings():
    """The Settings of every addon loaded in this process (see ``_ADDON_SETTINGS``)."""
    return list(_ADDON_SETTINGS.values())


# the settings of the key-account engine (logistics_crm.<key>) and their defaults
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


def _threshold_message(env, values):
    return env._("Tier thresholds are percentages: they must lie between 0 and 100 (A: %(a)s, B: %(b)s).",
                 a=values["tier_a_pct"], b=values["tier_b_pct"])


SETTINGS = Settings("logistics_crm", "logistics_", DEFAULTS, [
    Rule(("tier_a_pct",), lambda v: 0 < v["tier_a_pct"] <= 100, _threshold_message),
    Rule(("tier_b_pct",), lambda v: 0 < v["tier_b_pct"] <= 100, _threshold_message),
    Rule(("tier_a_pct", "tier_b_pct"), lambda v: v["tier_a_pct"] <= v["tier_b_pct"],
         lambda env, v: env._("The A threshold (%(a)s %%) cannot be above the B threshold (%(b)s %%).",
                              a=v["tier_a_pct"], b=v["tier_b_pct"])),
    Rule(("tier_a_floor",), lambda v: v["tier_a_floor"] >= 0,
         lambda env, v: env._("The revenue floor for tier A cannot be negative.")),
    Rule(("tier_period_months",), lambda v: v["tier_period_months"] >= 1,
         lambda env, v: env._("The tiering period must be at least one month.")),
    *(Rule(("visit_days_%s" % tier,), lambda v, tier=tier: v["visit_days_%s" % tier] >= 1,
           lambda env, v: env._("The visit cadence of each tier must be at least one day."))
      for tier in "abc"),
    Rule(("dormant_days", "lost_days"), lambda v: 0 < v["dormant_days"] < v["lost_days"],
         lambda env, v: env._("A customer must turn dormant before it is lost "
                              "(dormant after %(dormant)s days, lost after %(lost)s days).",
                              dormant=v["dormant_days"], lost=v["lost_days"])),
])


def button_text(value):
    """The text of an optional argument, or "" when it is not a text (e.g. the
    context a web-client button would pass as the next positional argument)."""
    return value.strip() if isinstance(value, str) else ""


def selection_labels(records, field_name):
    """``{value: label}`` of a selection field, in the language of ``records``' environment."""
    return dict(records._fields[field_name]._description_selection(records.env))


def check_settings(env, values):
    """Raise a translated ValidationError when ``values`` (keys of DEFAULTS) are not a
    coherent configuration of the tiering and visit cadence; ``values`` otherwise."""
    return SETTINGS.check_values(env, values, env["res.config.settings"])


def read_settings(env):
    """The settings of the key-account engine (``Settings.read``: a bad stored value is
    read as its default, with a warning), whoever reads them: the settings form, the
    nightly engine, a visit's due date."""
    return SETTINGS.read(env)


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


def customer_fields(model, names):
    """``{name: label}`` of the fields among ``names`` a customer may read, asked from Odoo's
    field access rights: ``fields_get`` in the environment of the portal's template user
    (``base.template_portal_user_id``: the groups every portal user is given), labels in
    the language of ``model``'s context. What a document printed for a customer (a review
    pack) may show of a record; nothing if the template user is gone (never more)."""
    env = model.env
    template_id = env["ir.config_parameter"].sudo().get_param("base.template_portal_user_id", "")
    template = env["res.users"].sudo().browse(int(template_id) if template_id.isdigit() else []).exists()
    if not template:
        return {}
    customer = model.with_env(env(user=template.id, su=False))
    return {name: description["string"]
            for name, description in customer.fields_get(list(names), ["string"]).items()}


def for_reader(records, partner):
    """``records`` in the language and time zone of the person who will read what is
    written (an activity's assignee, a mail's recipient): the partner's language, else
    the company's; its time zone by ``res.partner._logistics_tz``. Texts a cron or a mail
    writes go through here, so a Chinese reader never gets the server's English."""
    partner = partner.sudo()
    company = partner.company_id or records.env.company
    lang = partner.lang or company.partner_id.lang or records.env.lang
    return records.with_context(lang=lang, tz=partner._logistics_tz())


def format_month(env, day, lang=None, skeleton="yMMMM"):
    """The month of ``day`` (a date standing for its month) as its readers write it: CLDR's
    year-month form of ``lang`` (else ``env``'s language), "2026年11月" in Chinese, "November
    2026" in English; the web client's ``logistics_month`` widget shows the same. "" without
    a date. ``skeleton="yMMM"``: the short form for narrow places ("Nov 2026", "2026年11月")."""
    if not day:
        return ""
    code = lang or env.context.get("lang") or env.user.lang or "en_US"
    return format_skeleton(skeleton, fields.Date.to_date(day), locale=babel_locale_parse(code))


def local_time(records, value):
    """``value`` (a UTC datetime) as ``YYYY-MM-DD HH:MM`` in the time zone of ``records``'
    context (see ``for_reader``), else the company's."""
    if not value:
        return ""
    tz = records.env.context.get("tz") or records.env.company._logistics_tz()
    return fields.Datetime.context_timestamp(records.with_context(tz=tz), value).strftime("%Y-%m-%d %H:%M")


def sql_literals(values):
    """``('a', 'b')``: a SQL list of the module's own constant words (states, tiers),
    for views and statements written once at module level. Anything but plain
    lowercase words is refused: no value from outside ever reaches it."""
    values = tuple(values)
    if not values or not all(isinstance(v, str) and v.replace("_", "").isalpha() and v.islower() for v in values):
        raise ValueError("sql_literals takes constant words, not %r" % (values,))
    return "(%s)" % ", ".join("'%s'" % value for value in values)


def company_tz_sql(company_id):
    """SQL: the time zone of the company whose id is the SQL expression ``company_id``:
    its partner's, else DEFAULT_TZ (the rule of ``res.company._logistics_tz``)."""
    return ("COALESCE((SELECT NULLIF(tzp.tz, '') FROM res_company tzc JOIN res_partner tzp ON tzp.id = tzc.partner_id"
            " WHERE tzc.id = %s), '%s')" % (company_id, DEFAULT_TZ))


def local_month_sql(column, company_id):
    """SQL: the first day (a date) of the month of the UTC timestamp ``column`` in the time
    zone of the company ``company_id`` (SQL expressions; see company_tz_sql). The one
    definition of a record's month: a waybill picked up at 07:00 on the 1st in Shanghai
    (23:00 UTC the day before) belongs to the month of the 1st; shipments (their stored
    ``month``, through ``sql_rows``), complaints and survey answers (the KPI report) use it."""
    return "date_trunc('month', (%s AT TIME ZONE 'UTC') AT TIME ZONE %s)::date" % (column, company_tz_sql(company_id))


def sql_rows(cr, expressions, columns, rows, params=None):
    """Evaluate the SQL ``expressions`` for records in memory: a rule written once in SQL
    for a set-based pass, computed for a few records through the same SQL (one query).

    ``columns``: ``[(name, PostgreSQL type)]``, the columns the expressions read (bare or
    as ``p.name``); ``rows``: one tuple of values per record, in the order of ``columns``
    (None for an empty value, not False); ``params``: the named parameters of the
    expressions. Returns one tuple of results per row, in order. The expressions are the
    module's constants; values only travel as query parameters."""
    if not rows:
        return []
    args = dict(params or {})
    arrays = []
    for index, (_name, kind) in enumerate(columns):
        key = "sql_rows_%d" % index
        args[key] = [row[index] for row in rows]
        arrays.append("%%(%s)s::%s[]" % (key, kind))
    query = "SELECT %s FROM unnest(%s) WITH ORDINALITY AS p(%s, sql_rows_n) ORDER BY sql_rows_n" % (
        ", ".join(expressions), ", ".join(arrays), ", ".join(name for name, _kind in columns))
    cr.execute(query, args)  # pylint: disable=sql-injection  # the module's expressions, values as parameters
    return cr.fetchall()
