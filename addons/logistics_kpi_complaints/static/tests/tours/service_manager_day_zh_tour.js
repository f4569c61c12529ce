import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// 客服经理的一天 (zh_CN): the Service Manager opens 待我审批 > 投诉, opens the complaint
// of 杭州顺达电子 whose measures wait for the approval, reads the cause analysis,
// approves it, then reads the service KPIs (服务指标) pivot of the customers.
registry.category("web_tour.tours").add("logistics_service_manager_day_zh", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Customer Service app (客户服务)",
            trigger: ".o_app[data-menu-xmlid='logistics_crm.menu_root']:contains('客户服务')",
            run: "click",
        },
        {
            content: "Open To approve by me (待我审批)",
            trigger: ".o_menu_sections [data-menu-xmlid='logistics_crm.menu_my_approvals']:contains('待我审批')",
            run: "click",
        },
        {
            content: "The complaints to approve (投诉)",
            trigger: ".dropdown-item[data-menu-xmlid='logistics_complaints.menu_complaint_approval']:contains('投诉')",
            run: "click",
        },
        {
            content: "Filtered on what waits for me (待我审批)",
            trigger: ".o_control_panel .o_searchview_facet:contains('待我审批')",
        },
        {
            content: "The list reads Chinese: the customer column (客户)",
            trigger: ".o_list_view th[data-name=partner_id]:contains('客户')",
        },
        {
            content: "The complaint of 杭州顺达电子 is there, its SLA on track (正常)",
            trigger: ".o_data_row:contains('杭州顺达电子') td[name=sla_status]:contains('正常')",
        },
        {
            content: "Open it",
            trigger: ".o_data_row:contains('杭州顺达电子') td[name=name]",
            run: "click",
        },
        {
            content: "It waits for the approval (待审批)",
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=pending_approval]:contains('待审批')",
        },
        {
            content: "Open the Investigation tab (调查)",
            trigger: ".o_notebook .nav-link[name=investigation]:contains('调查')",
            run: "click",
        },
        {
            content: "Read the cause analysis (原因分析)",
            trigger: ".tab-pane.active .o_wrap_field:has(.o_form_label:contains('原因分析')) .o_field_widget[name=cause_analysis] textarea:value(分拣中心)",
        },
        {
            content: "Approve the corrective measures (批准)",
            trigger: ".o_form_view button[name=action_approve]:contains('批准')",
            run: "click",
        },
        {
            content: "Approved (已批准)",
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=approved]:contains('已批准')",
        },
        {
            content: "Open the Approval tab (审批)",
            trigger: ".o_notebook .nav-link[name=approval]:contains('审批')",
            run: "click",
        },
        {
            content: "Approved by me (批准人)",
            trigger: ".tab-pane.active .o_wrap_field:has(.o_form_label:contains('批准人')) .o_field_widget[name=approved_by_id]:contains('陈静')",
        },
        {
            content: "Open the Reporting menu (报表)",
            trigger: ".o_menu_sections [data-menu-xmlid='logistics_crm.menu_reporting']:contains('报表')",
            run: "click",
        },
        {
            content: "Open the service KPIs (服务指标)",
            trigger: ".dropdown-item[data-menu-xmlid='logistics_kpi.menu_kpi_report']:contains('服务指标')",
            run: "click",
        },
        {
            content: "The shipment count measure (运单量)",
            trigger: ".o_pivot th.o_pivot_measure_row:contains('运单量')",
        },
        {
            content: "The dispatch on-time rate (派车及时率)",
            trigger: ".o_pivot th.o_pivot_measure_row:contains('派车及时率')",
        },
        {
            content: "The arrival on-time rate (到货及时率)",
            trigger: ".o_pivot th.o_pivot_measure_row:contains('到货及时率')",
        },
        {
            content: "Odoo's own words are Chinese too: the total (总计)",
            trigger: ".o_pivot th.o_pivot_header_cell_opened:contains('总计')",
        },
        {
            content: "杭州顺达电子: 4 shipments, 3 dispatched on time (75 %)",
            trigger: ".o_pivot tr:has(th:contains('杭州顺达电子')) td.o_pivot_cell_value:contains('75.00')",
        },
    ],
});
