"""One definition per rule: the tiering engine's set-based pass (the batch path) and a
single partner's compute (the path of a form, a visit, a lost reason) give the same
key-account flag, lifecycle and next visit date, record by record, on the same
generated data (thresholds, no data, locked tiers, lost reasons, customers leaving the
ranking, visits at 23:30 and 00:30 local time)."""
import random
from datetime import date, datetime, time, timedelta

import pytz

from odoo.tests.common import TransactionCase

from ..tools import read_settings
from .common import LogisticsCrmCase

RULE_FIELDS = ("is_key_account", "lifecycle", "next_visit_date")
# partners the engine never classifies (no lifecycle is set for them)
NOT_RANKED = {"Rule influential non-customer", "Rule Big, Rule contact"}


class TestRuleAgreement(LogisticsCrmCase, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.settings = read_settings(cls.env)
        cls.tz = pytz.timezone(cls.env.company._logistics_tz())
        cls.competitor = cls.env.ref("logistics_crm.lost_reason_competitor")
        cls.no_business = cls.env.ref("logistics_crm.lost_reason_no_business")

    def local(self, days_ago, hour, minute):
        """UTC datetime of ``hour``:``minute`` local time ``days_ago`` days ago."""
        day = date.today() - timedelta(days=days_ago)
        return self.tz.localize(datetime.combine(day, time(hour, minute))).astimezone(pytz.utc).replace(tzinfo=None)

    def visit_done(self, partner, when):
        visit = self.env["logistics.visit"].create({
            "partner_id": partner.id, "user_id": partner.account_manager_id.id,
            "date_start": when, "date_end": when + timedelta(minutes=20)})
        visit.action_done()
        return visit

    def generate(self):
        """Customers at every edge of the three rules, and random ones."""
        dormant, lost = self.settings["dormant_days"], self.settings["lost_days"]
        partners = self.env["res.partner"]
        cases = [
            # name, [(amount, days ago, kind)], values
            ("Big", [(10000000, 10, "out_invoice")], {}),
            ("Mid", [(1500000, 20, "out_invoice")], {}),
            ("Small", [(100, 30, "out_invoice")], {}),
            ("Never invoiced", [], {}),
            ("Refunded", [(300, 40, "out_invoice"), (500, 35, "out_refund")], {}),
            ("Influencer", [(50, 15, "out_invoice")], {"industry_influence": True}),
            ("Influencer never invoiced", [], {"industry_influence": True}),
            ("Dormant edge", [(100, dormant, "out_invoice")], {}),
            ("Dormant", [(100, dormant + 1, "out_invoice")], {}),
            ("Lost edge", [(100, lost, "out_invoice")], {}),
            ("Lost", [(100, lost + 1, "out_invoice")], {}),
            ("Lost to a competitor", [(100, 5, "out_invoice")], {"lost_reason_id": self.competitor.id}),
            ("Old, competitor", [(900, lost + 50, "out_invoice")], {"lost_reason_id": self.competitor.id}),
            ("Back, automatic reason", [(200, 3, "out_invoice")], {"lost_reason_id": self.no_business.id}),
            ("Today", [(700, 0, "out_invoice")], {}),
        ]
        for name, invoices, values in cases:
            partner = self.customer("Rule %s" % name, **values)
            for amount, days_ago, kind in invoices:
                self.invoice(partner, amount, days_ago=days_ago, kind=kind)
            partners |= partner
        rnd = random.Random(25)
        for index in range(20):
            partner = self.customer("Rule random %02d" % index, industry_influence=rnd.random() < 0.2)
            for _i in range(rnd.randint(0, 3)):
                self.invoice(partner, rnd.choice([0.01, 10, 500, 5000, 40000]), days_ago=rnd.randint(0, 500))
            if rnd.random() < 0.15:
                partner.lost_reason_id = rnd.choice([self.competitor, self.no_business])
            partners |= partner
        # not a customer (never ranked) but of industry influence; a contact
        partners |= self.env["res.partner"].create({"name": "Rule influential non-customer", "is_company": True,
                                                    "industry_influence": True})
        partners |= self.env["res.partner"].create({"name": "Rule contact", "parent_id": partners[0].id})
        # visits done at the edges of a local day (23:30 is 15:30 UTC in Shanghai, 00:30 the
        # day before in UTC), and none
        for partner, when in ((partners[0], self.local(3, 23, 30)), (partners[1], self.local(3, 0, 30)),
                              (partners[5], self.local(40, 23, 59)), (partners[14], self.local(0, 0, 0))):
            self.visit_done(partner, when)
        return partners

    def values(self, partners):
        self.env.invalidate_all()
        return {p.display_name: tuple(p[name] for name in RULE_FIELDS) for p in partners}

    def single_path(self, partners):
        """The values of a single partner's compute on the rows as they are: the ORM's
        recomputation of the stored flags, the lifecycle of the lost-reason edit."""
        self.env.invalidate_all()
        for name in ("is_key_account", "next_visit_date"):
            self.env.add_to_compute(partners._fields[name], partners)
        result = {p.display_name: (p.is_key_account, p._lifecycle_for(p.last_invoice_date), p.next_visit_date)
                  for p in partners}
        self.env.flush_all()
        return result

    def assertSameRules(self, batch, single):
        self.assertEqual(set(batch), set(single))
        for name in sorted(batch):
            ours, theirs = (dict(zip(RULE_FIELDS, values, strict=True)) for values in (batch[name], single[name]))
            if name in NOT_RANKED:  # a lifecycle is a customer's, set by the engine
                self.assertFalse(ours.pop("lifecycle"), name)
                theirs.pop("lifecycle")
            self.assertEqual(ours, theirs, name)

    def test_engine_and_single_partner_agree(self):
        partners = self.generate()
        self.env["res.partner"].compute_customer_tiers()
        batch = self.values(partners)
        # the data covers each outcome of each rule
        self.assertEqual({v[0] for v in batch.values()}, {True, False})
        self.assertEqual({v[1] for v in batch.values()} - {False}, {"potential", "active", "dormant", "lost"})
        self.assertIn(False, {v[2] for v in batch.values()})
        self.assertSameRules(batch, self.single_path(partners))
        names = {p.name: p for p in partners}
        # the edges, as the rules say
        self.assertEqual(names["Rule Dormant edge"].lifecycle, "active")
        self.assertEqual(names["Rule Dormant"].lifecycle, "dormant")
        self.assertEqual(names["Rule Lost edge"].lifecycle, "dormant")
        self.assertEqual(names["Rule Lost"].lifecycle, "lost")
        self.assertEqual(names["Rule Lost to a competitor"].lifecycle, "lost")
        self.assertEqual(names["Rule Back, automatic reason"].lifecycle, "active")
        self.assertTrue(names["Rule Influencer never invoiced"].is_key_account)
        big = names["Rule Big"]
        self.assertEqual(big.next_visit_date, big.last_visit_date.date() + timedelta(days=30))

        # locked tiers, and customers leaving the ranking (archived, no longer customers):
        # the engine's second statement, then the single path again
        lock = names["Rule Small"] | names["Rule Mid"]
        lock.write({"tier_locked": True, "customer_tier": "a", "tier_lock_reason": "Strategic lane"})
        names["Rule Big"].write({"tier_locked": True, "customer_tier": "c", "tier_lock_reason": "Reseller"})
        names["Rule Small"].active = False                   # locked A, leaves the ranking
        names["Rule Influencer"].customer_rank = 0           # leaves the ranking, influence kept
        names["Rule Today"].active = False                   # leaves the ranking, no lock
        self.env["res.partner"].compute_customer_tiers()
        batch = self.values(partners)
        self.assertEqual(names["Rule Small"].customer_tier, "a")
        self.assertFalse(names["Rule Today"].customer_tier)
        self.assertFalse(names["Rule Today"].next_visit_date)  # no tier: no visit due
        self.assertEqual(batch["Rule Big"][0], False)          # locked C
        self.assertEqual(batch["Rule Small"][0], True)         # locked A, unranked
        self.assertEqual(batch["Rule Influencer"][0], True)
        self.assertSameRules(batch, self.single_path(partners))

    def test_single_partner_edits_are_what_the_engine_computes(self):
        """Edits through the form (a lock, industry influence, a lost reason, a visit)
        compute the flags one partner at a time; the next pass of the engine, on the
        same data, computes the same ones."""
        partners = self.generate()
        self.env["res.partner"].compute_customer_tiers()
        names = {p.name: p for p in partners}
        names["Rule Mid"].write({"tier_locked": True, "customer_tier": "a", "tier_lock_reason": "Port operator"})
        names["Rule Small"].industry_influence = True
        names["Rule Dormant"].lost_reason_id = self.competitor          # lost with a reason of its own
        names["Rule Lost"].lost_reason_id = False                      # cleared: lost by inactivity again
        names["Rule Lost to a competitor"].lost_reason_id = False      # cleared: active again
        names["Rule Old, competitor"].lost_reason_id = self.no_business
        self.visit_done(names["Rule Refunded"], self.local(1, 23, 30))
        self.visit_done(names["Rule Never invoiced"], self.local(2, 0, 30))
        single = self.values(partners)
        self.assertEqual(single["Rule Dormant"][1], "lost")
        self.assertEqual(single["Rule Lost to a competitor"][1], "active")
        self.assertTrue(single["Rule Mid"][0] and single["Rule Small"][0])
        # the engine rewrites every customer's flags (as if ranked for the first time)
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_partner SET tier_computed = NULL, is_key_account = NULL, lifecycle = NULL, "
                            "next_visit_date = NULL WHERE id IN %s AND customer_rank > 0", [tuple(partners.ids)])
        self.env["res.partner"].compute_customer_tiers()
        self.assertSameRules(self.values(partners), single)
        # the engine gave the customer lost by inactivity its automatic reason
        self.assertEqual(names["Rule Lost"].lost_reason_id, self.no_business)

    def test_next_visit_statement_and_compute_agree(self):
        """_recompute_next_visit_dates (the settings' cadence change, one UPDATE) and the
        compute of a visit done give the same dates, a partner without a tier none."""
        partners = self.generate()
        self.env["res.partner"].compute_customer_tiers()
        self.env["ir.config_parameter"].set_param("logistics_crm.visit_days_a", "7")
        self.env["ir.config_parameter"].set_param("logistics_crm.visit_days_c", "400")
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_partner SET next_visit_date = '2000-01-01' WHERE id IN %s",
                            [tuple(partners.ids)])
        self.env["logistics.tier.engine"]._recompute_next_visit_dates(scope="all")
        statement = self.values(partners)
        self.assertSameRules(statement, self.single_path(partners))
        self.assertIn(False, {v[2] for v in statement.values()})
        self.assertNotIn(date(2000, 1, 1), {v[2] for v in statement.values()})
