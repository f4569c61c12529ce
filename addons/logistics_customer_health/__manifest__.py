# Copyright 2026 The Logistics CRM authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
{
    "name": "Logistics Customer Health (churn early warning)",
    "summary": "A weekly health score and risk level per customer from its own service, "
               "complaint, satisfaction, visit and revenue trends (客户流失预警)",
    "version": "18.0.1.1.0",
    "uninstall_hook": "uninstall_hook",
    "category": "Sales",
    "website": "https://example.com/logistics-crm",
    "author": "Logistics CRM authors",
    "license": "LGPL-3",
    "installable": True,
    "depends": ["logistics_kpi_complaints"],
    "data": [
        "security/ir.model.access.csv",
        "security/logistics_customer_health_rules.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/logistics_health_score_views.xml",
        "views/res_partner_views.xml",
        "views/logistics_team_dashboard_views.xml",
        "views/res_config_settings_views.xml",
        "views/logistics_health_menus.xml",
    ],
    "demo": [
        "demo/logistics_health_demo.xml",
    ],
}
