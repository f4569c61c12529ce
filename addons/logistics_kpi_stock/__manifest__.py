# Copyright 2026 The Logistics CRM authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
{
    "name": "Logistics Service KPIs - Inventory link",
    "summary": "Link waybills (运单) to stock transfers: create a shipment from a "
               "delivery order, see a transfer's shipments",
    "version": "18.0.1.0.0",
    "category": "Warehouse",
    "website": "https://example.com/logistics-crm",
    "author": "Logistics CRM authors",
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["logistics_kpi", "stock"],
    "data": [
        "views/logistics_shipment_views.xml",
        "views/stock_picking_views.xml",
    ],
}
