"""Issue 23: the rules between employees, and what a customer can infer or change, tried
as a determined insider and a curious customer would (each test failed before its fix).

Two customers A and B of the isolation world (tests/isolation_common.py): each has its
account manager, two portal contacts and complaints (A's first assigned to agent 1, its
second to agent 2), statements, plans, visits.
"""
from contextlib import contextmanager

from isolation_common import PORTAL_PASSWORD, WorldCase, make_internal_user

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import HttpCase, TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInsiderRules(WorldCase, TransactionCase):

    @contextmanager
    def refused(self, exception=AccessError):
        """The call is refused with ``exception`` and leaves nothing behind (a savepoint)."""
        with self.assertRaises(exception):
            with self.env.cr.savepoint():
                yield

    # ---- 1. takeover by re-parenting -------------------------------------------------
    def test_01_account_manager_cannot_take_over_a_customer_by_reparenting(self):
        world = self.world
        am_a, customer_a, customer_b = world.am["A"], world.customer["A"], world.customer["B"]
        with self.refused():
            customer_b.with_user(am_a).write({"is_company": False, "parent_id": customer_a.id})
        self.assertTrue(customer_b.is_company)
        self.assertEqual(customer_b.commercial_partner_id, customer_b)
        # one of A's contacts under B, directly or through B's / A's one2many
        contact_a = world.contacts["A"][0].partner_id
        with self.refused():
            contact_a.with_user(am_a).write({"parent_id": customer_b.id})
        with self.refused():
            customer_b.with_user(am_a).write({"child_ids": [Command.link(contact_a.id)]})
        contact_b = world.contacts["B"][0].partner_id
        with self.refused():
            customer_a.with_user(am_a).write({"child_ids": [Command.link(contact_b.id)]})
        self.assertEqual(contact_a.commercial_partner_id, customer_a)
        self.assertEqual(contact_b.commercial_partner_id, customer_b)
        # B's complaints stay out of reach
        with self.refused():
            world.complaints["B"].with_user(am_a).read(["subject"])
        # within his own account he may move contacts (a new branch under A)
        branch = self.env["res.partner"].with_user(am_a).create({"name": "Isoalpha Branch", "parent_id": customer_a.id})
        contact_a.with_user(am_a).write({"parent_id": branch.id})
        self.assertEqual(contact_a.commercial_partner_id, customer_a)
        # a Service Manager may move between customers
        contact_a.with_user(world.manager).write({"parent_id": customer_b.id})
        self.assertEqual(contact_a.commercial_partner_id, customer_b)

    def test_01b_portal_access_of_another_account_contact_refused(self):
        world = self.world
        newcomer = self.env["res.partner"].create({"name": "Zz Newcomer", "parent_id": world.customer["B"].id,
                                                   "email": "zznewcomer@example.com"})
        wizard = self.env["portal.wizard"].with_user(world.am["A"]).create({"partner_ids": [Command.set(newcomer.ids)]})
        with self.refused():
            wizard.user_ids.with_user(world.am["A"]).action_grant_access()
        self.assertFalse(newcomer.user_ids)
        # B's own account manager may
        wizard = self.env["portal.wizard"].with_user(world.am["B"]).create({"partner_ids": [Command.set(newcomer.ids)]})
        wizard.user_ids.with_user(world.am["B"]).action_grant_access()
        self.assertTrue(newcomer.with_context(active_test=False).user_ids)

    # ---- 2. stale portal access after a move --------------------------------------------
    def test_02_moved_contact_reads_its_new_company_at_once(self):
        world = self.world
        user = world.contacts["A"][0]
        complaint_a, complaint_b = world.complaints["A"][0], world.complaints["B"][0]
        # the rules of this user are computed (and cached) before the move
        complaint_a.with_user(user).read(["subject"])
        self.assertIn(user.partner_id, complaint_a.message_partner_ids)
        user.partner_id.with_user(world.manager).write({"parent_id": world.customer["B"].id})
        complaint_b.with_user(user).read(["subject"])
        with self.refused():
            complaint_a.with_user(user).read(["subject"])
        # it no longer follows (nor is mailed about) its old company's complaints
        self.assertNotIn(user.partner_id, complaint_a.message_partner_ids)
        user.partner_id.with_user(world.manager).write({"parent_id": world.customer["A"].id})
        complaint_a.with_user(user).read(["subject"])
        with self.refused():
            complaint_b.with_user(user).read(["subject"])

    # ---- 3. search oracle ----------------------------------------------------------------
    def test_03_customer_domains_reach_only_what_it_reads(self):
        world = self.world
        user = world.contacts["A"][0]
        complaint = world.complaints["A"][0]
        Complaint = self.env["logistics.complaint"].with_user(user)
        Partner = self.env["res.partner"].with_user(user)
        oracles = [
            (Complaint, [("id", "=", complaint.id), ("message_ids.body", "ilike", "ZZNOTEA")]),
            (Complaint, [("id", "=", complaint.id), ("message_ids", "any", [("body", "ilike", "ZZNOTEA")])]),
            (Complaint, [("id", "=", complaint.id), ("message_ids.tracking_value_ids.old_value_char", "!=", False)]),
            (Partner, [("id", "=", world.customer["A"].id), ("message_ids.body", "ilike", "Tier")]),
            (Partner, [("id", "=", world.customer["A"].id), ("child_ids.message_ids.body", "ilike", "x")]),
            (self.env["logistics.customer.statement"].with_user(user),
             [("partner_id.message_ids.body", "ilike", "x")]),
            (Complaint, [("partner_id.tier_history_ids", "!=", False)]),
            (Complaint, [("partner_id", "any", [("tier_history_ids.contribution", ">", 0)])]),
        ]
        for model, domain in oracles:
            with self.refused():
                model.search_count(domain)
        # what it may read, it may search by, also through a path
        self.assertEqual(Complaint.search_count([("partner_id.name", "ilike", "Isoalpha")]), 2)
        self.assertEqual(Complaint.search_count([("partner_id", "any", [("name", "ilike", "Isoalpha")])]), 2)
        # employees keep their paths
        self.assertEqual(self.env["logistics.complaint"].with_user(world.manager).search_count(
            [("id", "=", complaint.id), ("message_ids.body", "ilike", "ZZNOTEA")]), 1)

    # ---- 4. statements change only through their actions ----------------------------------
    def test_04_account_manager_cannot_rewrite_statements(self):
        world = self.world
        draft, sent = world.statements["A"]["draft"], world.statements["A"]["sent"]
        for statement, vals in ((draft, {"state": "sent"}), (draft, {"date_sent": fields.Datetime.now()}),
                                (sent, {"state": "draft"}), (draft, {"month": "2020-01-01"}),
                                (sent, {"partner_id": world.customer["B"].id}),
                                (sent, {"access_token": world.statements["B"]["sent"].access_token})):
            with self.refused(UserError):
                statement.with_user(world.am["A"]).write(vals)
        self.assertEqual((draft.state, sent.partner_id), ("draft", world.customer["A"]))
        # B's contact does not get A's statement
        with self.refused():
            sent.with_user(world.contacts["B"][0]).read(["name"])

    # ---- 5. plans and visits on other managers' accounts ------------------------------------
    def test_05_plans_and_visits_only_on_own_accounts(self):
        world = self.world
        am_a, customer_a, customer_b = world.am["A"], world.customer["A"], world.customer["B"]
        Plan = self.env["logistics.account.plan"].with_user(am_a)
        with self.refused():
            Plan.create({"partner_id": customer_b.id, "user_id": am_a.id, "year": 2031, "half": "h1"})
        start = fields.Datetime.now()
        with self.refused():
            customer_b.with_user(am_a).write({"visit_ids": [Command.create({
                "user_id": am_a.id, "agenda": "Taken over", "date_start": start})]})
        with self.refused():
            self.env["logistics.visit"].with_user(am_a).create({
                "partner_id": customer_b.id, "user_id": am_a.id, "date_start": start})
        with self.refused():
            world.plans["B"].with_user(am_a).write({"user_id": am_a.id})
        # his own account: allowed
        customer_a.with_user(am_a).write({"visit_ids": [Command.create({
            "user_id": am_a.id, "agenda": "Quarterly", "date_start": start})]})
        self.assertTrue(customer_a.visit_ids.filtered(lambda v: v.agenda == "Quarterly"))
        self.assertFalse(customer_b.sudo().visit_ids.filtered(lambda v: v.agenda == "Taken over"))

    # ---- 6. an agent does not rewrite a colleague's complaint --------------------------------
    def test_06_follower_agent_reads_and_notes_but_does_not_take_over(self):
        world = self.world
        theirs = self.env["logistics.complaint"].create({
            "partner_id": world.customer["A"].id, "subject": "Agent 2's", "channel": "phone",
            "category": "operations", "subcategory_id": self.env.ref("logistics_complaints.sub_ops_late").id,
            "user_id": world.agent2.id})
        theirs.message_subscribe(partner_ids=world.agent.partner_id.ids)
        mine = theirs.with_user(world.agent)
        self.assertEqual(mine.subject, "Agent 2's")  # a follower reads it
        for vals in ({"cause_analysis": "Rewritten"}, {"user_id": world.agent.id}):
            with self.refused():
                mine.write(vals)
        self.assertEqual(theirs.user_id, world.agent2)
        mine.message_post(body="A colleague's note", message_type="comment", subtype_xmlid="mail.mt_note")
        # the queue: an unassigned complaint is taken by any agent
        queued = self.env["logistics.complaint"].create({
            "partner_id": world.customer["A"].id, "subject": "Queue", "channel": "phone", "category": "operations",
            "subcategory_id": self.env.ref("logistics_complaints.sub_ops_late").id})
        queued.with_user(world.agent).write({"user_id": world.agent.id})
        self.assertEqual(queued.user_id, world.agent)
        with self.refused():
            queued.with_user(world.agent2).write({"user_id": world.agent2.id})

    def test_06b_complaint_not_handed_to_another_account(self):
        world = self.world
        new, resolved = world.complaints["A"]   # new (agent 1's), resolved (agent 2's)
        am_a, customer_b = world.am["A"], world.customer["B"]
        contact_b = world.contacts["B"][0].partner_id
        with self.refused():
            new.with_user(am_a).write({"partner_id": customer_b.id, "contact_id": contact_b.id})
        with self.refused(UserError):  # AccessError, or the contact no longer matching
            customer_b.with_user(am_a).write({"complaint_ids": [Command.link(new.id)]})
        with self.refused(UserError):
            resolved.with_user(world.manager).write({"partner_id": customer_b.id})
        self.assertEqual((new | resolved).partner_id, world.customer["A"])
        # an intake mistake is corrected while the complaint is new, by whom may change it
        new.with_user(world.agent).write({"partner_id": customer_b.id, "contact_id": contact_b.id})
        self.assertEqual(new.partner_id, customer_b)

    # ---- 7. health history for customer service only ----------------------------------------
    def test_07_health_history_not_for_other_employees(self):
        if "logistics.health.score" not in self.env:
            self.fail("logistics_customer_health is part of the suite under test")
        world = self.world
        Score = self.env["logistics.health.score"]
        week = fields.Date.today()
        rows = Score.create([{"partner_id": world.customer[key].id, "date": week, "score": 40, "risk": "at_risk"}
                             for key in ("A", "B")])
        clerk = make_internal_user(self.env, "iso.clerk", ["base.group_user"])
        with self.refused():
            Score.with_user(clerk).search_read([], ["score"])
        with self.refused():
            world.customer["A"].with_user(clerk).read(["health_score"])
        self.assertEqual(Score.with_user(world.am["A"]).search([("id", "in", rows.ids)]).partner_id,
                         world.customer["A"])
        self.assertEqual(len(Score.with_user(world.manager).search([("id", "in", rows.ids)])), 2)

    # ---- 8. an approved plan stays as approved ------------------------------------------------
    def test_08_approved_plan_reject_reason_frozen(self):
        world = self.world
        plan = world.plans["A"]
        plan.write({"objective_ids": [Command.create({"name": "Grow"})]})
        plan.with_user(world.am["A"]).action_submit()
        plan.with_user(world.manager).action_approve()
        for user in (world.am["A"], world.manager):
            with self.refused(UserError):
                plan.with_user(user).write({"reject_reason": "Never mind"})
        self.assertFalse(plan.reject_reason)

    # ---- 9. messages of the suite are not the customer's to rewrite ------------------------------
    def test_09_customer_cannot_rewrite_messages(self):
        world = self.world
        user = world.contacts["A"][0]
        complaint = world.complaints["A"][0]
        answer = complaint.with_user(world.agent).message_post(
            body="We credit 100 CNY.", message_type="comment", subtype_xmlid="mail.mt_comment",
            partner_ids=user.partner_id.ids)
        own = world.messages["A"]["reply"]
        for message in (answer, own):
            for vals in ({"body": "We credit 100000 CNY."}, {"author_id": user.partner_id.id},
                         {"is_internal": True}):
                with self.refused():
                    message.with_user(user).write(vals)
            with self.refused():
                message.with_user(user).unlink()
        self.assertEqual(str(answer.body), "<p>We credit 100 CNY.</p>")
        with self.refused():
            complaint.with_user(user)._message_update_content(own, "<p>Changed</p>")
        # on its company's partner record too
        note = world.customer["A"].message_post(body="Hello", message_type="comment",
                                                subtype_xmlid="mail.mt_comment", partner_ids=user.partner_id.ids)
        with self.refused():
            note.with_user(user).write({"body": "Changed"})

    # ---- 10. ratings only through the suite's flow ------------------------------------------------
    def test_10_no_rating_through_the_chatter(self):
        world = self.world
        user = world.contacts["A"][0]
        Rating = self.env["rating.rating"].sudo()
        before = Rating.search_count([])
        for complaint in world.complaints["A"]:  # unresolved, and resolved-and-rated
            with self.refused():
                complaint.with_user(user).message_post(body="5 stars", message_type="comment",
                                                       subtype_xmlid="mail.mt_comment", rating_value=5)
            with self.refused():
                complaint.with_user(user).message_post(body="hijack", message_type="comment",
                                                       rating_id=world.ratings["B"][:1].id)
        self.assertEqual(Rating.search_count([]), before)

    # ---- 11. notifications ----------------------------------------------------------------------
    def test_11_customer_reads_only_its_own_notifications(self):
        world = self.world
        user = world.contacts["A"][0]
        other = world.contacts["B"][0]
        world.complaints["B"][0].with_user(world.agent).message_post(
            body="To B", message_type="comment", subtype_xmlid="mail.mt_comment", partner_ids=other.partner_id.ids)
        world.complaints["A"][0].with_user(world.agent).message_post(
            body="To A", message_type="comment", subtype_xmlid="mail.mt_comment", partner_ids=user.partner_id.ids)
        Notification = self.env["mail.notification"]
        total = Notification.search_count([])
        seen = Notification.with_user(user).search([])
        self.assertTrue(seen, "a customer reads its own notifications")
        self.assertLess(len(seen), total)
        for notification in seen.sudo():
            self.assertIn(user.partner_id, notification.res_partner_id | notification.author_id)
        self.assertNotIn(other.partner_id, seen.sudo().res_partner_id)


    # ---- decided (README, Security) ----------------------------------------------------------
    def test_decided_sla_clock_internals_are_employees(self):
        world = self.world
        mine = world.complaints["A"][0].with_user(world.contacts["A"][0])
        self.assertTrue(mine.read(["response_deadline", "resolution_deadline"]))  # the promise
        self.assertTrue(mine.read(["sla_status", "response_sla_status"]))  # the promise's status
        for name in ("response_risk_date", "resolution_risk_date", "resolution_time_allowed", "response_hours",
                     "resolution_escalation"):
            with self.refused():
                mine.read([name])
            with self.refused():
                mine.search_count([(name, "!=", False)])
        self.assertTrue(world.complaints["A"][0].with_user(world.agent).sla_status)

    def test_decided_key_account_profile_by_its_manager(self):
        world = self.world
        customer_b = world.customer["B"]
        for vals in ({"credit_rating": "c"}, {"industry_influence": True}, {"survey_opt_out": True},
                     {"statement_opt_in": False}, {"statement_contact_id": world.contacts["B"][0].partner_id.id}):
            with self.refused():
                customer_b.with_user(world.am["A"]).write(vals)
            customer_b.with_user(world.am["B"]).write(vals)
            customer_b.with_user(world.manager).write(vals)
        # a contact of B is B's profile too
        with self.refused():
            world.contacts["B"][0].partner_id.with_user(world.am["A"]).write({"survey_opt_out": True})

    def test_decided_satisfaction_not_searchable(self):
        world = self.world
        for model in (self.env["res.partner"].with_user(world.manager),
                      self.env["logistics.customer.statement"].with_user(world.manager)):
            for name in ("nps", "satisfaction_index"):
                with self.refused(UserError):
                    model.search([(name, ">", 50)])


