# Copyright 2026 The Logistics CRM authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
{
    "name": "Logistics Key Accounts",
    "summary": "Key accounts (大客户) for logistics companies: A/B/C tiers by the "
               "80/20 rule, account managers, account plans, visits",
    "version": "18.0.1.0.0",
    "uninstall_hook": "uninstall_hook",
    "category": "Sales",
    "website": "https://example.com/logistics-crm",
    "author": "Logistics CRM authors",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["account", "calendar", "contacts", "portal"],
    "data": [
        "security/logistics_crm_security.xml",
        "security/ir.model.access.csv",
        "security/logistics_crm_rules.xml",
        "data/logistics_crm_data.xml",
        "data/mail_activity_type_data.xml",
        "views/res_partner_views.xml",
        "views/logistics_tier_history_views.xml",
        "views/logistics_visit_views.xml",
        "views/logistics_account_plan_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/logistics_plan_reject_wizard_views.xml",
        "wizards/logistics_visit_cancel_wizard_views.xml",
        "views/logistics_crm_menus.xml",
    ],
    "assets": {
        # the suite's field widgets: months (logistics_month), KPIs with "–" without data (logistics_kpi)
        "web.assets_backend": [
            "logistics_crm/static/src/fields/*",
        ],
        "web.assets_tests": [
            "logistics_crm/static/tests/tours/**/*",
        ],
    },
    "demo": [
        "demo/res_company_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/logistics_crm_demo.xml",
    ],
}
