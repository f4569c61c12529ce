from datetime import timedelta

from odoo import Command
from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import month_start


@tagged("post_install", "-at_install")
class TestKpiPivotTour(HttpCase):

    def test_kpi_pivot_tour(self):
        env = self.env
        env["res.users"].with_context(no_reset_password=True).create({
            "name": "KPI Tour Manager", "login": "kpi.tour.manager", "password": "kpi.tour.manager",
            "email": "kpi.tour.manager@example.com", "lang": "en_US",
            "groups_id": [Command.set([env.ref("base.group_user").id,
                                       env.ref("logistics_crm.group_service_manager").id])]})
        customer = env["res.partner"].create({"name": "Tour KPI Customer", "is_company": True,
                                              "customer_rank": 1})
        env["ir.config_parameter"].sudo().set_param("logistics_kpi.dispatch_tolerance_minutes", "30")
        month = month_start(1)
        for day, late in enumerate((0, 10, 20, 120)):
            pickup = month + timedelta(days=day)
            env["logistics.shipment"].create({
                "name": "TOUR-%d" % day, "partner_id": customer.id,
                "pickup_planned": pickup, "pickup_actual": pickup + timedelta(minutes=late),
                "delivery_planned": pickup + timedelta(days=1), "delivery_actual": pickup + timedelta(days=1)})
        self.start_tour("/odoo", "logistics_kpi_pivot_tour", login="kpi.tour.manager")
