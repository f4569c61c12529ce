from datetime import datetime

from odoo.tests.common import TransactionCase

from odoo.addons.logistics_crm.tests.settings_case import SettingsCase

from ..settings import get_setting
from .common import KpiCase


class TestKpiSettings(SettingsCase, KpiCase, TransactionCase):

    def test_saved_through_the_settings_form(self):
        customer = self.customer("Tolerance Co")
        shipment = self.ship(customer, datetime(2026, 3, 2, 8), late_minutes=20)
        self.assertTrue(shipment.dispatch_on_time)
        # no tolerance at all: a 0 is stored as 0 (Odoo stores no parameter for it, and the
        # default 30 would come back), and the shipments follow
        self.save_settings(kpi_dispatch_tolerance_minutes=0, kpi_survey_batch_size=50)
        self.assertEqual(self.stored("logistics_kpi.dispatch_tolerance_minutes"), "0")
        self.assertEqual((get_setting(self.env, "dispatch_tolerance_minutes"),
                          get_setting(self.env, "survey_batch_size")), (0, 50))
        self.assertEqual(self.settings_form().kpi_dispatch_tolerance_minutes, 0)
        shipment.invalidate_recordset()
        self.assertFalse(shipment.dispatch_on_time)

    def test_bad_values_refused_naming_the_setting(self):
        for values, label, problem in (
                ({"kpi_survey_batch_size": 0}, "Survey batch size", "must be at least 1"),
                ({"kpi_arrival_tolerance_minutes": -5}, "Arrival tolerance (minutes)", "must be at least 0"),
                ({"kpi_survey_quiet_days": -1}, "Survey quiet period (days)", "must be at least 0")):
            self.assertRefused(values, label, problem)
        self.assertEqual(self.stored("logistics_kpi.arrival_tolerance_minutes"), "60")

    def test_bad_stored_value_read_as_default_with_one_warning(self):
        self.assertReadAsDefault("logistics_kpi.survey_batch_size", "lots",
                                 lambda: get_setting(self.env, "survey_batch_size"), 200)
        self.assertReadAsDefault("logistics_kpi.survey_quiet_days", "-1",
                                 lambda: get_setting(self.env, "survey_quiet_days"), 60)
        # a new campaign takes the defaults, the settings form opens with them
        campaign = self.env["logistics.survey.campaign"].new({"name": "Defaults"})
        self.assertEqual((campaign.batch_size, campaign.quiet_days), (200, 60))
        form = self.settings_form()
        self.assertEqual((form.kpi_survey_batch_size, form.kpi_survey_quiet_days), (200, 60))