@tagged("post_install", "-at_install")
class TestInsiderRoutes(WorldCase, HttpCase):

    def _jsonrpc(self, url, params):
        reply = self.url_open(url, data=__import__("json").dumps(
            {"jsonrpc": "2.0", "method": "call", "params": params}), headers={"Content-Type": "application/json"})
        self.assertEqual(reply.status_code, 200, url)
        return reply.json()

    def assertRefusedPage(self, url, complaint):
        """The portal refuses a complaint page: 403/404, or a redirect away from it (the
        language redirect, /en/..., followed), and shows nothing of it."""
        reply = self.url_open(url)
        self.assertNotIn(complaint.subject, reply.text, url)
        if reply.status_code == 200:
            self.assertFalse(reply.url.endswith(url), "%s answered 200" % url)
        else:
            self.assertIn(reply.status_code, (403, 404), url)

    def test_02_moved_contact_pages_follow_at_once(self):
        world = self.world
        user = world.contacts["A"][0]
        complaint_a, complaint_b = world.complaints["A"][0], world.complaints["B"][0]
        self.authenticate(user.login, PORTAL_PASSWORD)
        self.assertEqual(self.url_open("/my/complaints/%d" % complaint_a.id).status_code, 200)
        user.partner_id.with_user(world.manager).write({"parent_id": world.customer["B"].id})
        self.assertEqual(self.url_open("/my/complaints/%d" % complaint_b.id).status_code, 200)
        self.assertRefusedPage("/my/complaints/%d" % complaint_a.id, complaint_a)
        user.partner_id.with_user(world.manager).write({"parent_id": world.customer["A"].id})
        self.assertEqual(self.url_open("/my/complaints/%d" % complaint_a.id).status_code, 200)
        self.assertRefusedPage("/my/complaints/%d" % complaint_b.id, complaint_b)

    def test_10_no_rating_through_mail_message_post(self):
        world = self.world
        user = world.contacts["A"][0]
        self.authenticate(user.login, PORTAL_PASSWORD)
        Rating = self.env["rating.rating"].sudo()
        before = Rating.search_count([])
        for complaint in world.complaints["A"]:
            reply = self._jsonrpc("/mail/message/post", {
                "thread_model": "logistics.complaint", "thread_id": complaint.id,
                "post_data": {"body": "5 stars", "message_type": "comment", "rating_value": 5,
                              "subtype_xmlid": "mail.mt_comment"}})
            self.assertEqual(reply.get("error", {}).get("data", {}).get("name"), "odoo.exceptions.AccessError",
                             reply)
        self.assertEqual(Rating.search_count([]), before)
        # a reply without a rating still goes through
        reply = self._jsonrpc("/mail/message/post", {
            "thread_model": "logistics.complaint", "thread_id": world.complaints["A"][0].id,
            "post_data": {"body": "Any news?", "message_type": "comment", "subtype_xmlid": "mail.mt_comment"}})
        self.assertNotIn("error", reply)

    def test_decided_complaint_files_outside_the_conversation_are_internal(self):
        world = self.world
        complaint = world.complaints["A"][0]
        internal = self.env["ir.attachment"].create({
            "name": "zz-investigation.txt", "raw": b"ZZINVESTIGATION", "res_model": complaint._name,
            "res_id": complaint.id})
        shared = world.messages["A"]["reply"].attachment_ids[:1]
        self.authenticate(world.contacts["A"][0].login, PORTAL_PASSWORD)
        self.assertEqual(self.url_open("/web/content/%d" % internal.id).status_code, 404)
        # the portal's chatter links the conversation's files with their access token
        conversation = self.url_open("/web/content/%d?access_token=%s" % (shared.id, shared.generate_access_token()[0]))
        self.assertEqual(conversation.status_code, 200)
        self.assertEqual(conversation.content, b"ZZFILEA")

    def test_12_account_form_of_a_contact_without_country(self):
        world = self.world
        user = world.contacts["A"][0]
        user.partner_id.country_id = False
        self.authenticate(user.login, PORTAL_PASSWORD)
        page = self.url_open("/my/account")
        self.assertEqual(page.status_code, 200)
        token = __import__("re").search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        reply = self.url_open("/my/account", data={
            "csrf_token": token, "name": "Zz Contact 1A", "email": "not-an-e-mail", "phone": "1",
            "street": "1 Road", "city": "Shanghai", "zipcode": "200000", "country_id": ""})
        self.assertEqual(reply.status_code, 200)
        self.assertIn("email", reply.text.lower())
        self.assertEqual(user.partner_id.email, "zzcontact1a@example.com")  # nothing saved
