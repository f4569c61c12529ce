"""Issue 24, item 6: every text a cron or a mail of the suite writes is in its reader's
language and time zone. A Chinese team (account manager, agent, Service Manager in zh_CN,
no time zone of their own: the company's, Asia/Shanghai) and a Chinese customer; the crons
run in an English environment (as a server's crons do) and every activity, note, visit
agenda, calendar event and mail they write for those readers must read in Chinese, with
times in Shanghai's time zone.
"""
import re
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests.common import TransactionCase, tagged

# what may stay Latin in a Chinese text: references, abbreviations, addresses
ALLOWED = {"SLA", "NPS", "KPI", "CMP", "PDF"}
TAGS = re.compile(r"<[^>]+>")
URLS = re.compile(r"(https?://\S+|\S+@\S+)")


def english_words(text):
    """The English words left in ``text`` once markup, links, addresses and references go."""
    text = re.sub(r"(?s)<(style|script)\b.*?</\1>", " ", str(text or ""))
    text = URLS.sub(" ", TAGS.sub(" ", text))
    text = re.sub(r"[A-Z]{2,}/\d{4}/\d+", " ", text)  # CMP/2026/00012
    return [word for word in re.findall(r"[A-Za-z]{3,}", text) if word not in ALLOWED]


@tagged("post_install", "-at_install")
class TestChineseReaders(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the crons of an English server: what they write follows the reader, not them
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US", tz="UTC"))
        env = cls.env
        env["res.lang"]._activate_lang("zh_CN")
        env.company.partner_id.write({"lang": "zh_CN", "tz": False})
        env.company.name = "上海迅捷供应链管理有限公司"   # data: the company's own name

        def user(login, group):
            return env["res.users"].with_context(no_reset_password=True).create({
                "name": login, "login": login, "email": "%s@example.cn" % login, "lang": "zh_CN", "tz": False,
                "groups_id": [Command.set([env.ref("base.group_user").id, env.ref(group).id])]})

        cls.am = user("zh.am", "logistics_crm.group_account_manager")
        cls.agent = user("zh.agent", "logistics_crm.group_user")
        cls.sm = user("zh.sm", "logistics_crm.group_service_manager")
        cls.customer = env["res.partner"].create({
            "name": "华东精密仪器有限公司", "is_company": True, "customer_rank": 1, "lang": "zh_CN",
            "email": "kefu@huadong.example.cn", "account_manager_id": cls.am.id, "customer_tier": "a",
            "tier_locked": True, "tier_lock_reason": "战略客户", "industry_influence": True,
            "basic_info_reviewed_on": date.today() - relativedelta(months=6), "needs_reviewed_on": False})
        cls.contact = env["res.partner"].create({
            "name": "王敏", "parent_id": cls.customer.id, "email": "wangmin@huadong.example.cn", "lang": "zh_CN"})

    def assertChinese(self, label, text):
        self.assertTrue(text and re.search(r"[\u4e00-\u9fff]", str(text)), "%s is not Chinese: %r" % (label, text))
        self.assertFalse(english_words(text), "%s has English words: %r" % (label, text))

    def activities(self, record):
        return self.env["mail.activity"].search([("res_model", "=", record._name), ("res_id", "=", record.id)])

    def test_key_account_crons_write_for_the_account_manager(self):
        env = self.env
        self.assertTrue(self.customer.is_key_account)
        env["logistics.customer.care"]._cron_profile_reviews()
        env["logistics.account.plan"]._cron_plan_reminders()
        env["logistics.visit"].create({
            "partner_id": self.customer.id, "user_id": self.am.id,
            "date_start": fields.Datetime.now() - timedelta(days=90)}).action_done()
        env["logistics.visit"]._cron_propose_visits()
        activities = self.activities(self.customer)
        self.assertGreaterEqual(len(activities), 3, activities.mapped("summary"))  # 2 reviews, the plan
        for activity in activities:
            self.assertEqual(activity.user_id, self.am)
            self.assertChinese("activity summary", activity.summary)
        proposed = env["logistics.visit"].search([("partner_id", "=", self.customer.id), ("state", "=", "planned")])
        self.assertEqual(len(proposed), 1)
        self.assertChinese("proposed visit agenda", proposed.agenda)
        self.assertChinese("calendar event", proposed.calendar_event_id.name)

    def test_customer_care_writes_in_each_readers_language(self):
        env = self.env
        today = date(2026, 12, 7)
        self.contact.birthday = date(1980, 12, 7)
        self.customer.cooperation_start_date = date(2023, 12, 7)
        before = env["mail.mail"].search([], order="id desc", limit=1).id or 0
        env["logistics.customer.care"]._cron_customer_care(today=today)
        mails = env["mail.mail"].search([("id", ">", before)])
        self.assertEqual(len(mails), 2, mails.mapped("subject"))  # birthday, anniversary
        for mail in mails:
            self.assertChinese("greeting subject", mail.subject)
            self.assertChinese("greeting body", mail.body_html)
        visits = env["logistics.visit"].search([("partner_id", "=", self.customer.id),
                                                ("visit_type", "in", ("birthday", "anniversary"))])
        self.assertEqual(len(visits), 2)
        for visit in visits:
            self.assertChinese("care visit agenda", visit.agenda)
        key_date = env["logistics.partner.key.date"].search([("partner_id", "=", self.customer.id)])
        self.assertChinese("anniversary key date", key_date.name)

    def test_sla_warnings_and_breaches_in_readers_language_and_time(self):
        env = self.env
        complaint = env["logistics.complaint"].create({
            "partner_id": self.customer.id, "contact_id": self.contact.id, "channel": "phone",
            "category": "operations", "subcategory_id": env.ref("logistics_complaints.sub_ops_late").id,
            "severity": "normal", "subject": "到货延误", "user_id": self.agent.id})
        shown = complaint.with_user(self.agent).with_context(self.agent.context_get()).sla_policy_id.display_name
        self.assertChinese("SLA policy shown", shown)
        complaint.flush_recordset()
        shown = []   # the deadline as Shanghai reads it, when warned and when breached
        # time passes: first at risk, then breached
        for share in (0.8, 1.2):
            complaint.invalidate_recordset()
            allowed = complaint.response_time_allowed
            shift = (complaint.received_date + timedelta(hours=allowed * share)) - fields.Datetime.now()
            env.cr.execute("""UPDATE logistics_complaint SET received_date = received_date - %(s)s,
                                     response_deadline = response_deadline - %(s)s,
                                     response_risk_date = response_risk_date - %(s)s,
                                     resolution_deadline = resolution_deadline - %(s)s,
                                     resolution_risk_date = resolution_risk_date - %(s)s,
                                     sla_next_escalation = sla_next_escalation - %(s)s
                               WHERE id = %(id)s""", {"s": shift, "id": complaint.id})
            complaint.invalidate_recordset()
            shown.append(fields.Datetime.context_timestamp(
                complaint.with_context(tz="Asia/Shanghai"), complaint.response_deadline).strftime("%Y-%m-%d %H:%M"))
            self.assertNotEqual(shown[-1], fields.Datetime.to_string(complaint.response_deadline)[:16])
            env["logistics.complaint"]._cron_escalate()
        complaint.invalidate_recordset()
        warnings = self.activities(complaint)
        self.assertTrue(warnings, "the warning activity")
        for activity in warnings:
            self.assertEqual(activity.user_id, self.agent)
            self.assertChinese("SLA warning summary", activity.summary)
            self.assertChinese("SLA warning note", activity.note)
        self.assertIn(shown[0], warnings[:1].note)
        breach = env["mail.message"].search([("model", "=", complaint._name), ("res_id", "=", complaint.id),
                                             ("partner_ids", "in", self.sm.partner_id.ids)])
        self.assertTrue(breach, "the breach note")
        self.assertChinese("breach note", breach[:1].body)
        self.assertIn(shown[1], breach[:1].body)
        digest = env["mail.mail"].search([("email_to", "ilike", self.sm.email)], order="id desc", limit=1)
        self.assertTrue(digest, "the breach digest to the Chinese Service Manager")
        self.assertChinese("breach digest subject", digest.subject)
        self.assertChinese("breach digest body", digest.body_html)

    def test_users_without_time_zone_read_the_company_time(self):
        portal = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "王敏", "login": "wangmin.portal", "partner_id": self.contact.id, "tz": False,
            "groups_id": [Command.set([self.env.ref("base.group_portal").id])]})
        (self.contact | self.customer).write({"tz": False})
        self.env.registry.clear_cache()
        self.assertEqual(portal.with_user(portal).context_get()["tz"], "Asia/Shanghai")
        self.customer.tz = "Asia/Urumqi"   # the customer's own time zone comes first
        self.env.registry.clear_cache()
        self.assertEqual(portal.with_user(portal).context_get()["tz"], "Asia/Urumqi")
        self.am.tz = False
        self.env.registry.clear_cache()
        self.assertEqual(self.am.with_user(self.am).context_get()["tz"], "Asia/Shanghai")


