# Copyright 2026 The Logistics CRM authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
{
    "name": "Logistics Complaints",
    "summary": "Customer complaints (客户投诉) with SLA deadlines, cause analysis, "
               "manager approval, revisit and a customer portal",
    "version": "11.0.1.0.0",
    "category": "Sales",
    "website": "https://example.com/logistics-crm",
    "author": "Logistics CRM authors",
    "license": "LGPL-3",
    "installable": True,
    "depends": ["logistics_crm", "portal", "rating", "resource"],
    "data": [],
}
