# Copyright 2026 The Logistics CRM authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
{
    "name": "Logistics Complaints",
    "summary": "Customer complaints (客户投诉) with SLA deadlines, cause analysis, "
               "manager approval, revisit and a customer portal",
    "version": "18.0.1.2.0",
    "category": "Sales",
    "website": "https://example.com/logistics-crm",
    "author": "Logistics CRM authors",
    "license": "LGPL-3",
    "installable": True,
    "depends": ["logistics_crm", "portal", "rating", "resource"],
    "data": [
        "security/logistics_complaints_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/logistics_complaint_subcategory_data.xml",
        "data/mail_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "data/logistics_complaint_token_data.xml",
        "views/logistics_complaint_views.xml",
        "wizards/logistics_complaint_reason_wizard_views.xml",
        "views/logistics_complaint_subcategory_views.xml",
        "views/logistics_complaint_sla_policy_views.xml",
        "views/logistics_complaint_report_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/logistics_complaint_portal_templates.xml",
        "views/logistics_complaints_menus.xml",
    ],
    "demo": [
        "demo/logistics_complaint_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "logistics_complaints/static/tests/tours/*.js",
        ],
    },
}
