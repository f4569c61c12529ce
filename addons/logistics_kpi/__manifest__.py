# Copyright 2026 The Logistics CRM authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
{
    "name": "Logistics Service KPIs",
    "summary": "Shipment KPIs, monthly customer statements (月度统计分析表), "
               "satisfaction-survey campaigns with an AHP index and NPS",
    "version": "18.0.1.3.0",
    "category": "Sales",
    "website": "https://example.com/logistics-crm",
    "author": "Logistics CRM authors",
    "license": "LGPL-3",
    "installable": True,
    "uninstall_hook": "uninstall_hook",
    # complaints per 1,000 shipments, the after-complaint campaign and the complaint
    # SLA of the team dashboard come with the bridge logistics_kpi_complaints
    "depends": ["logistics_crm", "survey", "base_import"],
    "data": [
        "security/ir.model.access.csv",
        "security/logistics_kpi_rules.xml",
        "data/logistics_kpi_data.xml",
        "report/logistics_report_layout.xml",
        "report/logistics_customer_statement_report.xml",
        "report/logistics_kpi_period_report.xml",
        # the statement's mail prints its report; new campaigns take their texts from the templates
        "data/mail_template_data.xml",
        "data/logistics_survey_data.xml",
        "data/ir_cron_data.xml",
        "views/logistics_shipment_views.xml",
        "views/logistics_kpi_report_views.xml",
        "views/logistics_customer_statement_views.xml",
        "views/logistics_survey_campaign_views.xml",
        "views/logistics_satisfaction_criterion_views.xml",
        "views/logistics_ahp_matrix_views.xml",
        "views/logistics_team_dashboard_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
        "wizards/logistics_kpi_period_wizard_views.xml",
        "views/logistics_kpi_menus.xml",
    ],
    "demo": [
        "demo/logistics_kpi_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "logistics_kpi/static/tests/tours/*.js",
        ],
    },
}
