"""The tours that walk a role's working day in Chinese (issue 24): zh_CN active with
Odoo's and the suite's translations, and the role's user reading zh_CN.

Imported by the tests of the other addons as ``odoo.addons.logistics_crm.tests.tour_zh``.
"""

# a term of each addon of the suite whose screens the tours read: (xmlid, field, English)
PROBES = {
    "logistics_crm": ("logistics_crm.menu_root", "name", "Customer Service"),
    "logistics_complaints": ("logistics_complaints.menu_complaints", "name", "Complaints"),
    "logistics_kpi": ("logistics_kpi.menu_kpi_report", "name", "Service KPIs"),
}


def ensure_zh_cn(env, addons=("logistics_crm",)):
    """zh_CN active and its terms loaded, as ``--load-language=zh_CN`` leaves a database
    (``make test`` creates its databases so); otherwise activated and loaded the way Odoo
    loads a language (the .po files of every installed module, Odoo's own included)."""
    lang = env["res.lang"]._activate_lang("zh_CN")
    if not lang:
        lang = env["res.lang"]._create_lang("zh_CN")
    missing = []
    for addon in addons:
        xmlid, field, english = PROBES[addon]
        if env.ref(xmlid).with_context(lang="zh_CN")[field] == english:
            missing.append(addon)
    if missing:
        modules = env["ir.module.module"].search([("state", "=", "installed")])
        modules._load_module_terms(modules.mapped("name"), ["zh_CN"], overwrite=True)
        env.invalidate_all()
    for addon in addons:
        xmlid, field, english = PROBES[addon]
        if env.ref(xmlid).with_context(lang="zh_CN")[field] == english:
            raise AssertionError("the zh_CN translation of %s is not loaded" % addon)
    return lang


def read_chinese(user, tz="Asia/Shanghai"):
    """The user reads the web client and the portal in Chinese, in Shanghai's time."""
    user.sudo().write({"lang": "zh_CN", "tz": tz})
    return user
