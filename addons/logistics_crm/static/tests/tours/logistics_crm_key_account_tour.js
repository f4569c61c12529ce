import { registry } from "@web/core/registry";

// An account manager opens one of their key accounts (Shanghai Huaxin Electronics,
// demo data) and reads its Key Account tab: tier, manager, contribution, next visit.
registry.category("web_tour.tours").add("logistics_crm_key_account_tab", {
    steps: () => [
        {
            content: "The customer's form is open",
            trigger: ".o_breadcrumb .active:contains('Shanghai Huaxin Electronics')",
        },
        {
            content: "Open the Key Account tab",
            trigger: ".o_notebook .nav-link:contains('Key Account')",
            run: "click",
        },
        {
            content: "It is a key account",
            trigger: ".tab-pane.active .o_field_widget[name=is_key_account] input:checked",
        },
        {
            content: "Tier A",
            trigger: ".tab-pane.active .o_field_widget[name=customer_tier]:contains('A')",
        },
        {
            content: "Its account manager",
            trigger: ".tab-pane.active .o_field_widget[name=account_manager_id]:contains('Wang Qiang')",
        },
        {
            content: "Its contribution over 12 months, ranked first",
            trigger: ".tab-pane.active .o_field_widget[name=contribution_12m]:contains('2,000,000.0')",
        },
        {
            content: "Ranked first",
            trigger: ".tab-pane.active .o_field_widget[name=contribution_rank]:contains('1')",
        },
        {
            content: "The next visit is due on a date",
            trigger: ".tab-pane.active .o_field_widget[name=next_visit_date]",
            run() {
                const text = this.anchor.textContent.trim();
                if (!/\d/.test(text)) {
                    throw new Error(`No next visit date shown: "${text}"`);
                }
            },
        },
        {
            content: "The account team and the tier history are there",
            trigger: ".tab-pane.active .o_field_widget[name=tier_history_ids] .o_data_row",
        },
        {
            content: "The override fields are for Service Managers only",
            trigger: ".tab-pane.active:not(:has(.o_field_widget[name=tier_locked]))",
        },
    ],
});
