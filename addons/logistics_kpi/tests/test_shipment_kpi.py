from datetime import datetime, timedelta

from odoo.tests.common import TransactionCase

from .common import KpiCase, month_start


class TestShipmentKpi(KpiCase, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cust = cls.customer("Kpi Customer", manager=cls.am1)
        cls.other = cls.customer("Kpi Other", manager=cls.am2)
        cls.month = month_start(1)
        cls.month_str = cls.month.date()

    def kpis(self, partner, groupby=None):
        groups = self.env["logistics.kpi.report"].read_group(
            [("partner_id", "in", partner.ids), ("month", "=", self.month_str)],
            ["shipment_count", "dispatch_on_time_rate", "arrival_on_time_rate", "document_accuracy_rate",
             "damage_rate", "complaint_rate"], groupby or [], lazy=False)
        return groups[0] if groups else {}

    def test_no_shipments(self):
        values = self.kpis(self.cust)
        self.assertFalse(values.get("shipment_count"))
        self.assertFalse(values.get("dispatch_on_time_rate"))  # no division by zero: no rate at all
        self.assertFalse(self.env["logistics.kpi.report"].search([("partner_id", "=", self.cust.id)]))

    def test_all_late(self):
        for day in range(4):
            self.ship(self.cust, self.month + timedelta(days=day), late_minutes=31, arrival_late_minutes=61,
                      documents_accurate=False)
        values = self.kpis(self.cust)
        self.assertEqual(values["shipment_count"], 4)
        self.assertEqual(values["dispatch_on_time_rate"], 0.0)
        self.assertEqual(values["arrival_on_time_rate"], 0.0)
        self.assertEqual(values["document_accuracy_rate"], 0.0)
        self.assertEqual(values["damage_rate"], 0.0)

    def test_tolerance_boundary(self):
        on_edge = self.ship(self.cust, self.month, late_minutes=30, arrival_late_minutes=60)
        past_edge = self.ship(self.cust, self.month, late_minutes=31, arrival_late_minutes=61)
        early = self.ship(self.cust, self.month, late_minutes=-10, arrival_late_minutes=-10)
        self.assertTrue(on_edge.dispatch_on_time and on_edge.arrival_on_time)
        self.assertFalse(past_edge.dispatch_on_time or past_edge.arrival_on_time)
        self.assertTrue(early.dispatch_on_time)
        values = self.kpis(self.cust)
        self.assertAlmostEqual(values["dispatch_on_time_rate"], 200.0 / 3)

    def test_overdue_without_pickup_counts_as_late(self):
        """Past its planned pickup (delivery) plus the tolerance, a shipment with
        no actual time is late, not missing; before that it is not counted."""
        self.ship(self.cust, self.month, late_minutes=0)
        overdue = self.ship(self.cust, self.month, pickup_actual=False, delivery_actual=False)
        self.assertTrue(overdue.dispatch_due and overdue.arrival_due)
        self.assertFalse(overdue.dispatch_on_time or overdue.arrival_on_time)
        values = self.kpis(self.cust)
        self.assertEqual(values["shipment_count"], 2)
        self.assertEqual(values["dispatch_on_time_rate"], 50.0)
        self.assertEqual(values["arrival_on_time_rate"], 50.0)

    def test_not_yet_due_is_not_counted(self):
        now = datetime.now().replace(microsecond=0)
        soon = self.ship(self.cust, now + timedelta(minutes=20), pickup_actual=False, delivery_actual=False)
        self.assertFalse(soon.dispatch_due)
        # within the tolerance (30 minutes) it is not late yet
        within = self.ship(self.cust, now - timedelta(minutes=20), pickup_actual=False, delivery_actual=False)
        self.assertFalse(within.dispatch_due)
        # the hourly job: once the tolerance has passed the shipment becomes late
        self.env.flush_all()
        self.env.cr.execute("UPDATE logistics_shipment SET pickup_planned = pickup_planned - interval '15 minutes' "
                            "WHERE id = %s", (within.id,))
        self.env["logistics.shipment"]._cron_mark_overdue()
        self.summary_matches_shipments()
        self.assertTrue(within.dispatch_due)
        self.assertFalse(within.arrival_due)  # its delivery is still ahead
        self.assertFalse(soon.dispatch_due)

    def test_tolerance_setting_recomputes_shipments(self):
        shipment = self.ship(self.cust, self.month, late_minutes=45)
        self.assertFalse(shipment.dispatch_on_time)
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.kpi_dispatch_tolerance_minutes, 30)
        settings.kpi_dispatch_tolerance_minutes = 60
        settings.execute()
        shipment.invalidate_recordset()
        self.assertTrue(shipment.dispatch_on_time)

    def test_grouped_rates_are_weighted(self):
        # customer: 4 shipments, 3 on time; other: 1 shipment, late -> 3/5 = 60 %, not mean(75, 0)
        for minutes in (0, 0, 0, 90):
            self.ship(self.cust, self.month, late_minutes=minutes)
        self.ship(self.other, self.month, late_minutes=90, damaged=True)
        values = self.kpis(self.cust | self.other)
        self.assertEqual(values["shipment_count"], 5)
        self.assertAlmostEqual(values["dispatch_on_time_rate"], 60.0)
        self.assertAlmostEqual(values["damage_rate"], 200.0)  # 1 of 5 -> 200 per 1,000
        groups = self.env["logistics.kpi.report"].read_group(
            [("partner_id", "in", (self.cust | self.other).ids)],
            ["shipment_count", "dispatch_on_time_rate"], ["partner_id"])
        by_partner = {g["partner_id"][0]: g for g in groups}
        self.assertAlmostEqual(by_partner[self.cust.id]["dispatch_on_time_rate"], 75.0)
        self.assertAlmostEqual(by_partner[self.other.id]["dispatch_on_time_rate"], 0.0)

    def test_pivot_group_rate_is_the_ratio_of_sums(self):
        """A pivot cell (several groupings, lazy=False, the rate asked as rate:avg as
        the pivot does) gets sum(numerator) / sum(denominator) of its rows."""
        states = self.env["res.country.state"].search([], limit=2)
        # customer: 3 on time of 4 over two regions (rows of 100 % and 50 %); other: 1 late
        for minutes, state in ((0, states[0]), (0, states[0]), (0, states[1]), (90, states[1])):
            self.ship(self.cust, self.month, late_minutes=minutes, dest_state_id=state.id)
        self.ship(self.other, self.month, late_minutes=90, dest_state_id=states[0].id)
        Report = self.env["logistics.kpi.report"]
        domain = [("partner_id", "in", (self.cust | self.other).ids)]
        groups = Report.read_group(domain, ["shipment_count", "dispatch_on_time_rate:avg", "damage_rate:avg"],
                                   ["month:month", "account_manager_id"], lazy=False)
        by_manager = {g["account_manager_id"][0]: g for g in groups}
        self.assertAlmostEqual(by_manager[self.am1.id]["dispatch_on_time_rate"], 75.0)  # not mean(100, 50)
        self.assertAlmostEqual(by_manager[self.am2.id]["dispatch_on_time_rate"], 0.0)
        total = Report.read_group(domain, ["dispatch_on_time_rate:avg"], ["month:month"], lazy=False)
        self.assertAlmostEqual(total[0]["dispatch_on_time_rate"], 60.0)  # 3 of 5, not mean of the rows
        for group in groups + total:
            rows = Report.search(group["__domain"])
            self.assertAlmostEqual(group["dispatch_on_time_rate"], 100.0 * sum(rows.mapped("dispatch_on_time_count"))
                                   / sum(rows.mapped("dispatched_count")))
        self.assertEqual([g["damage_rate"] for g in groups], [0.0, 0.0])

    def test_report_rows_by_region(self):
        states = self.env["res.country.state"].search([], limit=2)
        self.ship(self.cust, self.month, dest_state_id=states[0].id)
        self.ship(self.cust, self.month, late_minutes=90, dest_state_id=states[1].id)
        rows = self.env["logistics.kpi.report"].search([("partner_id", "=", self.cust.id)])
        self.assertEqual(len(rows), 2)
        self.assertEqual({r.region_id for r in rows}, set(states))
        self.assertEqual(set(rows.mapped("dispatch_on_time_rate")), {0.0, 100.0})
        self.assertEqual(rows[0].month, self.month_str)

    def test_bad_dates_refused(self):
        from odoo.exceptions import ValidationError
        with self.assertRaises(ValidationError):
            self.ship(self.cust, self.month, delivery_planned=self.month - timedelta(days=1))

    def test_grouped_by_customer_sorted_by_name(self):
        zed = self.customer("Zed Kpi Co", manager=self.am1)
        for partner in (zed, self.cust, self.other):
            self.ship(partner, self.month)
        partners = (zed | self.cust | self.other)
        groups = self.env["logistics.kpi.report"].read_group(
            [("partner_id", "in", partners.ids)], ["shipment_count", "dispatch_on_time_rate"],
            ["partner_id", "month:month"], lazy=False)
        self.assertEqual([g["partner_id"][1] for g in groups], ["Kpi Customer", "Kpi Other", "Zed Kpi Co"])
        lazy = self.env["logistics.kpi.report"].read_group(
            [("partner_id", "in", partners.ids)], ["shipment_count"], ["partner_id", "month:month"])
        self.assertEqual([g["partner_id"][1] for g in lazy], ["Kpi Customer", "Kpi Other", "Zed Kpi Co"])
        self.assertEqual([g["shipment_count"] for g in lazy], [1, 1, 1])

    def test_one_row_per_customer_month_and_region(self):
        region = self.env["res.country.state"].search([], limit=1)
        for minutes in (0, 10, 90):
            self.ship(self.cust, self.month, late_minutes=minutes, dest_state_id=region.id)
        rows = self.env["logistics.kpi.report"].search_read(
            [("partner_id", "=", self.cust.id), ("month", "=", self.month_str)],
            ["region_id", "shipment_count", "dispatch_on_time_rate", "arrival_on_time_rate"])
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["region_id"][0], region.id)
        self.assertEqual(rows[0]["shipment_count"], 3)
        self.assertAlmostEqual(rows[0]["dispatch_on_time_rate"], 200.0 / 3)
        self.assertEqual(rows[0]["arrival_on_time_rate"], 100.0)

    def summary_matches_shipments(self):
        """The trigger-maintained summary model equals a GROUP BY of the shipments
        (read through the ORM: company, customer, month, region key and every measure)."""
        from ..models.logistics_kpi_shipment_month import SUMMARY_MEASURES, _summary_select
        names = [name for name, _e, _k in SUMMARY_MEASURES]
        self.env.flush_all()
        self.env["logistics.kpi.shipment.month"].invalidate_model()
        rows = self.env["logistics.kpi.shipment.month"].search_read(
            [], ["company_id", "partner_id", "month", "region_id"] + names)
        kept = sorted((r["company_id"][0], r["partner_id"][0], r["month"], r["region_id"])
                      + tuple(r[name] for name in names) for r in rows)
        self.env.cr.execute(_summary_select("logistics_shipment", False))
        self.assertEqual(kept, [tuple(row) for row in self.env.cr.fetchall()])
        return kept

    def test_summary_follows_every_write(self):
        states = self.env["res.country.state"].search([], limit=2)
        first = self.ship(self.cust, self.month, dest_state_id=states[0].id)
        second = self.ship(self.cust, self.month, late_minutes=90, dest_state_id=states[0].id)
        self.summary_matches_shipments()
        # move one to another region, customer and month; edit a flag; delete one
        second.write({"dest_state_id": states[1].id})
        self.summary_matches_shipments()
        second.write({"partner_id": self.other.id,
                      "pickup_planned": month_start(2),
                      "delivery_planned": False, "delivery_actual": False})
        first.write({"damaged": True, "note": "crushed pallet"})
        self.summary_matches_shipments()
        rows = self.env["logistics.kpi.report"].search([("partner_id", "in", (self.cust | self.other).ids)])
        self.assertEqual(sorted(rows.mapped("shipment_count")), [1, 1])
        self.assertEqual(rows.filtered(lambda r: r.partner_id == self.cust).damage_rate, 1000.0)
        first.write({"note": "nothing the report counts"})  # no-op for the summary
        (first | second).unlink()
        self.summary_matches_shipments()
        self.assertFalse(self.env["logistics.kpi.report"].search(
            [("partner_id", "in", (self.cust | self.other).ids)]))

    def test_set_based_updates_keep_the_summary(self):
        for minutes in (0, 45, 45):
            self.ship(self.cust, self.month, late_minutes=minutes)
        self.env["ir.config_parameter"].sudo().set_param("logistics_kpi.dispatch_tolerance_minutes", "60")
        self.env["logistics.shipment"]._recompute_on_time_all()  # one UPDATE over every shipment
        self.summary_matches_shipments()
        self.assertEqual(self.kpis(self.cust)["dispatch_on_time_rate"], 100.0)

    def test_report_shows_the_current_tier(self):
        self.ship(self.cust, self.month)
        self.env.cr.execute("UPDATE res_partner SET customer_tier = 'a' WHERE id = %s", (self.cust.id,))
        row = self.env["logistics.kpi.report"].search([("partner_id", "=", self.cust.id)])
        self.assertEqual(row.customer_tier, "a")
        self.env.cr.execute("UPDATE res_partner SET customer_tier = 'c' WHERE id = %s", (self.cust.id,))
        row.invalidate_recordset()
        self.assertEqual(row.customer_tier, "c")

    def test_month_in_company_time_zone(self):
        self.env.company.partner_id.tz = "Asia/Shanghai"
        first_day = month_start(0).replace(hour=7)  # 07:00 Shanghai on the 1st = 23:00 UTC the day before
        shipment = self.ship(self.cust, first_day - timedelta(hours=8))
        self.assertEqual(shipment.month, first_day.date())

    def test_grouped_months_as_odoo_does(self):
        """read_group of the report gives Odoo's groups (labels, domains) with weighted rates."""
        from odoo.models import BaseModel
        for partner in (self.cust, self.other):
            self.ship(partner, self.month)
            self.ship(partner, month_start(2), late_minutes=90)
        Report = self.env["logistics.kpi.report"]
        domain = [("partner_id", "in", (self.cust | self.other).ids)]
        ours = Report.read_group(domain, ["shipment_count", "dispatch_on_time_rate:avg"],
                                 ["partner_id", "month:month"], lazy=False)
        odoo = BaseModel.read_group(Report, domain, ["shipment_count"], ["partner_id", "month:month"], lazy=False)
        self.assertEqual(len(ours), 4)
        self.assertEqual(sorted((g["partner_id"], g["month:month"]) for g in ours),
                         sorted((g["partner_id"], g["month:month"]) for g in odoo))
        for group in ours:
            self.assertEqual(sum(Report.search(group["__domain"]).mapped("shipment_count")), group["shipment_count"])
            self.assertIn(group["dispatch_on_time_rate"], (0.0, 100.0))

    def test_many_groups_formatted_as_odoo_does(self):
        """With many groups the report gives Odoo's own groups (labels, ranges and
        equivalent domains: Odoo formats them), the rates computed from the sums."""
        from odoo.models import BaseModel
        customers = self.env["res.partner"]
        for index in range(51):
            customers |= self.customer("Many Groups %02d" % index)
        for partner in customers:
            self.ship(partner, self.month)
            self.ship(partner, month_start(4), late_minutes=90)  # another month and quarter
        Report = self.env["logistics.kpi.report"]
        domain = [("partner_id", "in", customers.ids)]
        for groupby in (["partner_id", "month:month"], ["month:quarter", "partner_id"]):
            ours = Report.read_group(domain, ["shipment_count", "dispatch_on_time_rate"], groupby, lazy=False)
            odoo = BaseModel.read_group(Report, domain, ["shipment_count", "dispatched_count",
                                                         "dispatch_on_time_count"], groupby, lazy=False)
            key = lambda g, groupby=groupby: tuple(str(g[spec]) for spec in groupby)  # noqa: E731
            self.assertGreaterEqual(len(ours), 100)
            self.assertEqual(sorted(map(key, ours)), sorted(map(key, odoo)))
            odoo_by_key = {key(g): g for g in odoo}
            for group in ours:
                theirs = odoo_by_key[key(group)]
                self.assertEqual(group.get("__range"), theirs.get("__range"))
                self.assertEqual(Report.search(group["__domain"]).ids, Report.search(theirs["__domain"]).ids)
                self.assertEqual(group["shipment_count"], theirs["shipment_count"])
                self.assertEqual(group["dispatch_on_time_rate"], 100.0 * theirs["dispatch_on_time_count"]
                                 / theirs["dispatched_count"])
