"""The world of the isolation matrix and the fuzz tests (issue 14).

Two customer companies (commercial partners) *A* and *B*, two portal contacts each, the
internal roles of the suite (agents, an account manager per customer, a Service
Manager), and records of every kind of the suite for each customer: complaints (one open
with an internal note, a customer reply with a file and a follower; one resolved and
rated), shipments, a draft and a sent statement with their PDF attachments, a campaign
invitation and a campaign answer, account plan, visit, key date, account team row and
tier history. KPI report rows come from the shipments.

Every text a customer must never see carries a marker (``ZZ...`` plus the customer's
letter): the tests look for the other customer's markers in whatever a route returns,
and for the internal markers of the user's own customer too.
"""
import re
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields

PORTAL_PASSWORD = "Portal-Iso-2026"
COMPANIES = ("A", "B")
CUSTOMER_NAMES = {"A": "Isoalpha Shipping Ltd", "B": "Isobeta Trading Co"}


def other(key):
    return "B" if key == "A" else "A"


def public_markers(key):
    """Texts of customer ``key`` its own contacts may see, nobody else."""
    return ["ZZSUBJ1" + key, "ZZSUBJ2" + key, "ZZREPLY" + key, "ZZFEEDBACK" + key, "ZZFILE" + key,
            "ZZSHIP" + key, CUSTOMER_NAMES[key], "zzcontact1%s@example.com" % key.lower(),
            "zzcontact2%s@example.com" % key.lower(), "ZZPDFSENT" + key, "ZZRESOLUTION" + key, "ZZREVIEWSENT" + key]


def internal_markers(key):
    """Texts of customer ``key`` for employees only (internal fields, notes, drafts)."""
    return ["ZZCAUSE" + key, "ZZFIX" + key, "ZZDEPT" + key, "4321.75", "ZZNOTE" + key, "ZZREJECT" + key,
            "ZZREVISIT" + key, "ZZTIERLOCK" + key, "ZZLOST" + key, "ZZPDFDRAFT" + key, "ZZKEYDATE" + key,
            "ZZTEAM" + key, "ZZAGENDA" + key, "ZZMGR" + key, "ZZREVIEWDRAFT" + key]


# the fields of the suite that are for employees only (groups= in the models)
INTERNAL_PARTNER_FIELDS = (
    "customer_tier", "tier_computed", "tier_locked", "tier_lock_reason", "tier_date", "tier_history_ids",
    "is_key_account", "industry_influence", "account_manager_id", "account_team_ids", "contribution_12m",
    "contribution_share", "contribution_cumulative_share", "contribution_rank", "last_invoice_date", "lifecycle",
    "lost_reason_id", "lost_note", "credit_rating", "credit_review_date", "visit_ids", "next_visit_date",
    "account_plan_ids", "complaint_ids", "complaint_count",
)
INTERNAL_COMPLAINT_FIELDS = (
    "customer_tier", "account_manager_id", "department", "responsible_partner_id", "compensation_amount",
    "cause_analysis", "corrective_action", "reject_reason", "cancel_reason", "approved_by_id", "approved_date",
    "visit_id", "revisit_date", "revisit_user_id", "revisit_satisfaction", "revisit_comment",
    "customer_unreachable", "unreachable_reason", "repeat_of_ids", "is_repeat", "sla_policy_id",
    "sla_calendar_id", "sla_next_escalation", "risk_escalated", "breach_escalated",
    "response_time_allowed", "resolution_time_allowed", "response_risk_date", "resolution_risk_date",
    "response_hours", "resolution_hours",
)


def existing_fields(model, names):
    """``names``, every one a field of ``model``: a misspelt or removed field fails the test
    instead of shrinking the matrix silently."""
    missing = [name for name in names if name not in model._fields]
    assert not missing, "%s has no field %s" % (model._name, ", ".join(missing))
    return list(names)


def make_internal_user(env, login, groups, name=None):
    return env["res.users"].with_context(no_reset_password=True).create({
        "name": name or login.replace(".", " ").title(),
        "login": login,
        "email": "%s@example.com" % login,
        "password": login + "-Pa55",
        "lang": "en_US",
        "tz": "UTC",
        "groups_id": [Command.set([env.ref(g).id for g in groups])],
    })


