"""Issue 24, lists and formats (zh_CN at 1440 px): the customer list's default columns,
years without a thousands separator, months as months, the visit's satisfaction in
words, the approvers' list without "New", the partner's name as wide as the title."""
from datetime import date

from lxml import etree

from odoo.tests.common import TransactionCase
from odoo.tools.safe_eval import safe_eval

from ..tools import format_month, selection_labels
from .common import LogisticsCrmCase

# the customer list's columns shown by default: who, tier, manager, contribution, next visit
CUSTOMER_COLUMNS = {"complete_name", "customer_tier", "account_manager_id", "contribution_12m", "next_visit_date"}
# the key-account details: there, optional, hidden
CUSTOMER_DETAILS = {"is_key_account", "contribution_share", "contribution_cumulative_share", "lifecycle",
                    "key_account_scope", "cooperation_depth", "project_type", "industry_influence",
                    "credit_rating", "phone", "email", "city"}


def view_arch(env, model, view_type, view_id=False):
    return etree.fromstring(env[model].get_views([(view_id, view_type)])["views"][view_type]["arch"])


def is_true(value):
    return value in ("1", "True", "true")


def default_columns(arch):
    """The columns a list shows before its optional ones are chosen."""
    return [node.get("name") for node in arch.iterchildren("field")
            if node.get("optional") != "hide" and not is_true(node.get("column_invisible"))
            and not is_true(node.get("invisible"))]


def action_view(action, view_type):
    return next(view.view_id for view in action.view_ids if view.view_mode == view_type)


def options(node):
    return safe_eval(node.get("options") or "{}")


class TestListsAndFormats(LogisticsCrmCase, TransactionCase):

    def test_customer_list_fits_a_screen(self):
        action = self.env.ref("logistics_crm.action_key_account_partners")
        view = action_view(action, "list")
        self.assertEqual(view, self.env.ref("logistics_crm.res_partner_view_list_customers"))
        for user in (self.am1, self.agent, self.manager):
            arch = view_arch(self.env(user=user), "res.partner", "list", view.id)
            shown = default_columns(arch)
            self.assertLessEqual(CUSTOMER_COLUMNS, set(shown), user.login)
            self.assertLessEqual(len(shown), 8, "%s: %s" % (user.login, shown))
            optional = {node.get("name"): node.get("optional") for node in arch.iterchildren("field")}
            for name in CUSTOMER_DETAILS:
                self.assertEqual(optional.get(name), "hide", name)
        # the list and the kanban/form of the menu: Odoo's
        self.assertFalse(action_view(action, "form"))
        self.assertEqual(action.view_mode, "list,kanban,form")

    def test_contacts_list_keeps_the_suite_columns_optional(self):
        arch = view_arch(self.env(user=self.am1), "res.partner", "list", self.env.ref("base.view_partner_tree").id)
        partner_fields = self.env["res.partner"]._fields
        suite = [node for node in arch.iterchildren("field")
                 if partner_fields[node.get("name")]._module == "logistics_crm"]
        self.assertTrue(suite)
        for node in suite:
            self.assertTrue(node.get("optional") or is_true(node.get("column_invisible")), node.get("name"))
        self.assertEqual([n.get("name") for n in suite if n.get("optional") == "show"], ["customer_tier"])

    def test_partner_name_as_wide_as_the_title(self):
        arch = view_arch(self.env(user=self.am1), "res.partner", "form")
        names = arch.xpath("//div[contains(concat(' ', @class, ' '), ' oe_title ')]//field[@name='name']")
        self.assertEqual(len(names), 2, "company and individual")
        for node in names:
            self.assertIn("w-100", node.get("class").split())

    def test_years_without_thousands_separator(self):
        """Odoo 18 formats an Integer with the language's separator (2,026) unless
        enable_formatting is false (options 'format' is not an Odoo 18 option)."""
        Plan = self.env["logistics.account.plan"]
        approval_list = self.env.ref("logistics_crm.logistics_account_plan_view_list_approval")
        for view_type, view_id in (("form", False), ("list", False), ("list", approval_list.id)):
            arch = view_arch(self.env(user=self.manager), Plan._name, view_type, view_id)
            years = arch.xpath("//field[@name='year']")
            self.assertTrue(years, view_type)
            for node in years:
                self.assertIs(options(node).get("enable_formatting"), False, view_type)

    def test_month_in_the_readers_language(self):
        november, march = date(2026, 11, 1), date(2026, 3, 1)
        self.assertEqual(format_month(self.env, november, "zh_CN"), "2026年11月")
        self.assertEqual(format_month(self.env, march, "zh_CN"), "2026年3月")
        self.assertEqual(format_month(self.env, november, "en_US"), "November 2026")
        self.assertEqual(format_month(self.env, november, "en_US", skeleton="yMMM"), "Nov 2026")
        self.assertEqual(format_month(self.env(context={"lang": "zh_CN"}), "2026-11-01"), "2026年11月")
        self.assertEqual(format_month(self.env, False), "")

    def test_visit_satisfaction_in_words(self):
        Visit = self.env["logistics.visit"]
        labels = selection_labels(Visit.with_context(lang="en_US"), "satisfaction")
        self.assertEqual(list(labels), ["1", "2", "3", "4", "5"])
        self.assertEqual((labels["1"], labels["3"], labels["5"]),
                         ("1 - Very dissatisfied", "3 - Neutral", "5 - Very satisfied"))
        # the same words as the complaint's revisit rating it feeds (same values)
        for view_type in ("form", "list"):
            node = view_arch(self.env(user=self.am1), Visit._name, view_type).xpath("//field[@name='satisfaction']")
            self.assertTrue(node, view_type)
            # the stars of widget="priority" show no star for "1" (its first value), as for no answer
            self.assertNotEqual(node[0].get("widget"), "priority", view_type)

    def test_plans_to_approve_list_without_new(self):
        action = self.env.ref("logistics_crm.logistics_account_plan_action_approval")
        context = safe_eval(action.context)
        self.assertIs(context.get("create"), False)
        self.assertEqual(context.get("search_default_to_approve_by_me"), 1)
        view = action_view(action, "list")
        arch = view_arch(self.env(user=self.manager), "logistics.account.plan", "list", view.id)
        self.assertEqual(arch.get("create"), "false")
        shown = default_columns(arch)
        self.assertEqual(shown[:4], ["partner_id", "year", "half", "user_id"])
        self.assertLessEqual(len(shown), 8)
