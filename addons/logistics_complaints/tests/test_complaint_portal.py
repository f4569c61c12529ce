import io
import re
import zipfile

import odoo.tests.common

from odoo.tests.common import HttpCase

from odoo.addons.logistics_crm.tests.common import PORTAL_PASSWORD

from .common import ComplaintFixtures, SharedCursorMixin, translated

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"This program cannot be run in DOS mode"


def ooxml(directory):
    """A minimal OOXML (docx: word/, xlsx: xl/) package."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(directory + "document.xml", "<document/>")
    return buf.getvalue()


class TestComplaintPortal(ComplaintFixtures, SharedCursorMixin, HttpCase):

    def setUp(self):
        super(TestComplaintPortal, self).setUp()
        self._setup_fixtures(self.env)
        self.complaint_a = self._complaint(subject="A's late container")
        self.complaint_b = self._complaint(partner_id=self.customer_b.id, contact_id=False,
                                           subject="B's secret complaint")
        self.Complaint = self.env["logistics.complaint"]
        self.cr.commit()

    def _t(self, source):
        return translated(self.env, source)

    def _login(self, user):
        self.authenticate(user.login, PORTAL_PASSWORD)

    def _csrf(self):
        response = self.url_open("/my/complaints/new")
        self.assertEqual(response.status_code, 200)
        return CSRF.search(response.text).group(1)

    def _submit(self, data, files=None, csrf=True):
        data = dict(data)
        if csrf is True:
            data["csrf_token"] = self._csrf()
        elif csrf:
            data["csrf_token"] = csrf
        return self.url_open("/my/complaints/new", data=data, files=files)

    def _count(self):
        return self.Complaint.sudo().search_count([("partner_id", "=", self.customer_a.id)])

    # ---- list, detail, counter
    def test_list_shows_own_company_only_and_home_counter(self):
        self._login(self.portal_a)
        response = self.url_open("/my/complaints")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.complaint_a.name, response.text)
        self.assertNotIn(self.complaint_b.name, response.text)
        home = self.url_open("/my/home")
        self.assertIn("/my/complaints", home.text)
        counter = re.search(r'<span class="badge">(\d+)</span>\s*<a href="/my/complaints">', home.text)
        self.assertEqual(int(counter.group(1)), self._count())

    def test_list_pagination_and_state_filter(self):
        for i in range(25):
            self._complaint(subject="bulk %d" % i)
        self._login(self.portal_a)
        page1 = self.url_open("/my/complaints")
        page2 = self.url_open("/my/complaints/page/2")
        self.assertEqual(page1.text.count("/my/complaints/%d\"" % self.complaint_a.id)
                         + page2.text.count("/my/complaints/%d\"" % self.complaint_a.id), 1)
        self.assertIn("/my/complaints/page/2", page1.text)
        resolved = self.url_open("/my/complaints?filterby=resolved")
        self.assertEqual(resolved.status_code, 200)
        self.assertNotIn(self.complaint_a.name, resolved.text)

    def test_detail_page_with_timeline(self):
        self.complaint_a.with_context(lang=None).action_acknowledge()  # tracked in English
        self.portal_a.partner_id.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})  # read in Chinese, in China
        self.cr.commit()
        self._login(self.portal_a)
        response = self.url_open("/my/complaints/%d" % self.complaint_a.id)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.complaint_a.name, response.text)
        self.assertIn("o_complaint_timeline", response.text)
        self.assertIn(dict(self.Complaint.with_context(lang="zh_CN")._fields["state"]._description_selection(
            self.Complaint.with_context(lang="zh_CN").env))["acknowledged"], response.text)
        # the steps in the reader's language (tracked in the agent's), in local time
        timeline = re.search(r'o_complaint_timeline">(.*?)</ul>', response.text, re.S).group(1)
        self.assertIn("已受理", timeline)
        self.assertNotIn("Acknowledged", timeline)
        self.assertEqual(timeline.count("<li>"), 3, timeline)  # received, new, acknowledged
        self.assertNotIn("(UTC)", timeline)
        local = odoo.fields.Datetime.context_timestamp(
            self.complaint_a.with_context(tz="Asia/Shanghai"),
            odoo.fields.Datetime.from_string(self.complaint_a.received_date))
        self.assertIn("%02d时%02d分" % (local.hour, local.minute), timeline)
        self.assertIn('data-res_model="logistics.complaint"', response.text)  # portal chatter

    # ---- IDOR and tokens
    def test_customer_a_cannot_open_customer_b_complaint(self):
        self._login(self.portal_a)
        response = self.url_open("/my/complaints/%d" % self.complaint_b.id)
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn("secret complaint", response.text)
        missing = self.url_open("/my/complaints/%d" % (self.complaint_b.id + 100000))
        self.assertEqual(missing.status_code, 404)

    def test_token_access(self):
        # anonymous: the right token opens the page, a wrong or missing one does not
        url = "/my/complaints/%d" % self.complaint_b.id
        ok = self.url_open(url + "?access_token=%s" % self.complaint_b.access_token)
        self.assertEqual(ok.status_code, 200)
        self.assertIn("secret complaint", ok.text)
        wrong = self.url_open(url + "?access_token=%s" % self.complaint_a.access_token)
        self.assertEqual(wrong.status_code, 403)
        self.assertNotIn("secret complaint", wrong.text)
        missing = self.url_open(url)
        self.assertIn(missing.status_code, (403, 404))
        self.assertNotIn("secret complaint", missing.text)
        # a logged-in customer A with B's wrong token neither
        self._login(self.portal_a)
        self.assertEqual(self.url_open(url + "?access_token=nope").status_code, 403)
        # odd input is refused, not an HTTP 500
        self.assertEqual(self.url_open(url + "?access_token=%C3%A9%E6%8A%95").status_code, 403)
        self.assertEqual(self.url_open("/my/complaints/%d" % 10 ** 12).status_code, 404)
        self.assertEqual(self.url_open("/my/complaints/%d?access_token=x" % 10 ** 12).status_code, 404)

    def test_reply_through_portal_chatter(self):
        self._login(self.portal_a)
        page = self.url_open("/my/complaints/%d" % self.complaint_a.id)
        token = re.search(r'csrf_token: "([^"]+)"', page.text) or CSRF.search(page.text)
        referer = "http://127.0.0.1:%s/my/complaints/%d" % (odoo.tests.common.PORT, self.complaint_a.id)
        response = self.url_open("/mail/chatter_post", data={
            "res_model": "logistics.complaint", "res_id": self.complaint_a.id,
            "message": "Any news? <script>alert(1)</script>", "csrf_token": token.group(1)},
            headers={"Referer": referer})
        self.assertEqual(response.status_code, 200)
        message = self.complaint_a.message_ids[0]
        self.assertEqual(message.author_id, self.portal_a.partner_id)
        self.assertIn("Any news?", message.body)
        self.assertNotIn("<script>", message.body)

    def test_reply_on_other_customer_complaint_refused(self):
        self._login(self.portal_a)
        page = self.url_open("/my/complaints/%d" % self.complaint_a.id)
        token = CSRF.search(page.text) or re.search(r'csrf_token: "([^"]+)"', page.text)
        before = len(self.complaint_b.message_ids)
        referer = "http://127.0.0.1:%s/my/complaints/%d" % (odoo.tests.common.PORT, self.complaint_a.id)
        response = self.url_open("/mail/chatter_post", data={
            "res_model": "logistics.complaint", "res_id": self.complaint_b.id,
            "message": "intrusion", "csrf_token": token.group(1)}, headers={"Referer": referer})
        self.assertEqual(response.status_code, 403)
        self.complaint_b.invalidate_cache()
        self.assertEqual(len(self.complaint_b.message_ids), before)

    # ---- new complaint
    def test_submit_complaint_with_attachment(self):
        self._login(self.portal_a)
        before = self._count()
        response = self._submit({"category": "supplier", "subcategory_id": str(self.sub_damage.id),
                                  "subject": "Crushed pallets", "shipment_ref": "WB-2026/77",
                                  "description": "Two pallets crushed <script>alert('x')</script>"},
                                 files=[("attachments", ("photo.png", PNG + b" image", "image/png"))])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._count(), before + 1)
        complaint = self.Complaint.sudo().search([("partner_id", "=", self.customer_a.id)],
                                                 order="id desc", limit=1)
        self.assertEqual(complaint.channel, "portal")
        self.assertEqual(complaint.contact_id, self.portal_a.partner_id)
        self.assertEqual(complaint.subcategory_id, self.sub_damage)
        self.assertEqual(complaint.attachment_count, 1)
        self.assertNotIn("<script", complaint.description)
        self.assertIn(complaint.name, response.text)
        self.assertNotIn("<script>alert('x')</script>", response.text)
        self.assertTrue(self.env["mail.mail"].sudo().search([("model", "=", "logistics.complaint"),
                                                              ("res_id", "=", complaint.id)]))

    def test_bad_input_rerenders_form_and_stores_nothing(self):
        self._login(self.portal_a)
        before = self._count()
        attachments = self.env["ir.attachment"].sudo().search_count([("res_model", "=", "logistics.complaint")])
        cases = [
            ({"category": "", "description": "x"}, None, self._t("Choose the kind of problem.")),
            ({"category": "sales", "description": ""}, None, self._t("Describe the problem.")),
            ({"category": "sales", "description": "x" * 6000}, None,
             self._t("The description is too long (at most %d characters).") % 5000),
            ({"category": "nonsense", "description": "x"}, None, self._t("Choose the kind of problem.")),
            ({"category": "sales", "description": "x", "shipment_ref": "<b>WB</b>"}, None,
             self._t("The waybill / shipment reference may only contain letters, digits, spaces "
                     "and . / _ - (at most %d characters).") % 64),
            ({"category": "sales", "description": "x", "subcategory_id": str(self.sub_damage.id)}, None,
             self._t("The chosen sub-cause does not match the kind of problem.")),
            # not a number, or not an id of PostgreSQL: a message, not an HTTP 500
            ({"category": "sales", "description": "x", "subcategory_id": "abc"}, None,
             self._t("The chosen sub-cause does not exist.")),
            ({"category": "sales", "description": "x", "subcategory_id": "1 OR 1=1"}, None,
             self._t("The chosen sub-cause does not exist.")),
            ({"category": "sales", "description": "x", "subcategory_id": "9" * 20}, None,
             self._t("The chosen sub-cause does not exist.")),
            ({"category": "sales", "description": "x", "subcategory_id": "-%d" % self.sub_damage.id}, None,
             self._t("The chosen sub-cause does not exist.")),
            ({"category": "sales", "description": "x"},
             [("attachments", ("evil.exe", b"MZ....", "application/octet-stream"))],
             self._t("%s: this type of file is not accepted (accepted: %s).").split("%s")[1]),
            ({"category": "sales", "description": "x"},
             [("attachments", ("huge.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024 + 10), "application/pdf"))],
             self._t("%s is too large (at most %d MB).") % ("huge.pdf", 5)),
            ({"category": "sales", "description": "x"},
             [("attachments", ("f%d.txt" % i, b"hello", "text/plain")) for i in range(6)],
             self._t("Attach at most %d files.") % 5),
        ]
        for data, files, message in cases:
            response = self._submit(data, files=files)
            self.assertEqual(response.status_code, 400, data)
            self.assertIn(message, response.text, data)
            self.assertIn("o_complaint_form", response.text)
        self.assertEqual(self._count(), before)
        self.assertEqual(self.env["ir.attachment"].sudo().search_count(
            [("res_model", "=", "logistics.complaint")]), attachments)

    def test_disguised_files_refused(self):
        self._login(self.portal_a)
        before = self._count()
        attachments = self.env["ir.attachment"].sudo().search_count([("res_model", "=", "logistics.complaint")])
        message = self._t("%s: the content of the file is not a .%s file; it was not accepted.")
        cases = [
            ("invoice.pdf", ELF, "application/pdf"),
            ("photo.png", EXE, "image/png"),
            ("scan.jpg", PNG, "image/jpeg"),
            ("statement.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"),
            ("notes.txt", ELF, "text/plain"),
            ("list.csv", EXE, "text/csv"),
            ("letter.docx", EXE, "application/octet-stream"),
            ("sheet.xls", b"%PDF-1.4 not a spreadsheet", "application/vnd.ms-excel"),
        ]
        for filename, content, mimetype in cases:
            response = self._submit({"category": "sales", "description": "x"},
                                    files=[("attachments", (filename, content, mimetype))])
            self.assertEqual(response.status_code, 400, filename)
            self.assertIn(message % (filename, filename.rsplit(".", 1)[1]), response.text, filename)
            self.assertIn("o_complaint_form", response.text)
        self.assertEqual(self._count(), before)
        self.assertEqual(self.env["ir.attachment"].sudo().search_count(
            [("res_model", "=", "logistics.complaint")]), attachments)

    def test_genuine_files_accepted(self):
        self._login(self.portal_a)
        files = [
            ("report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf"),
            ("camera.jpg", b"\xff\xd8\xff\xdb\x00\x84\x00\x06", "image/jpeg"),  # no JFIF/Exif header
            ("waybills.csv", "运单号,日期\nWB-1,2026-03-02\n".encode("gb18030"), "text/csv"),
            ("claim.docx", ooxml("word/"), "application/octet-stream"),
            ("costs.xlsx", ooxml("xl/"), "application/octet-stream"),
        ]
        response = self._submit({"category": "sales", "description": "Papers attached"},
                                files=[("attachments", f) for f in files])
        self.assertEqual(response.status_code, 200)
        complaint = self.Complaint.sudo().search([("partner_id", "=", self.customer_a.id)],
                                                 order="id desc", limit=1)
        self.assertEqual(complaint.attachment_count, 5)
        response = self._submit({"category": "sales", "description": "Old formats"}, files=[
            ("attachments", ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
                             "application/msword")),
            ("attachments", ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + b"Microsoft Excel",
                             "application/vnd.ms-excel")),
            ("attachments", ("notes.txt", "Bonjour, 你好\n".encode("utf-8"), "text/plain"))])
        self.assertEqual(response.status_code, 200)

    def test_nul_characters_are_dropped(self):
        self._login(self.portal_a)
        response = self._submit({"category": "sales", "subject": "Wrong\x00 invoice",
                                 "description": "Billed\x00 twice"})
        self.assertEqual(response.status_code, 200)
        complaint = self.Complaint.sudo().search([("partner_id", "=", self.customer_a.id)],
                                                 order="id desc", limit=1)
        self.assertEqual(complaint.subject, "Wrong invoice")
        self.assertIn("Billed twice", complaint.description)
        complaint.write({"state": "approved", "resolution": "Credit note"})
        complaint.action_resolve()
        rated = self.url_open("/my/complaints/%d/rate" % complaint.id, data={
            "rating": "4", "comment": "Fine\x00", "csrf_token": self._csrf()})
        self.assertEqual(rated.status_code, 200)
        complaint.invalidate_cache()
        self.assertEqual(complaint.customer_rating_comment, "Fine")

    def test_script_in_fields_is_escaped_when_rerendered(self):
        self._login(self.portal_a)
        response = self._submit({"category": "", "subject": "<script>alert('s')</script>",
                                 "description": "<img src=x onerror=alert(1)>"})
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("<script>alert('s')</script>", response.text)
        self.assertNotIn("<img src=x onerror", response.text)
        self.assertIn("&lt;script&gt;", response.text)

    def test_missing_or_invalid_csrf_token(self):
        self._login(self.portal_a)
        before = self._count()
        for csrf in (False, "invalid-token", "\u00e9o1", "\u6295\u8bc9"):
            response = self._submit({"category": "sales", "description": "no token"}, csrf=csrf)
            self.assertEqual(response.status_code, 400)
            self.assertIn(self._t("Your session has expired or the form is invalid; please submit it again."),
                          response.text)
        self.assertEqual(self._count(), before)

    def test_new_form_in_the_customer_language(self):
        self.portal_a.partner_id.lang = "zh_CN"
        self.cr.commit()
        self._login(self.portal_a)
        response = self.url_open("/my/complaints/new")
        self.assertEqual(response.status_code, 200)
        self.assertIn(">业务人员操作有误<", response.text)  # the category "Operations error"
        self.assertNotIn(">Operations error<", response.text)

    def test_new_form_needs_login(self):
        response = self.url_open("/my/complaints/new")
        self.assertIn("/web/login", response.url)

    # ---- rating
    def test_rate_once_after_resolution(self):
        complaint = self.complaint_a
        complaint.write({"state": "approved", "resolution": "Replaced"})
        self._login(self.portal_a)
        url = "/my/complaints/%d" % complaint.id
        # not yet resolved: refused
        complaint.write({"state": "investigating"})
        token = CSRF.search(self.url_open("/my/complaints/new").text).group(1)
        early = self.url_open(url + "/rate", data={"rating": "5", "csrf_token": token})
        self.assertEqual(early.status_code, 400)
        complaint.write({"state": "approved"})
        complaint.action_resolve()
        page = self.url_open(url)
        self.assertIn("o_complaint_rate_form", page.text)
        bad = self.url_open(url + "/rate", data={"rating": "9", "csrf_token": token})
        self.assertEqual(bad.status_code, 400)
        self.assertFalse(complaint.customer_rating)
        ok = self.url_open(url + "/rate", data={"rating": "4", "comment": "Quick fix", "csrf_token": token})
        self.assertEqual(ok.status_code, 200)
        complaint.invalidate_cache()
        self.assertEqual(complaint.customer_rating, "4")
        self.assertEqual(complaint.rating_ids.filtered("consumed").rating, 4.0)
        again = self.url_open(url + "/rate", data={"rating": "1", "csrf_token": token})
        self.assertEqual(again.status_code, 400)
        self.assertIn(self._t("This complaint has already been rated."), again.text)
        complaint.invalidate_cache()
        self.assertEqual(complaint.customer_rating, "4")

    def test_rate_refuses_bad_values(self):
        complaint = self.complaint_a
        complaint.write({"state": "approved", "resolution": "Replaced"})
        complaint.action_resolve()
        self._login(self.portal_a)
        url = "/my/complaints/%d/rate" % complaint.id
        token = self._csrf()
        for rating in ("0", "6", "-1", "abc", "", "4.5", " 4", "\uff14", "1e0", "9" * 30):
            response = self.url_open(url, data={"rating": rating, "comment": "x", "csrf_token": token})
            self.assertEqual(response.status_code, 400, rating)
            self.assertIn(self._t("Choose a rating from 1 to 5."), response.text, rating)
        missing = self.url_open(url, data={"csrf_token": token})
        self.assertEqual(missing.status_code, 400)
        too_long = self.url_open(url, data={"rating": "3", "comment": "x" * 2001, "csrf_token": token})
        self.assertEqual(too_long.status_code, 400)
        self.assertIn(self._t("The comment is too long (at most 2000 characters)."), too_long.text)
        complaint.invalidate_cache()
        self.assertFalse(complaint.customer_rating)
        self.assertFalse(complaint.rating_ids.filtered("consumed"))

    def test_rating_is_recorded_for_the_portal_user_who_rates(self):
        complaint = self.complaint_a  # its contact is Alice, another person of customer A
        self.assertNotEqual(complaint.contact_id, self.portal_a.partner_id)
        complaint.write({"state": "approved", "resolution": "Replaced"})
        complaint.action_resolve()
        self._login(self.portal_a)
        response = self.url_open("/my/complaints/%d/rate" % complaint.id, data={
            "rating": "2", "comment": "Slow", "csrf_token": self._csrf()})
        self.assertEqual(response.status_code, 200)
        complaint.invalidate_cache()
        rating = complaint.rating_ids.filtered("consumed")
        self.assertEqual(rating.partner_id, self.portal_a.partner_id)
        self.assertEqual(rating.rating, 2.0)
        note = complaint.message_ids.filtered(lambda m: "Slow" in (m.body or ""))
        self.assertEqual(note.author_id, self.portal_a.partner_id)

    def test_rate_with_token_from_mail_link(self):
        complaint = self.complaint_b
        complaint.write({"state": "approved", "resolution": "Replaced"})
        complaint.action_resolve()
        # anonymous visitor from the mail: needs a CSRF token of its own session
        page = self.url_open("/my/complaints/%d?access_token=%s" % (complaint.id, complaint.access_token))
        token = CSRF.search(page.text).group(1)
        response = self.url_open("/my/complaints/%d/rate" % complaint.id, data={
            "rating": "5", "access_token": complaint.access_token, "csrf_token": token})
        self.assertEqual(response.status_code, 200)
        complaint.invalidate_cache()
        self.assertEqual(complaint.customer_rating, "5")
        # an anonymous visitor: the rating is the complaint's customer's
        self.assertEqual(complaint.rating_ids.filtered("consumed").partner_id, self.customer_b)
        forged = self.url_open("/my/complaints/%d/rate" % self.complaint_a.id, data={
            "rating": "1", "access_token": complaint.access_token, "csrf_token": token})
        self.assertEqual(forged.status_code, 403)