class World:
    """The records of the matrix, by customer key ("A"/"B")."""

    def __init__(self, env):
        self.env = env
        self.customer, self.contacts, self.complaints = {}, {}, {}
        self.shipments, self.statements, self.attachments = {}, {}, {}
        self.invitations, self.messages, self.ratings = {}, {}, {}
        self.plans, self.visits, self.key_dates, self.team_rows, self.tier_history = {}, {}, {}, {}, {}
        self.am = {}
        self.reviews = {}
        self._build()

    # ------------------------------------------------------------------ build
    def _build(self):
        env = self.env
        staff = ["base.group_user"]
        self.agent = make_internal_user(env, "iso.agent", staff + ["logistics_crm.group_user"])
        self.agent2 = make_internal_user(env, "iso.agent2", staff + ["logistics_crm.group_user"])
        self.manager = make_internal_user(env, "iso.sm", staff + ["logistics_crm.group_service_manager"])
        for key in COMPANIES:
            self.am[key] = make_internal_user(env, "iso.am.%s" % key.lower(),
                                              staff + ["logistics_crm.group_account_manager"],
                                              name="ZZMGR%s Account Manager" % key)
        for key in COMPANIES:
            self._build_customer(key)

    def _build_customer(self, key):
        env = self.env
        Partner = env["res.partner"]
        customer = Partner.create({
            "name": CUSTOMER_NAMES[key], "is_company": True, "customer_rank": 1,
            "email": "desk-%s@iso.example.com" % key.lower(), "lang": "en_US",
            "account_manager_id": self.am[key].id, "customer_tier": "a", "tier_locked": True,
            "tier_lock_reason": "ZZTIERLOCK" + key, "credit_rating": "aa", "lost_note": "ZZLOST" + key,
            "lost_reason_id": env["logistics.lost.reason"].search([], limit=1).id,
        })
        self.customer[key] = customer
        users = env["res.users"]
        for index in (1, 2):
            contact = Partner.create({"name": "Zz Contact %d%s" % (index, key), "parent_id": customer.id,
                                      "email": "zzcontact%d%s@example.com" % (index, key.lower()),
                                      "lang": "en_US"})
            users |= env["res.users"].with_context(no_reset_password=True).create({
                "name": contact.name, "login": "iso.portal%d.%s" % (index, key.lower()),
                "password": PORTAL_PASSWORD, "partner_id": contact.id, "lang": "en_US", "tz": "UTC",
                "groups_id": [Command.set([env.ref("base.group_portal").id])],
            })
        self.contacts[key] = users
        self._build_complaints(key)
        self._build_kpi(key)
        self._build_crm(key)
        self._build_reviews(key)

    def _build_complaints(self, key):
        env = self.env
        Complaint = env["logistics.complaint"].with_context(mail_create_nosubscribe=True)
        customer, (user1, user2) = self.customer[key], self.contacts[key]
        sub = env.ref("logistics_complaints.sub_ops_late")
        common = {"partner_id": customer.id, "channel": "portal", "category": "operations",
                  "subcategory_id": sub.id, "severity": "normal", "claimed_amount": 100.0}
        open_one = Complaint.create(dict(
            common, contact_id=user1.partner_id.id, subject="ZZSUBJ1" + key, user_id=self.agent.id,
            description="<p>Our pallet ZZSUBJ1%s arrived late.</p>" % key,
            cause_analysis="ZZCAUSE" + key, corrective_action="ZZFIX" + key, department="ZZDEPT" + key,
            compensation_amount=4321.75))
        resolved = Complaint.create(dict(
            common, contact_id=user2.partner_id.id, subject="ZZSUBJ2" + key, user_id=self.agent2.id,
            description="<p>Second problem ZZSUBJ2%s.</p>" % key))
        # the resolved one: through the buttons, rated by its contact
        resolved.action_acknowledge()
        resolved.action_investigate()
        resolved.write({"cause_analysis": "ZZCAUSE" + key, "corrective_action": "ZZFIX" + key})
        resolved.action_submit_approval()
        resolved.with_user(self.manager).action_approve()
        resolved.write({"resolution": "ZZRESOLUTION" + key, "revisit_comment": "ZZREVISIT" + key})
        resolved.action_resolve()
        resolved.sudo().action_rate("2", "ZZFEEDBACK" + key, partner=user2.partner_id)
        # conversation: an internal note, a customer reply with a file; the contact follows
        note = open_one.message_post(body="ZZNOTE%s: driver fell asleep" % key, message_type="comment",
                                     subtype_xmlid="mail.mt_note")
        reply = open_one.message_post(
            body="ZZREPLY%s: any news?" % key, message_type="comment", subtype_xmlid="mail.mt_comment",
            author_id=user1.partner_id.id, attachments=[("zzfile%s.txt" % key.lower(), b"ZZFILE" + key.encode())])
        open_one.message_subscribe(partner_ids=user1.partner_id.ids)
        self.complaints[key] = open_one | resolved
        self.messages[key] = {"note": note, "reply": reply}
        self.ratings[key] = env["rating.rating"].sudo().search(
            [("res_model", "=", "logistics.complaint"), ("res_id", "in", (open_one | resolved).ids)])

    def _build_kpi(self, key):
        env = self.env
        customer, (user1, user2) = self.customer[key], self.contacts[key]
        now = fields.Datetime.now().replace(microsecond=0)
        shipments = env["logistics.shipment"]
        for index in range(2):
            pickup = now - timedelta(days=40 + index)
            shipments |= shipments.create({
                "name": "ZZSHIP%s-%d" % (key, index), "partner_id": customer.id,
                "pickup_planned": pickup, "pickup_actual": pickup + timedelta(minutes=10),
                "delivery_planned": pickup + timedelta(days=1), "delivery_actual": pickup + timedelta(days=1),
                "revenue": 1000.0})
        self.shipments[key] = shipments
        first = date.today().replace(day=1)
        Statement = env["logistics.customer.statement"]
        draft = Statement.create({"partner_id": customer.id, "month": first - relativedelta(months=1)})
        sent = Statement.create({"partner_id": customer.id, "month": first - relativedelta(months=2),
                                 "state": "sent", "date_sent": now})
        self.statements[key] = {"draft": draft, "sent": sent}
        Attachment = env["ir.attachment"].sudo()
        self.attachments[key] = {
            "draft_pdf": Attachment.create({"name": "zz-draft-%s.pdf" % key,
                                            "raw": b"%PDF-1.4 ZZPDFDRAFT" + key.encode(),
                                            "res_model": Statement._name, "res_id": draft.id,
                                            "mimetype": "application/pdf"}),
            "sent_pdf": Attachment.create({"name": "zz-sent-%s.pdf" % key, "raw": b"%PDF-1.4 ZZPDFSENT" + key.encode(),
                                           "res_model": Statement._name, "res_id": sent.id,
                                           "mimetype": "application/pdf"}),
            "reply_file": self.messages[key]["reply"].attachment_ids,
        }
        # campaign: an open invitation (contact 1) and an answer (contact 2)
        campaign = env.ref("logistics_kpi.campaign_periodic_a")
        Input = env["survey.user_input"].sudo()
        invitation = Input.create({
            "survey_id": campaign.survey_id.id, "partner_id": user1.partner_id.id, "email": user1.partner_id.email,
            "customer_id": customer.id, "campaign_id": campaign.id, "campaign_key": "ISO-%s-open" % key,
            "deadline": now + timedelta(days=20)})
        answer = Input.create({
            "survey_id": campaign.survey_id.id, "partner_id": user2.partner_id.id, "email": user2.partner_id.email,
            "customer_id": customer.id, "campaign_id": campaign.id, "campaign_key": "ISO-%s-done" % key})
        answer.write({"user_input_line_ids": [Command.create({
            "question_id": env.ref("logistics_kpi.survey_question_nps").id,
            "answer_type": "numerical_box", "value_numerical_box": 3})], "state": "done"})
        self.invitations[key] = invitation | answer

    def _build_crm(self, key):
        env = self.env
        customer, am = self.customer[key], self.am[key]
        self.plans[key] = env["logistics.account.plan"].create({"partner_id": customer.id, "user_id": am.id})
        self.visits[key] = env["logistics.visit"].create({
            "partner_id": customer.id, "user_id": am.id, "agenda": "ZZAGENDA" + key,
            "date_start": fields.Datetime.now() + timedelta(days=7)})
        self.key_dates[key] = env["logistics.partner.key.date"].create({
            "partner_id": customer.id, "name": "ZZKEYDATE" + key, "date": date.today() - timedelta(days=300)})
        self.team_rows[key] = env["logistics.account.team.member"].create({
            "partner_id": customer.id, "user_id": am.id, "role": "sales", "note": "ZZTEAM" + key})
        self.tier_history[key] = env["logistics.tier.history"].create({
            "partner_id": customer.id, "old_tier": "b", "new_tier": "a", "contribution": 987654.32,
            "source": "manual"})

    def _build_reviews(self, key):
        """With logistics_service_agreement: a draft and a sent business review pack, with PDFs."""
        self.reviews[key] = {}
        if "logistics.business.review" not in self.env:
            return
        Review = self.env["logistics.business.review"].sudo()
        Attachment = self.env["ir.attachment"].sudo()
        year = date.today().year - 1
        for state, quarter in (("draft", "1"), ("sent", "2")):
            review = Review.create({"partner_id": self.customer[key].id, "year": year, "quarter": quarter})
            attachment = Attachment.create({
                "name": "zz-review-%s-%s.pdf" % (state, key), "res_model": Review._name, "res_id": review.id,
                "raw": b"%PDF-1.4 ZZREVIEW" + state.upper().encode() + key.encode(), "mimetype": "application/pdf"})
            values = {"attachment_id": attachment.id}
            if state == "sent":
                values.update(state="sent", date_sent=fields.Datetime.now())
            review.write(values)
            review._portal_ensure_token()
            self.reviews[key][state] = review
            self.attachments[key]["review_%s_pdf" % state] = attachment

    # ------------------------------------------------------------------ views
    def records(self, key):
        """Every suite record of customer ``key``, by label: (model, ids)."""
        statements = self.statements[key]
        rows = {
            "complaint": self.complaints[key],
            "shipment": self.shipments[key],
            "statement_draft": statements["draft"],
            "statement_sent": statements["sent"],
            "invitation": self.invitations[key],
            "answer_line": self.invitations[key].user_input_line_ids,
            "rating": self.ratings[key],
            "message": self.messages[key]["note"] | self.messages[key]["reply"],
            "follower": self.env["mail.followers"].sudo().search([
                ("res_model", "=", "logistics.complaint"), ("res_id", "in", self.complaints[key].ids)]),
            "attachment": (self.attachments[key]["draft_pdf"] | self.attachments[key]["sent_pdf"]
                           | self.attachments[key]["reply_file"]),
            "kpi_row": self.env["logistics.kpi.report"].sudo().search([("partner_id", "=", self.customer[key].id)]),
            "plan": self.plans[key],
            "visit": self.visits[key],
            "key_date": self.key_dates[key],
            "team_row": self.team_rows[key],
            "tier_history": self.tier_history[key],
            "customer": self.customer[key],
        }
        for state, review in self.reviews[key].items():
            rows["review_" + state] = review
        rows["attachment"] |= self.env["ir.attachment"].union(*(
            attachment for label, attachment in self.attachments[key].items() if label.startswith("review_")))
        return rows

    def own_internal_records(self, key):
        """Records of customer ``key`` its own portal contacts must not reach either."""
        return {
            "statement_draft": self.statements[key]["draft"],
            "draft_pdf": self.attachments[key]["draft_pdf"],
            "internal_note": self.messages[key]["note"],
            "plan": self.plans[key],
            "visit": self.visits[key],
            "key_date": self.key_dates[key],
            "team_row": self.team_rows[key],
            "tier_history": self.tier_history[key],
            "shipment": self.shipments[key],
            "kpi_row": self.env["logistics.kpi.report"].sudo().search([("partner_id", "=", self.customer[key].id)]),
            "answer_line": self.invitations[key].user_input_line_ids,
            "invitation": self.invitations[key],
            "review_draft": self.reviews[key].get("draft", self.env["ir.attachment"].browse()),
            "review_draft_pdf": self.attachments[key].get("review_draft_pdf", self.env["ir.attachment"].browse()),
        }


def leaks_in(text, markers):
    """The markers found in ``text`` (str or bytes)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return [marker for marker in markers if marker in text]


class WorldCase:
    """Mixin of the isolation and fuzz test cases (before TransactionCase/HttpCase in the
    bases): the two customers' world, built once per class, in English and UTC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US", tz="UTC"))
        cls.world = World(cls.env)
        cls.env.flush_all()


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def portal_csrf(case):
    """The CSRF token of the session of an HttpCase ``case`` (from the portal's complaint form)."""
    return CSRF.search(case.url_open("/my/complaints/new").text).group(1)
