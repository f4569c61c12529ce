from odoo.tests.common import TransactionCase

from ..tools import read_settings
from .settings_case import SettingsCase


class TestCrmSettings(SettingsCase, TransactionCase):

    def test_saved_through_the_settings_form(self):
        self.save_settings(logistics_tier_a_pct=70, logistics_tier_b_pct=90, logistics_visit_days_b=20,
                                      logistics_tier_a_floor=0)
        self.assertEqual((self.stored("logistics_crm.tier_a_pct"), self.stored("logistics_crm.visit_days_b")),
                         ("70.0", "20"))
        values = read_settings(self.env)
        self.assertEqual((values["tier_a_pct"], values["tier_b_pct"], values["visit_days_b"]), (70, 90, 20))
        # the form shows what was saved
        self.assertEqual(self.settings_form().logistics_visit_days_b, 20)

    def test_bad_values_refused_naming_the_setting(self):
        for values, label, problem in (
                ({"logistics_tier_a_pct": 96}, "Tier A up to", "cannot be above the B threshold"),
                ({"logistics_tier_b_pct": 120}, "Tier B up to", "between 0 and 100"),
                ({"logistics_tier_a_floor": -1}, "Minimum contribution for tier A", "cannot be negative"),
                ({"logistics_tier_period_months": 0}, "Contribution period (months)", "at least one month"),
                ({"logistics_visit_days_c": 0}, "Visit every (days), tier C", "at least one day"),
                ({"logistics_dormant_days": 400}, "Dormant after (days without invoice)", "turn dormant before")):
            self.assertRefused(values, label, problem)
        self.assertFalse(self.stored("logistics_crm.tier_a_pct"))

    def test_bad_stored_value_read_as_default_with_one_warning(self):
        self.assertReadAsDefault("logistics_crm.tier_a_pct", "eighty per cent",
                                 lambda: read_settings(self.env)["tier_a_pct"], 80.0)
        # a number that breaks a rule: the A threshold above B's
        self.assertReadAsDefault("logistics_crm.tier_a_pct", "99.5",
                                 lambda: read_settings(self.env)["tier_a_pct"], 80.0)
        self.assertReadAsDefault("logistics_crm.visit_days_a", "7.5",
                                 lambda: read_settings(self.env)["visit_days_a"], 30)
        # the nightly engine runs, the settings form opens with the values in force
        self.env["res.partner"].compute_customer_tiers()
        form = self.settings_form()
        self.assertEqual((form.logistics_tier_a_pct, form.logistics_visit_days_a), (80.0, 30))
        # saving the form stores good values again
        self.save_settings(logistics_visit_days_a=14)
        self.assertEqual(self.stored("logistics_crm.visit_days_a"), "14")
        self.assertEqual(read_settings(self.env)["visit_days_a"], 14)
