"""Issue 24, the portal customer: what a Chinese customer's contact sees on the portal.

- a logged-in contact answers its company's survey invitations, a colleague's too (item 1);
- times in the reader's time zone: the contact's, else its company's, else ours (item 3);
- each suite card of /my/home has its own icon (item 4);
- a Chinese-speaking contact reads the portal in Chinese whatever its browser says (item 5).
"""
import io
import re

from PIL import Image

from isolation_common import PORTAL_PASSWORD, WorldCase

from odoo import fields
from odoo.tests.common import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestPortalPolish(WorldCase, HttpCase):

    def test_01_a_colleague_answers_the_company_invitation(self):
        world = self.world
        invitation = world.invitations["A"][0]          # issued to contact 1, not started
        first, second = world.contacts["A"]
        self.assertEqual((invitation.partner_id, invitation.state), (first.partner_id, "new"))
        self.authenticate(second.login, PORTAL_PASSWORD)
        page = self.url_open("/my/surveys").text
        self.assertIn("/my/surveys/%d/answer" % invitation.id, page)
        survey = self.url_open("/my/surveys/%d/answer" % invitation.id)   # redirected to the survey
        self.assertEqual(survey.status_code, 200)
        self.assertIn("answer_token=%s" % invitation.access_token,
                      " ".join(r.headers.get("Location", "") for r in survey.history))
        self.assertNotIn("answer_wrong_user", survey.url)
        self.assertIn(invitation.survey_id.title, survey.text)
        self.assertEqual(invitation.partner_id, second.partner_id)   # still one answer
        # once the colleague has started, it stays theirs: the first contact is told so
        invitation.sudo().state = "in_progress"
        self.authenticate(first.login, PORTAL_PASSWORD)
        self.assertIn("o_survey_taken", self.url_open("/my/surveys").text)
        reply = self.url_open("/my/surveys/%d/answer" % invitation.id)
        self.assertIn("taken=1", reply.url)
        self.assertIn("o_survey_taken_alert", reply.text)
        self.assertEqual(invitation.partner_id, second.partner_id)

    def test_03_complaint_times_in_the_readers_time_zone(self):
        world = self.world
        user = world.contacts["A"][0]
        complaint = world.complaints["A"][0]
        (user.partner_id | world.customer["A"]).write({"tz": False})
        self.env.company.partner_id.tz = False            # ours: Asia/Shanghai
        received = fields.Datetime.from_string("2026-11-30 02:52:00")
        complaint.sudo().write({"received_date": received})
        self.authenticate(user.login, PORTAL_PASSWORD)
        page = self.url_open("/my/complaints/%d" % complaint.id).text
        self.assertIn("10:52", page)                      # 02:52 UTC is 10:52 in Shanghai
        self.assertNotIn("02:52", page)
        world.customer["A"].tz = "Asia/Urumqi"             # the customer's own zone comes first
        self.env.registry.clear_cache()
        page = self.url_open("/my/complaints/%d" % complaint.id).text
        self.assertIn("08:52", page)

    def test_04_suite_cards_have_their_own_icons(self):
        self.authenticate(self.world.contacts["A"][0].login, PORTAL_PASSWORD)
        home = self.url_open("/my/home").text
        icons = set(re.findall(r'src="(/logistics_[a-z_]+/static/[^"]+\.png)"', home))
        self.assertGreaterEqual(len(icons), 4, icons)     # complaints, statements, surveys, reviews
        for icon in icons:
            reply = self.url_open(icon)
            self.assertEqual(reply.status_code, 200, icon)
            image = Image.open(io.BytesIO(reply.content))
            self.assertLessEqual(image.width, 96, "%s: a card icon, not an app icon" % icon)
            self.assertGreater(len(image.getcolors(4096) or range(4097)), 8, "%s is a flat placeholder" % icon)

    def test_05_chinese_contact_reads_chinese_with_an_english_browser(self):
        world = self.world
        user = world.contacts["A"][0]
        self.env["res.lang"]._activate_lang("zh_CN")
        user.lang = "zh_CN"
        self.authenticate(user.login, PORTAL_PASSWORD)
        page = self.url_open("/my/complaints", headers={"Accept-Language": "en-US,en;q=0.9"})
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("/en/", page.url)
        for text in ("投诉", "编号", "主题", "状态"):
            self.assertIn(text, page.text)
        self.assertNotIn(">Subject<", page.text)
