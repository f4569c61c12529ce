from odoo.exceptions import ValidationError
from odoo.tests.common import TransactionCase

from odoo.addons.logistics_crm.tests.settings_case import SettingsCase

from ..settings import read_settings
from .common import HealthCase


class TestSettings(SettingsCase, HealthCase, TransactionCase):

    def settings(self, **values):
        return self.env["res.config.settings"].create(values)

    def test_defaults_round_trip(self):
        settings = self.settings()
        self.assertEqual(settings.health_recent_weeks, 8)
        self.assertEqual(settings.health_weight_complaints, 20)
        settings.health_weight_volume = 40
        settings.execute()
        self.assertEqual(self.env["ir.config_parameter"].sudo().get_param(
            "logistics_customer_health.weight_volume"), "40")

    def test_invalid_settings_are_refused(self):
        for values in ({"health_recent_weeks": 0}, {"health_recent_weeks": 30, "health_base_weeks": 10},
                       {"health_base_weeks": 200}, {"health_at_risk_below": 80, "health_watch_below": 70},
                       {"health_at_risk_below": 0}, {"health_watch_below": 101},
                       {"health_weight_volume": -1}, {"health_weight_revenue": 101},
                       {"health_volume_drop_at_risk": -1}, {"health_volume_drop_at_risk": 101},
                       {"health_weight_volume": 0, "health_weight_on_time": 0, "health_weight_quality": 0,
                        "health_weight_complaints": 0, "health_weight_satisfaction": 0,
                        "health_weight_visits": 0, "health_weight_revenue": 0}):
            with self.assertRaises(ValidationError, msg=values):
                with self.env.cr.savepoint():
                    defaults = self.env["res.config.settings"].default_get(
                        list(self.env["res.config.settings"]._fields))
                    defaults.update(values)
                    self.env["res.config.settings"].create(defaults)
        self.assertEqual(self.env["ir.config_parameter"].sudo().get_param(
            "logistics_customer_health.recent_weeks"), "8")

    def test_unreadable_parameter_falls_back_to_default(self):
        self.env["ir.config_parameter"].sudo().set_param("logistics_customer_health.watch_below", "lots")
        self.assertEqual(self.settings().health_watch_below, 80)

    def test_saved_through_the_settings_form(self):
        # 0 switches a signal or the volume rule off: stored as 0 (Odoo stores no parameter
        # for a 0, and the default would come back)
        self.save_settings(health_weight_visits=0, health_volume_drop_at_risk=0, health_recent_weeks=6)
        for key, value in (("weight_visits", "0"), ("volume_drop_at_risk", "0"), ("recent_weeks", "6")):
            self.assertEqual(self.stored("logistics_customer_health.%s" % key), value, key)
        values = read_settings(self.env)
        self.assertEqual((values["weight_visits"], values["volume_drop_at_risk"], values["recent_weeks"]), (0, 0, 6))
        form = self.settings_form()
        self.assertEqual((form.health_weight_visits, form.health_volume_drop_at_risk), (0, 0))

    def test_bad_values_refused_naming_the_setting(self):
        for values, label, problem in (
                ({"health_recent_weeks": 0}, "Recent period (weeks)", "between 1 and 52 weeks"),
                ({"health_base_weeks": 200}, "Compared with (weeks before)", "at most 104 weeks"),
                ({"health_at_risk_below": 80}, "At risk below", "0 < at risk (80) < watch (75)"),
                ({"health_weight_complaints": 101}, "Complaints", "Each signal weight"),
                ({"health_volume_drop_at_risk": -1}, "At risk when shipments fall by (%)", "volume drop")):
            self.assertRefused(values, label, problem)
        self.assertEqual(self.stored("logistics_customer_health.recent_weeks"), "8")

    def test_bad_stored_value_read_as_default_with_one_warning(self):
        self.assertReadAsDefault("logistics_customer_health.recent_weeks", "eight",
                                 lambda: read_settings(self.env)["recent_weeks"], 8)
        # numbers that break a rule: the at-risk line above the watch line (75)
        self.assertReadAsDefault("logistics_customer_health.at_risk_below", "90",
                                 lambda: read_settings(self.env)["at_risk_below"], 60)
        # the weekly scoring runs
        cust = self.customer("Scored Anyway")
        self.steady(cust, range(-34, 0), per_week=4)
        self.assertTrue(self.score(cust))

    def test_weights_and_thresholds_change_the_score(self):
        cust = self.customer("Weighted")
        self.steady(cust, range(-34, -8), per_week=6)
        self.steady(cust, range(-8, 0), per_week=2)
        self.assertEqual((self.score(cust).score, cust.health_risk), (80, "healthy"))
        # volume weighs 60 of 140 points now, and 90 is the line to watch
        param = self.env["ir.config_parameter"].sudo().set_param
        param("logistics_customer_health.weight_volume", "60")
        param("logistics_customer_health.watch_below", "90")
        row = self.score(cust)
        self.assertEqual(row.score, 57)      # 60 of 140 points lost
        self.assertEqual(row.risk, "watch")
        param("logistics_customer_health.at_risk_below", "60")
        self.assertEqual(self.score(cust).risk, "at_risk")
