"""Issue 24, lists and formats, as a Chinese user sees them on a 1440 px screen (Chromium):
the customer list within the screen, the partner's name whole, a statement's month as
2026年11月 (the logistics_month widget) and its KPIs without data as – (logistics_kpi)."""
import json

from odoo.tests.common import HttpCase, tagged

from .common import KpiCase, month_start

# waits for what the web client renders, then checks it; a failure is a console error
JS = """
(async () => {
    const until = async (what, fn) => {
        for (let i = 0; i < 300; i++) {
            const value = fn();
            if (value) { return value; }
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error("not shown: " + what);
    };
    const check = (ok, message) => { if (!ok) { throw new Error(message); } };
    %s
    console.log("test successful");
})().catch((error) => console.error("check failed: " + error.message));
"""


@tagged("post_install", "-at_install")
class TestListsAndFormatsInTheBrowser(KpiCase, HttpCase):
    browser_size = "1440x900"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Fmt UI Manager", "login": "fmt.ui", "password": "fmt.ui", "lang": "zh_CN",
            "tz": "Asia/Shanghai", "email": "fmt.ui@example.com",
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id,
                                  cls.env.ref("logistics_crm.group_service_manager").id])]})
        # 20 characters: wider than the 20-character input that cut the name (partner_autocomplete's)
        cls.long_name = "上海华鑫电子科技股份有限公司国际物流事业部"
        cls.partner = cls.customer(cls.long_name, manager=cls.user, industry_influence=True, lang="zh_CN")
        cls.ship(cls.partner, month_start(1))
        cls.statement = cls.env["logistics.customer.statement"].create({
            "partner_id": cls.partner.id, "month": month_start(1).date()})

    def run_js(self, url, code):
        self.browser_js(url, JS % code, ready="odoo.isReady", login="fmt.ui", timeout=120)

    def test_statement_month_and_dashes(self):
        self.run_js("/odoo/action-logistics_kpi.logistics_customer_statement_action", """
            const cells = await until("months", () => {
                const found = [...document.querySelectorAll(".o_data_row td[name='month']")];
                return found.length && found;
            });
            for (const cell of cells) {
                check(/^\\d{4}年\\d{1,2}月$/.test(cell.innerText.trim()), "month cell: " + cell.innerText);
            }
        """)
        self.run_js("/odoo/action-logistics_kpi.logistics_customer_statement_action/%d" % self.statement.id, """
            const index = await until(
                "index", () => document.querySelector(".o_field_widget[name='satisfaction_index']"));
            check(index.innerText.trim() === "–", "satisfaction index without answers: " + index.innerText);
            const nps = document.querySelector(".o_field_widget[name='nps']");
            check(nps.innerText.trim() === "–", "NPS without answers: " + nps.innerText);
            const rate = document.querySelector(".o_field_widget[name='dispatch_on_time_rate']");
            check(/^\\d+\\.\\d$/.test(rate.innerText.trim()), "measured rate: " + rate.innerText);
            const month = document.querySelector(".o_field_widget[name='month']");
            check(/^\\d{4}年\\d{1,2}月$/.test(month.innerText.trim()), "form month: " + month.innerText);
        """)

    def test_customer_list_and_partner_form_fit(self):
        self.run_js("/odoo/action-logistics_crm.action_key_account_partners", """
            const list = await until("customer list", () => document.querySelector(".o_list_renderer .o_data_row")
                && document.querySelector(".o_list_renderer"));
            check(list.scrollWidth <= list.clientWidth + 1,
                  "the list is wider than the screen: " + list.scrollWidth + " > " + list.clientWidth);
        """)
        self.run_js("/odoo/action-logistics_crm.action_key_account_partners/%d" % self.partner.id, """
            const name = %s;
            const input = await until("name", () => document.querySelector(
                ".oe_title h1 .o_field_widget input, .oe_title h1 .o_field_widget textarea"));
            const title = input.closest("h1");
            check(input.getBoundingClientRect().width >= 0.9 * title.getBoundingClientRect().width,
                  "the name is narrower than the title: " + input.getBoundingClientRect().width);
            check(input.value === name, "the name: " + input.value);
            check(input.scrollWidth <= input.clientWidth + 1 || input.tagName === "TEXTAREA",
                  "the name is cut: " + input.scrollWidth + " > " + input.clientWidth);
            for (const button of document.querySelectorAll(".oe_stat_button")) {
                check(button.scrollWidth <= button.clientWidth + 1, "a smart button overflows: " + button.innerText);
            }
        """ % json.dumps(self.long_name))
