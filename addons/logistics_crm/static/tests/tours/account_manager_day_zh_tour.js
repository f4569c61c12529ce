import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// 客户经理的一天 (zh_CN): the account manager opens his key account Shanghai Huaxin
// Electronics from the customers menu, reads its 大客户 tab (tier, next visit), logs the
// visit he made today (拜访) and submits the relationship plan of the coming half-year
// (客户关系发展计划) for approval.
registry.category("web_tour.tours").add("logistics_crm_account_manager_day_zh", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Customer Service app (客户服务)",
            trigger: ".o_app[data-menu-xmlid='logistics_crm.menu_root']:contains('客户服务')",
            run: "click",
        },
        {
            content: "Open the Customers menu (客户)",
            trigger: ".o_menu_sections [data-menu-xmlid='logistics_crm.menu_customers']:contains('客户')",
            run: "click",
        },
        {
            content: "Open the customers",
            trigger: ".dropdown-item[data-menu-xmlid='logistics_crm.menu_customer_partners']",
            run: "click",
        },
        {
            content: "The key accounts (大客户 filter), with their tier column (客户等级)",
            trigger: ".o_list_view:has(.o_searchview_facet:contains('大客户')) th[data-name=customer_tier]:contains('客户等级')",
        },
        {
            content: "Open Shanghai Huaxin Electronics",
            trigger: ".o_data_row td.o_data_cell:contains('Shanghai Huaxin Electronics')",
            run: "click",
        },
        {
            content: "Open the Key Account tab (大客户)",
            trigger: ".o_form_view .o_notebook .nav-link[name=key_account]:contains('大客户')",
            run: "click",
        },
        {
            content: "Tier A (客户等级)",
            trigger: ".tab-pane.active .o_wrap_field:has(.o_form_label:contains('客户等级')) .o_field_widget[name=customer_tier]:contains('A')",
        },
        {
            content: "The next visit is due on a date (下次拜访日期)",
            trigger: ".tab-pane.active .o_wrap_field:has(.o_form_label:contains('下次拜访日期')) .o_field_widget[name=next_visit_date]",
            run() {
                if (!/\d/.test(this.anchor.textContent)) {
                    throw new Error(`No next visit date shown: "${this.anchor.textContent}"`);
                }
            },
        },
        {
            content: "Open the account's visits (拜访)",
            trigger: ".o_form_view button[name=action_view_visits]:contains('拜访')",
            run: "click",
        },
        {
            content: "As a list",
            trigger: ".o_control_panel .o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Log a visit",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            content: "The visit is the account's",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input:value(Shanghai Huaxin Electronics)",
        },
        {
            content: "A routine visit (例行拜访)",
            trigger: ".o_form_view .o_field_widget[name=visit_type] select",
            run: 'select "routine"',
        },
        {
            content: "The type reads 例行拜访",
            trigger: ".o_form_view .o_field_widget[name=visit_type]:has(option:selected:contains('例行拜访'))",
        },
        {
            content: "The contact he met (接洽联系人)",
            trigger: ".o_form_view .o_wrap_field:has(.o_form_label:contains('接洽联系人')) .o_field_widget[name=contact_ids] input",
            run: "edit 张伟",
        },
        {
            content: "张伟, the customer's logistics manager",
            trigger: ".o-autocomplete--dropdown-item:contains('张伟')",
            run: "click",
        },
        {
            content: "The contact is added",
            trigger: ".o_form_view .o_field_widget[name=contact_ids] .o_tag:contains('张伟')",
        },
        {
            content: "Open the outcome tab (拜访结果)",
            trigger: ".o_form_view .o_notebook .nav-link:contains('拜访结果')",
            run: "click",
        },
        {
            content: "The outcome",
            trigger: ".tab-pane.active .o_field_widget[name=outcome] textarea",
            run: "edit 客户认可上月到货准时率，希望增加华南线路运力。",
        },
        {
            content: "The customer is very satisfied (5)",
            trigger: ".tab-pane.active .o_field_widget[name=satisfaction] select",
            run: 'select "5"',
        },
        {
            content: "The visit took place: mark it done (标记为已完成)",
            trigger: ".o_form_view button[name=action_done]:contains('标记为已完成')",
            run: "click",
        },
        {
            content: "The visit is done (已完成)",
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=done]:contains('已完成')",
        },
        {
            content: "Back to the customer",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('Shanghai Huaxin Electronics')",
            run: "click",
        },
        {
            content: "Open the account's plans (客户关系发展计划)",
            trigger: ".o_form_view button[name=action_view_account_plans]:contains('客户关系发展计划')",
            run: "click",
        },
        {
            content: "The plan of this half-year is approved (已批准)",
            trigger: ".o_list_view .o_data_row td[name=state]:contains('已批准')",
        },
        {
            content: "Write the plan of the coming half-year",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            content: "The plan is the account's",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input:value(Shanghai Huaxin Electronics)",
        },
        {
            content: "The coming half-year (半年度): after this one, which is the default",
            trigger: ".o_form_view .o_wrap_field:has(.o_form_label:contains('半年度')) .o_field_widget[name=half] select",
            async run(helpers) {
                if (JSON.parse(this.anchor.value) === "h1") {
                    await helpers.select('"h2"', this.anchor);
                } else {
                    const year = document.querySelector(".o_form_view .o_field_widget[name=year] input");
                    const next = parseInt(year.value.replace(/\D/g, ""), 10) + 1;
                    await helpers.edit(String(next), year);
                    await helpers.select('"h1"', this.anchor);
                }
            },
        },
        {
            content: "The half-year reads in Chinese (上半年 / 下半年)",
            trigger: ".o_form_view .o_field_widget[name=half]:has(option:selected:contains('半年（'))",
        },
        {
            content: "Add an objective (目标)",
            trigger: ".o_form_view .o_notebook .nav-link.active:contains('目标')",
        },
        {
            content: "Add a line",
            trigger: ".o_form_view .o_field_widget[name=objective_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "The objective",
            trigger: ".o_form_view .o_field_widget[name=objective_ids] .o_data_row .o_field_widget[name=name] input",
            run: "edit 开通华南区域配送线路",
        },
        {
            content: "Submit the plan for approval (提交审批)",
            trigger: ".o_form_view button[name=action_submit]:contains('提交审批')",
            run: "click",
        },
        {
            content: "The plan is submitted (已提交)",
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=submitted]:contains('已提交')",
        },
    ],
});
