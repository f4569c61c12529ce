from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import TransactionCase

from ..models import logistics_tier_history
from ..tools import read_settings
from .common import LogisticsCrmCase


def list_fields(Partner, view):
    """The fields the web client reads for the list view ``view``."""
    return list(Partner.get_views([(view.id, "list")])["models"][Partner._name]["fields"])


class TestTiering(LogisticsCrmCase, TransactionCase):

    def tiers(self, *partners):
        self.env["res.partner"].compute_customer_tiers()
        self.env.invalidate_all()
        return [p.customer_tier for p in partners]

    def test_pareto_and_boundaries(self):
        big, mid, small = self.customer("Big"), self.customer("Mid"), self.customer("Small")
        self.invoice(big, 80000)
        self.invoice(mid, 15000)
        self.invoice(small, 5000)
        # Big makes exactly the first 80 %: Mid starts at 80 % (not below) -> B,
        # Small starts at 95 % (not below) -> C
        self.assertEqual(self.tiers(big, mid, small), ["a", "b", "c"])
        self.assertAlmostEqual(big.contribution_12m, 80000, places=2)
        self.assertAlmostEqual(big.contribution_share, 80.0, places=2)
        self.assertAlmostEqual(mid.contribution_cumulative_share, 95.0, places=2)
        self.assertEqual((big.contribution_rank, mid.contribution_rank, small.contribution_rank), (1, 2, 3))
        self.assertTrue(big.is_key_account)
        self.assertFalse(mid.is_key_account)
        # the visit cadence follows the new tier (A 30 days, B 90, C 365 from creation here)
        from datetime import timedelta
        for partner, days in ((big, 30), (mid, 90), (small, 365)):
            self.assertEqual(partner.next_visit_date, partner.create_date.date() + timedelta(days=days))
        # Small starts exactly at 95 %: a B threshold just above makes it B
        self.env["ir.config_parameter"].set_param("logistics_crm.tier_b_pct", "95.01")
        self.assertEqual(self.tiers(big, mid, small), ["a", "b", "b"])

    def test_colleagues_and_own_company_are_not_ranked(self):
        customer = self.customer("Real Customer")
        self.invoice(customer, 1000)
        colleague = self.am2.partner_id
        colleague.customer_rank = 1  # e.g. invoiced once for a staff sale
        # ranked by an earlier version of the engine: the stale tier goes
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_partner SET tier_computed = 'c', customer_tier = 'c' WHERE id = %s",
                            (colleague.id,))
        self.env.cr.execute("INSERT INTO logistics_customer_ranking (partner_id, contribution, share, "
                            "cumulative_share, rank) VALUES (%s, 10, 1, 1, 7)", (colleague.id,))
        self.env.invalidate_all()
        own = self.env.user.company_id.partner_id
        own.customer_rank = 1
        portal = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Private Shipper", "login": "private.shipper.test",
            "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])]})
        portal.partner_id.customer_rank = 1
        self.tiers(customer, colleague, own, portal.partner_id)
        self.assertEqual(customer.contribution_rank, 1)
        self.assertFalse(colleague.contribution_rank or colleague.customer_tier)
        self.assertFalse(own.contribution_rank or own.customer_tier)
        # a private person who ships with us (a portal user) is a customer
        self.assertEqual(portal.partner_id.customer_tier, "c")

    def test_customer_crossing_the_line_is_a(self):
        first, second, third = self.customer("First"), self.customer("Second"), self.customer("Third")
        self.invoice(first, 60000)
        self.invoice(second, 30000)   # starts at 60 % < 80 %: A although it ends at 90 %
        self.invoice(third, 10000)    # starts at 90 %: B
        self.assertEqual(self.tiers(first, second, third), ["a", "a", "b"])

    def test_ties_share_tier_and_rank(self):
        one, two, three, four = [self.customer("Tie %d" % i) for i in range(4)]
        self.invoice(one, 40000)
        self.invoice(two, 40000)
        self.invoice(three, 15000)
        self.invoice(four, 5000)
        self.assertEqual(self.tiers(one, two, three, four), ["a", "a", "b", "c"])
        self.assertEqual(one.contribution_rank, two.contribution_rank)
        self.assertAlmostEqual(one.contribution_cumulative_share, two.contribution_cumulative_share)

    def test_zero_revenue_and_refunds_exceeding_invoices(self):
        payer, idle, refunded = self.customer("Payer"), self.customer("Idle"), self.customer("Refunded")
        self.invoice(payer, 1000)
        self.invoice(refunded, 300)
        self.invoice(refunded, 500, kind="out_refund")
        self.assertEqual(self.tiers(payer, idle, refunded), ["a", "c", "c"])
        self.assertEqual(idle.contribution_12m, 0)
        self.assertEqual(idle.contribution_share, 0)
        self.assertAlmostEqual(refunded.contribution_12m, -200, places=2)
        self.assertEqual(refunded.contribution_share, 0)

    def test_nobody_invoiced_all_c(self):
        a, b = self.customer("Nobody A"), self.customer("Nobody B")
        self.assertEqual(self.tiers(a, b), ["c", "c"])
        self.assertEqual(a.lifecycle, "potential")

    def test_invoices_outside_period_and_drafts_ignored(self):
        recent, old = self.customer("Recent"), self.customer("Old")
        self.invoice(recent, 100)
        self.invoice(old, 100000, days_ago=400)
        self.invoice(recent, 999999, post=False)
        self.tiers(recent, old)
        self.assertAlmostEqual(recent.contribution_12m, 100, places=2)
        self.assertEqual(old.contribution_12m, 0)
        self.assertEqual(old.lifecycle, "lost")
        self.assertEqual(recent.lifecycle, "active")

    def test_other_currency_in_company_currency(self):
        company_currency = self.env.user.company_id.currency_id
        other = self.env["res.currency"].search([("id", "!=", company_currency.id)], limit=1)
        other.active = True
        self.env["res.currency.rate"].search([("currency_id", "in", (other | company_currency).ids)]).unlink()
        self.env["res.currency.rate"].create({"currency_id": other.id, "rate": 2.0, "name": "2000-01-01"})
        self.env["res.currency.rate"].create({"currency_id": company_currency.id, "rate": 1.0,
                                              "name": "2000-01-01"})
        foreign, local = self.customer("Foreign"), self.customer("Local")
        self.invoice(foreign, 200, currency=other)     # 200 at rate 2 = 100 in company currency
        self.invoice(local, 150)
        self.tiers(foreign, local)
        self.assertAlmostEqual(foreign.contribution_12m, 100, places=2)
        self.assertEqual(local.contribution_rank, 1)

    def test_override_survives_and_history(self):
        big, small = self.customer("Big"), self.customer("Small")
        self.invoice(big, 9000)
        self.invoice(small, 1000)
        self.tiers(big, small)
        self.assertEqual(small.customer_tier, "b")
        history = self.env["logistics.tier.history"].search([("partner_id", "=", small.id)])
        self.assertEqual(history.mapped("new_tier"), ["b"])
        self.assertIn("- → B", small.message_ids[0].body)   # first tier, in any language
        with self.assertRaisesRollback(ValidationError):
            small.write({"tier_locked": True, "customer_tier": "a"})   # no reason
        small.write({"tier_locked": True, "customer_tier": "a", "tier_lock_reason": "Strategic port operator"})
        self.assertTrue(small.is_key_account)
        self.assertEqual(self.tiers(small), ["a"])
        self.assertEqual(small.tier_computed, "b")
        self.assertEqual(self.env["logistics.tier.history"].search_count(
            [("partner_id", "=", small.id), ("source", "=", "manual")]), 1)
        # a second run changes nothing and records nothing
        count = self.env["logistics.tier.history"].search_count([])
        self.assertEqual(self.env["res.partner"].compute_customer_tiers(), 0)
        self.assertEqual(self.env["logistics.tier.history"].search_count([]), count)

    def test_industry_influence_makes_key_account(self):
        small, big = self.customer("Influencer"), self.customer("Big")
        self.invoice(big, 10000)
        small.industry_influence = True
        self.tiers(small, big)
        self.assertEqual(small.customer_tier, "c")
        self.assertTrue(small.is_key_account)

    def test_revenue_floor_for_a(self):
        big, small = self.customer("Big"), self.customer("Small")
        self.invoice(big, 5000)
        self.invoice(small, 100)
        self.env["ir.config_parameter"].set_param("logistics_crm.tier_a_floor", "6000")
        self.assertEqual(self.tiers(big, small), ["b", "c"])

    def test_bad_thresholds_refused(self):
        Settings = self.env["res.config.settings"]
        for values in ({"logistics_tier_a_pct": 96, "logistics_tier_b_pct": 95},
                       {"logistics_tier_a_pct": 80, "logistics_tier_b_pct": 120},
                       {"logistics_tier_a_pct": -5},
                       {"logistics_visit_days_a": 0},
                       {"logistics_dormant_days": 400, "logistics_lost_days": 365}):
            with self.assertRaisesRollback(ValidationError, msg=values):
                Settings.create(values).execute()
        settings = Settings.create({"logistics_tier_a_pct": 70, "logistics_tier_b_pct": 90})
        settings.execute()
        self.assertEqual(read_settings(self.env)["tier_a_pct"], 70)
        # a broken parameter written behind the back of the settings: its default, with a
        # warning, and the nightly engine runs
        self.env["ir.config_parameter"].set_param("logistics_crm.tier_a_pct", "abc")
        with self.assertLogs("odoo.addons.logistics_crm.tools", "WARNING"):
            self.env["res.partner"].compute_customer_tiers()
        self.assertEqual(read_settings(self.env)["tier_a_pct"], 80)

    def test_only_service_managers_recompute(self):
        with self.assertRaisesRollback(AccessError):
            self.env["res.partner"].with_user(self.am1).compute_customer_tiers()
        self.env["res.partner"].with_user(self.manager).compute_customer_tiers()

    def test_lifecycle_dormant_and_lost_reason(self):
        dormant = self.customer("Dormant")
        self.invoice(dormant, 100, days_ago=200)
        self.tiers(dormant)
        self.assertEqual(dormant.lifecycle, "dormant")
        reason = self.env.ref("logistics_crm.lost_reason_competitor")
        dormant.write({"lost_reason_id": reason.id, "lost_note": "Moved to a competitor's lane"})
        self.assertEqual(dormant.lifecycle, "lost")
        self.tiers(dormant)
        self.assertEqual(dormant.lifecycle, "lost")
        with self.assertRaisesRollback(ValidationError):
            self.customer("No reason").write({"lost_note": "Left"})

    def test_partner_list_queries_do_not_grow_with_rows(self):
        partners = self.env["res.partner"]
        for i in range(40):
            partners |= self.customer("Row %d" % i)
        self.env["res.partner"].compute_customer_tiers()
        view = self.env.ref("base.view_partner_tree")
        fields_ = list_fields(self.env["res.partner"], view)

        def queries(records):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            records.read(fields_)
            return self.cr.sql_log_count - before
        queries(partners)   # warm the caches of users, company, currency
        self.assertEqual(queries(partners[:5]), queries(partners))

    def test_lost_by_inactivity_gets_a_reason(self):
        gone, manual = self.customer("Gone"), self.customer("Manual")
        self.invoice(gone, 100, days_ago=400)
        self.invoice(manual, 100, days_ago=400)
        price = self.env.ref("logistics_crm.lost_reason_price")
        manual.write({"lost_reason_id": price.id})
        self.tiers(gone, manual)
        no_business = self.env.ref("logistics_crm.lost_reason_no_business")
        self.assertEqual((gone.lifecycle, gone.lost_reason_id), ("lost", no_business))
        self.assertEqual(no_business.with_context(lang="zh_CN").name, "超过12个月无业务往来")
        self.assertEqual((manual.lifecycle, manual.lost_reason_id), ("lost", price))   # kept
        self.assertEqual(self.env["res.partner"].compute_customer_tiers(), 0)
        # the customer is back: the automatic reason goes, a chosen one stays
        self.invoice(gone, 100)
        self.invoice(manual, 100)
        self.tiers(gone, manual)
        self.assertEqual((gone.lifecycle, gone.lost_reason_id), ("active", self.env["logistics.lost.reason"]))
        self.assertEqual((manual.lifecycle, manual.lost_reason_id), ("lost", price))

    def test_next_visit_dates_scopes(self):
        one, two = self.customer("Next 1", customer_tier="a"), self.customer("Next 2", customer_tier="b")
        Partner = self.env["logistics.tier.engine"]
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_partner SET next_visit_date = NULL WHERE id IN %s",
                            (tuple((one | two).ids),))
        self.env.invalidate_all()
        Partner._recompute_next_visit_dates(one)
        self.assertTrue(one.next_visit_date)
        self.assertFalse(two.next_visit_date)
        Partner._recompute_next_visit_dates(scope="all")
        self.assertTrue(two.next_visit_date)
        # no SQL from the caller
        with self.assertRaises(ValueError):
            Partner._recompute_next_visit_dates(scope="TRUE; DELETE FROM res_partner")
        with self.assertRaises(TypeError):
            Partner._recompute_next_visit_dates(where="TRUE")

    def test_partner_list_columns(self):
        view = self.env.ref("base.view_partner_tree")
        columns = list_fields(self.env["res.partner"].with_user(self.am1), view)
        for name in ("key_account_scope", "cooperation_depth", "contribution_cumulative_share", "credit_rating"):
            self.assertIn(name, columns)

    def engine_notes(self, partner):
        return partner.message_ids.filtered(lambda m: "→" in (m.body or "") and m.subtype_id == self.note)

    def test_recompute_in_the_name_of_the_requester(self):
        self.note = self.env.ref("mail.mt_note")
        big, small = self.customer("Big"), self.customer("Small")
        self.invoice(big, 9000)
        self.invoice(small, 1000)
        self.env["res.partner"].with_user(self.manager).action_recompute_tiers()
        history = self.env["logistics.tier.history"].search([("partner_id", "in", (big | small).ids)])
        self.assertEqual(len(history), 2)
        self.assertEqual(history.user_id, self.manager)
        for partner in (big, small):
            note = self.engine_notes(partner)
            self.assertEqual(len(note), 1)
            self.assertEqual(note.author_id, self.manager.partner_id)   # not "Administrator"
            self.assertEqual(note.message_type, "notification")
        self.assertFalse(history.filtered("note_pending"))

    def test_many_changes_noted_by_the_cron(self):
        # more changes than are noted at once: the cron posts the notes, in the requester's name
        self.note = self.env.ref("mail.mt_note")
        self.patch(logistics_tier_history, "NOTE_SYNC_LIMIT", 2)
        customers = [self.customer("Many %d" % i) for i in range(4)]
        for i, customer in enumerate(customers):
            self.invoice(customer, 1000 * (i + 1))
        cron = self.env.ref("logistics_crm.ir_cron_post_tier_notes")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        self.assertEqual(self.env["res.partner"].with_user(self.manager).compute_customer_tiers(), 4)
        self.assertEqual(self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers + 1)
        self.assertFalse(any(self.engine_notes(c) for c in customers))
        History = self.env["logistics.tier.history"]
        self.assertEqual(History.search_count([("note_pending", "=", True)]), 4)
        self.assertEqual(History._cron_post_tier_notes(), 4)
        for customer in customers:
            self.assertEqual(self.engine_notes(customer).author_id, self.manager.partner_id)
        self.assertEqual(History.search_count([("note_pending", "=", True)]), 0)
