# Copyright 2026 The Logistics CRM authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
{
    "name": "Logistics Service KPIs",
    "summary": "Shipment KPIs, monthly customer statements (月度统计分析表), "
               "satisfaction-survey campaigns with an AHP index and NPS",
    "version": "11.0.1.0.0",
    "category": "Sales",
    "website": "https://example.com/logistics-crm",
    "author": "Logistics CRM authors",
    "license": "LGPL-3",
    "installable": True,
    "depends": ["logistics_crm", "logistics_complaints", "survey"],
    "data": [],
}
