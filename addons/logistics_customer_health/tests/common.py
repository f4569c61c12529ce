from datetime import datetime, time, timedelta

import pytz

from odoo import Command

from odoo.addons.logistics_kpi.tests.common import KpiCase


class HealthCase(KpiCase):
    """Customers with a year of steady shipments, scored for this week (the
    demo's customers are no customers here: LogisticsCrmCase)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engine = cls.env["logistics.health.engine"]
        cls.week = cls.engine._week_of()
        cls.tz = pytz.timezone(cls.env.company._logistics_tz())
        for key, value in (("recent_weeks", 8), ("base_weeks", 26), ("watch_below", 75), ("at_risk_below", 50),
                           ("weight_volume", 20), ("weight_on_time", 20), ("weight_quality", 10),
                           ("weight_complaints", 20), ("weight_satisfaction", 15), ("weight_visits", 5),
                           ("weight_revenue", 10),
                           # the score's thresholds alone (the volume collapse rule has its own test)
                           ("volume_drop_at_risk", 0)):
            cls.env["ir.config_parameter"].sudo().set_param("logistics_customer_health.%s" % key, str(value))

    @classmethod
    def customer(cls, name, manager=None, **values):
        values.setdefault("lang", "en_US")     # the reasons asserted are the English ones
        return super().customer(name, manager=manager, **values)

    @classmethod
    def at(cls, week, day=1, hour=9):
        """UTC datetime of ``day`` of the week ``week`` weeks from this one (negative: past)."""
        local = cls.tz.localize(datetime.combine(cls.week + timedelta(weeks=week, days=day), time(hour)))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    @classmethod
    def steady(cls, partner, weeks=range(-34, 0), per_week=4, **values):
        for week in weeks:
            for index in range(per_week):
                cls.ship(partner, cls.at(week, index % 5), **values)

    def score(self, partner, week=0):
        self.engine._run(date=self.week + timedelta(weeks=week))
        return self.env["logistics.health.score"].search(
            [("partner_id", "=", partner.id), ("date", "=", self.week + timedelta(weeks=week))])

    def answer(self, customer, week, nps, score):
        campaign = self.env.ref("logistics_kpi.campaign_periodic_a")
        return self.campaign_answer(campaign, customer, "h-%s-%s" % (customer.id, week), nps, score,
                                    self.at(week, 2))

    def complaint(self, customer, week, **values):
        vals = {"partner_id": customer.id, "channel": "phone", "category": "operations",
                "subcategory_id": self.env.ref("logistics_complaints.sub_ops_late").id,
                "severity": "normal", "subject": "Late", "received_date": self.at(week, 1)}
        vals.update(values)
        return self.env["logistics.complaint"].create(vals)

    @staticmethod
    def lines(*commands):
        return [Command.create(c) for c in commands]
