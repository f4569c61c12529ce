# Copyright 2026 The Logistics CRM authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
{
    "name": "Logistics Service Agreements",
    "summary": "Per-customer service agreements (服务水平协议): own KPI targets and complaint "
               "SLA, resolution clock paused while waiting for the customer, KPIs against "
               "the agreement, quarterly business review pack (季度业务回顾)",
    "version": "18.0.1.0.0",
    "uninstall_hook": "uninstall_hook",
    "category": "Sales",
    "website": "https://example.com/logistics-crm",
    "author": "Logistics CRM authors",
    "license": "LGPL-3",
    "installable": True,
    "depends": ["logistics_kpi_complaints"],
    "data": [
        "security/ir.model.access.csv",
        "security/logistics_service_agreement_rules.xml",
        "data/logistics_delay_reason_data.xml",
        "data/ir_cron_data.xml",
        "report/logistics_business_review_report.xml",
        "report/logistics_customer_statement_report.xml",
        "data/mail_template_data.xml",
        "views/logistics_service_agreement_views.xml",
        "views/logistics_delay_reason_views.xml",
        "views/logistics_shipment_views.xml",
        "views/logistics_agreement_kpi_report_views.xml",
        "views/logistics_business_review_views.xml",
        "views/logistics_complaint_views.xml",
        "views/logistics_team_dashboard_views.xml",
        "views/logistics_account_plan_views.xml",
        "views/res_partner_views.xml",
        "views/portal_templates.xml",
        "wizards/logistics_complaint_pause_wizard_views.xml",
        "views/logistics_service_agreement_menus.xml",
    ],
    "demo": [
        "demo/logistics_service_agreement_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "logistics_service_agreement/static/tests/tours/*.js",
        ],
    },
}
