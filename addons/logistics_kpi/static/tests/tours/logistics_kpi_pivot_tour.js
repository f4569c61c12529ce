/** @odoo-module **/
// A Service Manager opens Reporting > Service KPIs: the pivot shows the KPI
// measures and the figures of a customer (4 shipments, 3 dispatched on time).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("logistics_kpi_pivot_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Customer Service app",
            trigger: ".o_app[data-menu-xmlid='logistics_crm.menu_root']",
            run: "click",
        },
        {
            content: "Open the Reporting menu",
            trigger: ".o_menu_sections [data-menu-xmlid='logistics_crm.menu_reporting']",
            run: "click",
        },
        {
            content: "Open Service KPIs",
            trigger: ".dropdown-item[data-menu-xmlid='logistics_kpi.menu_kpi_report']",
            run: "click",
        },
        {
            content: "The pivot of the KPI report is shown",
            trigger: ".o_pivot_view .o_pivot table",
        },
        {
            content: "The shipment count is a measure",
            trigger: ".o_pivot th.o_pivot_measure_row:contains('Shipments')",
        },
        {
            content: "The dispatch on-time rate is a measure",
            trigger: ".o_pivot th.o_pivot_measure_row:contains('Dispatch on-time %')",
        },
        {
            content: "The arrival on-time rate is a measure",
            trigger: ".o_pivot th.o_pivot_measure_row:contains('Arrival on-time %')",
        },
        {
            content: "The customer's row: 4 shipments",
            trigger: ".o_pivot tr:has(th:contains('Tour KPI Customer')) td.o_pivot_cell_value:contains('4')",
        },
        {
            content: "The customer's row: 3 of 4 dispatched on time (a weighted rate, 75 %)",
            trigger: ".o_pivot tr:has(th:contains('Tour KPI Customer')) td.o_pivot_cell_value:contains('75.00')",
        },
        {
            content: "The customer's row: every arrival on time",
            trigger: ".o_pivot tr:has(th:contains('Tour KPI Customer')) td.o_pivot_cell_value:contains('100.00')",
        },
    ],
});