def report_html(env, xmlid, records):
    """The HTML body of the PDF report ``xmlid`` of ``records`` as wkhtmltopdf receives it."""
    html, _type = env["ir.actions.report"]._render_qweb_html(xmlid, records.ids)
    return html.decode() if isinstance(html, bytes) else html


@tagged("post_install", "-at_install")
class TestChineseDocuments(TransactionCase):
    """Issue 24, "Done when": the monthly statement, the survey invitation, the quarterly review
    pack and the weekly health warning, and the tier notes — what each cron writes, mails and
    prints for a Chinese customer and a Chinese team reads Chinese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from odoo.addons.logistics_customer_health.tests.common import HealthCase
        cls.case = HealthCase      # its factories (shipments, answers, complaints) on our env
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US", tz="UTC"))
        env = cls.env
        env["res.lang"]._activate_lang("zh_CN")
        env.company.partner_id.write({"lang": "zh_CN", "tz": False})
        env.company.write({"name": "上海迅捷供应链管理有限公司", "street": "浦东新区航头镇航都路 18 号",
                           "street2": False, "city": "上海", "zip": "201316", "state_id": False,
                           "country_id": env.ref("base.cn").id})
        env["res.partner"].search([("customer_rank", ">", 0)]).write({"customer_rank": 0})

        def user(login, group):
            return env["res.users"].with_context(no_reset_password=True).create({
                "name": login, "login": login, "email": "%s@example.cn" % login, "lang": "zh_CN", "tz": False,
                "groups_id": [Command.set([env.ref("base.group_user").id, env.ref(group).id])]})

        cls.am = user("zh.doc.am", "logistics_crm.group_account_manager")
        cls.sm = user("zh.doc.sm", "logistics_crm.group_service_manager")
        cls.customer = env["res.partner"].create({
            "name": "华东精密仪器有限公司", "is_company": True, "customer_rank": 1, "lang": "zh_CN",
            "email": "kefu@huadong.example.cn", "account_manager_id": cls.am.id, "industry_influence": True,
            "city": "上海", "street": "浦东新区张江路 88 号", "country_id": env.ref("base.cn").id})
        cls.contact = env["res.partner"].create({
            "name": "王敏", "parent_id": cls.customer.id, "email": "wangmin@huadong.example.cn", "lang": "zh_CN"})
        cls.customer.survey_contact_id = cls.contact

    def assertChinese(self, label, text):
        self.assertTrue(text and re.search(r"[\u4e00-\u9fff]", str(text)), "%s is not Chinese: %r" % (label, text))
        self.assertFalse(english_words(text), "%s has English words: %r" % (label, text[:3000]))

    def ship(self, when, **values):
        values.setdefault("revenue", 1000.0)
        return self.env["logistics.shipment"].create(dict({
            "name": "WB%d" % (when.toordinal() * 10 + len(values)), "partner_id": self.customer.id,
            "pickup_planned": when, "pickup_actual": when, "delivery_planned": when + timedelta(days=1),
            "delivery_actual": when + timedelta(days=1)}, **values))

    def test_monthly_statement_mail_and_pdf(self):
        first = fields.Date.today().replace(day=1)
        last_month = fields.Datetime.to_datetime(first - relativedelta(months=1)) + timedelta(hours=9)
        self.ship(last_month)
        self.ship(last_month + timedelta(days=3), pickup_actual=last_month + timedelta(days=3, hours=3))
        Statement = self.env["logistics.customer.statement"]
        Statement._cron_send_monthly()
        statement = Statement.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(statement.state, "sent")
        self.assertChinese("statement mail subject", statement.mail_id.subject)
        self.assertChinese("statement mail body", statement.mail_id.body_html)
        self.assertChinese("statement PDF name", statement.mail_id.attachment_ids.name.rsplit(".", 1)[0])
        html = report_html(self.env, "logistics_kpi.action_report_customer_statement", statement)
        self.assertChinese("statement PDF", html.split("<main", 1)[-1])

    def test_survey_invitation(self):
        campaign = self.env["logistics.survey.campaign"].create({
            "name": "甲类客户季度调查", "kind": "periodic", "tier": "a",
            "survey_id": self.env.ref("logistics_kpi.survey_satisfaction").id,
            "partner_ids": [Command.set(self.customer.ids)]})
        self.customer.customer_tier = "a"
        before = self.env["mail.mail"].search([], order="id desc", limit=1).id or 0
        self.assertEqual(campaign.action_run(), 1)
        mail = self.env["mail.mail"].search([("id", ">", before)])
        self.assertEqual(len(mail), 1)
        self.assertChinese("invitation subject", mail.subject)
        self.assertChinese("invitation body", mail.body_html)

    def test_quarterly_review_pack(self):
        quarter_start = fields.Date.today().replace(day=1) - relativedelta(months=3)
        when = fields.Datetime.to_datetime(quarter_start) + timedelta(days=2, hours=9)
        self.ship(when)
        self.ship(when + timedelta(days=7), delivery_actual=when + timedelta(days=9))
        Review = self.env["logistics.business.review"]
        Review._cron_quarterly_reviews()
        review = Review.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(review), 1)
        self.assertChinese("review pack name", review.with_context(lang="zh_CN").display_name)
        self.assertChinese("review pack file", review.attachment_id.name.rsplit(".", 1)[0])
        html = report_html(self.env, "logistics_service_agreement.action_report_business_review", review)
        self.assertChinese("review pack PDF", html.split("<main", 1)[-1])

    def test_weekly_health_warning_and_tier_notes(self):
        engine = self.env["logistics.health.engine"]
        week = engine._week_of()
        for back in range(40, 8, -1):
            for day in range(6):
                self.ship(fields.Datetime.to_datetime(week - timedelta(weeks=back, days=-day)) + timedelta(hours=9))
        for back in range(8, 0, -1):
            for day in range(2):
                when = fields.Datetime.to_datetime(week - timedelta(weeks=back, days=-day)) + timedelta(hours=9)
                self.ship(when, delivery_actual=when + timedelta(days=2))
        self.env["logistics.complaint"].create({
            "partner_id": self.customer.id, "channel": "phone", "category": "operations",
            "subcategory_id": self.env.ref("logistics_complaints.sub_ops_late").id, "severity": "critical",
            "subject": "连续三周到货延误", "received_date": fields.Datetime.now() - timedelta(days=10)})
        self.env.flush_all()
        engine._cron_compute_health()
        self.assertEqual(self.customer.health_risk, "at_risk", self.customer.health_reason)
        self.assertChinese("health reason", self.customer.with_context(lang="zh_CN").health_reason)
        activity = self.env["mail.activity"].search([("res_model", "=", "res.partner"),
                                                     ("res_id", "=", self.customer.id)])
        self.assertTrue(activity, "the warning activity")
        for each in activity:
            self.assertChinese("health activity summary", each.summary or each.activity_type_id.with_context(
                lang="zh_CN").name)
            self.assertChinese("health activity note", each.note)
        notes = self.env["mail.message"].search([("model", "=", "res.partner"), ("res_id", "=", self.customer.id),
                                                 ("partner_ids", "in", self.sm.partner_id.ids)])
        self.assertTrue(notes, "the key account warning to the Service Managers")
        self.assertChinese("key account warning", notes[:1].body)
        # the nightly tiering: its notes on the customer in the account manager's language
        self.customer.tier_locked = False
        self.env["account.move"]   # invoices: the customer has none, the rank is the engine's
        self.env["res.partner"].compute_customer_tiers()
        self.env["logistics.tier.history"]._cron_post_tier_notes()
        tier_notes = self.env["mail.message"].search([
            ("model", "=", "res.partner"), ("res_id", "=", self.customer.id), ("message_type", "=", "notification"),
            ("id", ">", notes[:1].id)])
        for note in tier_notes:
            self.assertChinese("tier note", note.body)
