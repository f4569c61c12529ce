import { registry } from "@web/core/registry";

// 门户客户 (zh_CN): a contact of Shanghai Huaxin Electronics opens /my in Chinese, submits a
// complaint with its problem type and waybill, finds it in the list with its status, then
// reads the monthly statements (月度统计分析表) and the surveys waiting for an answer.
registry.category("web_tour.tours").add("logistics_portal_customer_day_zh", {
    url: "/my",
    steps: () => [
        {
            content: "The home's cards read Chinese: open the complaints (投诉)",
            trigger: ".o_portal_index_card a[href='/my/complaints']:contains('投诉')",
            run: "click",
        },
        {
            content: "The company's complaints, with their status column (状态)",
            trigger: ".o_complaint_table th:contains('状态')",
        },
        {
            content: "A new complaint (新投诉)",
            trigger: "a.o_complaint_new:contains('新投诉')",
            run: "click",
        },
        {
            content: "What happened (发生了什么问题？): damaged goods",
            trigger: "form.o_complaint_form:has(label[for=problem_type]:contains('发生了什么问题')) select[name=problem_type]",
            run: "select damage",
        },
        {
            content: "The choice reads 货物破损",
            trigger: "form.o_complaint_form select[name=problem_type]:has(option:selected:contains('货物破损'))",
        },
        {
            content: "The subject",
            trigger: "form.o_complaint_form input[name=subject]",
            run: "edit 两托货物到仓时被压坏",
        },
        {
            content: "The waybill",
            trigger: "form.o_complaint_form input[name=shipment_ref]",
            run: "edit WB-ZH-PORTAL-01",
        },
        {
            content: "What happened, in the customer's words",
            trigger: "form.o_complaint_form textarea[name=description]",
            run: "edit 今天上午到仓的两托货物外箱严重变形，请尽快处理。",
        },
        {
            content: "Submit it (提交投诉)",
            trigger: "form.o_complaint_form button.o_complaint_submit:contains('提交投诉')",
            run: "click",
        },
        {
            content: "The complaint's page confirms it, with its reference",
            trigger: ".o_complaint_success",
        },
        {
            content: "Its status: new (新建)",
            trigger: ".o_portal_sidebar:has(.o_complaint_name:contains('CMP/')) .o_complaint_state:contains('新建')",
        },
        {
            content: "Back to the complaints",
            trigger: ".breadcrumb a[href='/my/complaints']:contains('投诉')",
            run: "click",
        },
        {
            content: "The complaint is in the list with its status (新建)",
            trigger: ".o_complaint_table tr:contains('WB-ZH-PORTAL-01') .o_complaint_state:contains('新建')",
        },
        {
            content: "Back home",
            trigger: ".breadcrumb a[href='/my/home']",
            run: "click",
        },
        {
            content: "Open the monthly statements (月度统计分析表)",
            trigger: ".o_portal_index_card a[href='/my/statements']:contains('月度统计分析表')",
            run: "click",
        },
        {
            content: "The statements by month (月份), each with its PDF",
            trigger: "table:has(th:contains('月份')) .o_statements tr a.o_statement_pdf",
        },
        {
            content: "Back home",
            trigger: ".breadcrumb a[href='/my/home']",
            run: "click",
        },
        {
            content: "Open the surveys (满意度调查)",
            trigger: ".o_portal_index_card a[href='/my/surveys']:contains('满意度调查')",
            run: "click",
        },
        {
            content: "The survey waiting for an answer (问卷), to answer (填写)",
            trigger: "table:has(th:contains('问卷')) .o_surveys a.o_survey_link:contains('填写')",
        },
    ],
});
