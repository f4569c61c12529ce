# Copyright 2026 The Logistics CRM authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
{
    "name": "Logistics Service KPIs - Complaints link",
    "summary": "Complaints per 1,000 shipments, the after-complaint satisfaction survey "
               "and the complaint SLA of the team dashboard",
    "version": "18.0.1.0.0",
    "category": "Sales",
    "website": "https://example.com/logistics-crm",
    "author": "Logistics CRM authors",
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["logistics_kpi", "logistics_complaints"],
    "data": [],
    "assets": {
        "web.assets_tests": [
            "logistics_kpi_complaints/static/tests/tours/*.js",
        ],
    },
    "uninstall_hook": "uninstall_hook",
}
