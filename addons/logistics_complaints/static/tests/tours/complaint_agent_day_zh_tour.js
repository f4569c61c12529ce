import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// 客服专员的一天 (zh_CN): the agent opens 投诉 from the menu, records a phone complaint of
// Shanghai Huaxin Electronics, reads its SLA badge and deadlines at the top of the form,
// acknowledges it (受理), starts the investigation, writes the cause analysis and the
// corrective measures and submits them for approval.
registry.category("web_tour.tours").add("logistics_complaints_agent_day_zh", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Customer Service app (客户服务)",
            trigger: ".o_app[data-menu-xmlid='logistics_crm.menu_root']:contains('客户服务')",
            run: "click",
        },
        {
            content: "Open the Complaints menu (投诉)",
            trigger: ".o_menu_sections [data-menu-xmlid='logistics_complaints.menu_complaints']:contains('投诉')",
            run: "click",
        },
        {
            content: "Open the complaints",
            trigger: ".dropdown-item[data-menu-xmlid='logistics_complaints.menu_complaint_all']:contains('投诉')",
            run: "click",
        },
        {
            content: "The kanban shows the workflow's steps in Chinese (待审批 column)",
            trigger: ".o_kanban_view .o_kanban_group .o_column_title:contains('待审批')",
        },
        {
            content: "The open complaints only (未结 filter)",
            trigger: ".o_searchview_facet:contains('未结')",
        },
        {
            content: "Record a new complaint",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            content: "Its subject",
            trigger: ".o_form_view .o_field_widget[name=subject] input",
            run: "edit 托盘到货时被压坏",
        },
        {
            content: "The customer: type part of its name",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run: "edit Huaxin",
        },
        {
            content: "The customer: Shanghai Huaxin Electronics",
            trigger: ".o-autocomplete--dropdown-item:contains('Shanghai Huaxin Electronics')",
            run: "click",
        },
        {
            content: "The customer is chosen",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input:value(Shanghai Huaxin Electronics)",
        },
        {
            content: "It came by phone",
            trigger: ".o_form_view .o_field_widget[name=channel] select",
            run: 'select "phone"',
        },
        {
            content: "The channel reads 电话",
            trigger: ".o_form_view .o_field_widget[name=channel]:has(option:selected:contains('电话'))",
        },
        {
            content: "What happened (问题类型): damaged goods",
            trigger: ".o_form_view .o_wrap_field:has(.o_form_label:contains('问题类型')) .o_field_widget[name=problem_type] select",
            run: 'select "damage"',
        },
        {
            content: "The problem reads 货物破损",
            trigger: ".o_form_view .o_field_widget[name=problem_type]:has(option:selected:contains('货物破损'))",
        },
        {
            content: "The waybill",
            trigger: ".o_form_view .o_field_widget[name=shipment_ref] input",
            run: "edit WB-ZH-2401",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the complaint has its reference",
            trigger: ".o_form_renderer.o_form_saved .o_field_widget[name=name]:contains('CMP/')",
        },
        {
            content: "The SLA badge at the top of the form: on track (正常)",
            trigger: ".o_form_view div[name=sla_summary] .o_field_widget[name=sla_status] .badge:contains('正常')",
        },
        {
            content: "The deadlines at the top of the form: respond by (响应期限), resolve by (解决期限)",
            trigger: ".o_form_view div[name=sla_summary]:contains('响应期限'):contains('解决期限')",
        },
        {
            content: "The resolution deadline is a date",
            trigger: ".o_form_view div[name=sla_summary] .o_field_widget[name=resolution_deadline]",
            run() {
                const text = this.anchor.textContent.trim();
                if (!/\d{4}/.test(text)) {
                    throw new Error(`No resolution deadline shown: "${text}"`);
                }
            },
        },
        {
            content: "Acknowledge it (受理)",
            trigger: ".o_form_view button[name=action_acknowledge]:contains('受理')",
            run: "click",
        },
        {
            content: "It is acknowledged (已受理)",
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=acknowledged]:contains('已受理')",
        },
        {
            content: "The response deadline is met: a check mark next to it",
            trigger: ".o_form_view div[name=sla_summary] .text-success .fa-check",
        },
        {
            content: "Start the investigation (开始调查)",
            trigger: ".o_form_view button[name=action_investigate]:contains('开始调查')",
            run: "click",
        },
        {
            content: "It is being investigated (调查中)",
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=investigating]:contains('调查中')",
        },
        {
            content: "The cause category (原因类别): an operations error",
            trigger: ".o_form_view .o_wrap_field:has(.o_form_label:contains('原因类别')) .o_field_widget[name=category] select",
            run: 'select "operations"',
        },
        {
            content: "The category reads 业务人员操作有误",
            trigger: ".o_form_view .o_field_widget[name=category]:has(option:selected:contains('业务人员操作有误'))",
        },
        {
            content: "Open the Investigation tab (调查)",
            trigger: ".o_notebook .nav-link[name=investigation]:contains('调查')",
            run: "click",
        },
        {
            content: "The cause analysis (原因分析)",
            trigger: ".tab-pane.active .o_wrap_field:has(.o_form_label:contains('原因分析')) .o_field_widget[name=cause_analysis] textarea",
            run: "edit 装卸时未使用托盘护角，叉车操作不当。",
        },
        {
            content: "The corrective measures (处理措施)",
            trigger: ".tab-pane.active .o_wrap_field:has(.o_form_label:contains('处理措施')) .o_field_widget[name=corrective_action] textarea",
            run: "edit 对装卸班组进行培训，破损货物按合同赔付。",
        },
        {
            content: "Submit them for approval (提交审批)",
            trigger: ".o_form_view button[name=action_submit_approval]:contains('提交审批')",
            run: "click",
        },
        {
            content: "It waits for the approval (待审批)",
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=pending_approval]:contains('待审批')",
        },
        {
            content: "The chatter says so in Chinese",
            trigger: ".o-mail-Chatter .o-mail-Message:contains('原因分析和处理措施已提交审批')",
        },
    ],
});
