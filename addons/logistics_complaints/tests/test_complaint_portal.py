import io
import re
import xmlrpc.client
import zipfile

from odoo.tests.common import HttpCase, JsonRpcException, tagged

from .common import PORTAL_PASSWORD, ComplaintFixtures, workflow_to

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00"


def ooxml(directory):
    """A minimal OOXML (docx: word/, xlsx: xl/) package."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(directory + "document.xml", "<document/>")
    return buf.getvalue()


@tagged("post_install", "-at_install")
class TestComplaintPortal(ComplaintFixtures, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint_a = cls._complaint(subject="A's late container")
        cls.complaint_b = cls._complaint(partner_id=cls.customer_b.id, contact_id=False,
                                         subject="B's secret complaint")

    def _login(self, user):
        self.authenticate(user.login, PORTAL_PASSWORD)

    def _csrf(self):
        response = self.url_open("/my/complaints/new")
        self.assertEqual(response.status_code, 200)
        return CSRF.search(response.text).group(1)

    def _submit(self, data, files=None):
        data = dict(data, csrf_token=self._csrf())
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
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["complaint_count"]})
        self.assertEqual(counters["complaint_count"], self._count())

    def test_list_pagination_and_state_filter(self):
        self.env["logistics.complaint"].create([{
            "partner_id": self.customer_a.id, "subject": "bulk %d" % i, "category": "operations"}
            for i in range(25)])
        self._login(self.portal_a)
        page1 = self.url_open("/my/complaints")
        page2 = self.url_open("/my/complaints/page/2")
        link = '/my/complaints/%d"' % self.complaint_a.id
        self.assertEqual(page1.text.count(link) + page2.text.count(link), 1)
        self.assertIn("/my/complaints/page/2", page1.text)
        resolved = self.url_open("/my/complaints?filterby=resolved")
        self.assertEqual(resolved.status_code, 200)
        self.assertNotIn(self.complaint_a.name, resolved.text)

    def test_detail_page_with_timeline_in_the_readers_language(self):
        self.env.flush_all()
        self.env.cr.precommit.run()  # the creation was its own request
        self.complaint_a.with_user(self.agent).action_acknowledge()  # tracked in English by the agent
        self.portal_a.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
        self._login(self.portal_a)
        response = self.url_open("/my/complaints/%d" % self.complaint_a.id)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.complaint_a.name, response.text)
        timeline = response.text.split("o_complaint_timeline", 1)[1].split("</ul>", 1)[0]
        self.assertIn("已受理", timeline)
        self.assertNotIn("Acknowledged", timeline)
        self.assertIn('data-res_model="logistics.complaint"', response.text)  # portal chatter
        self.assertNotIn("Cause", response.text.split("o_complaint_page", 1)[1].split("o_complaint_messages")[0])

    def test_visitor_with_the_link_reads_the_customers_language(self):
        """Issue 24, item 5: the link in a mail opened on an English browser, not logged in: the
        page speaks the language of the contact it was sent to."""
        self.contact_a.lang = "zh_CN"
        self.env.flush_all()
        self.env.cr.precommit.run()  # the creation was its own request
        self.complaint_a.with_user(self.agent).action_acknowledge()
        url = "/my/complaints/%d?access_token=%s" % (self.complaint_a.id, self.complaint_a.sudo().access_token)
        response = self.url_open(url, headers={"Accept-Language": "en-US,en;q=0.9"})
        self.assertEqual(response.status_code, 200)
        timeline = response.text.split("o_complaint_timeline", 1)[1].split("</ul>", 1)[0]
        self.assertIn("已受理", timeline)
        self.assertIn('"bundle_params": {"lang": "zh_CN"}', response.text)   # the chatter's scripts too
        self.assertEqual(response.cookies.get("frontend_lang"), "zh_CN")
        self.contact_a.lang = "en_US"   # an English reader gets English, whatever the browser says
        self.opener.cookies.clear()
        response = self.url_open(url, headers={"Accept-Language": "zh-CN,zh;q=0.9"})
        self.assertIn("Acknowledged", response.text.split("o_complaint_timeline", 1)[1].split("</ul>", 1)[0])

    def test_customer_a_cannot_open_customer_b_complaint(self):
        self._login(self.portal_a)
        response = self.url_open("/my/complaints/%d" % self.complaint_b.id)
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("secret complaint", response.text)
        self.assertEqual(self.url_open("/my/complaints/999999999").status_code, 404)

    def test_token_access(self):
        url = "/my/complaints/%d" % self.complaint_b.id
        ok = self.url_open("%s?access_token=%s" % (url, self.complaint_b.access_token or
                                                   self.complaint_b.sudo()._portal_ensure_token()))
        self.assertEqual(ok.status_code, 200)
        self.assertIn("secret complaint", ok.text)
        self.assertEqual(self.url_open(url + "?access_token=nope").status_code, 403)
        self.assertEqual(self.url_open(url + "?access_token=%C3%A9%E6%8A%95").status_code, 403)  # non-ASCII
        self.assertEqual(self.url_open("/my/complaints/%d" % 10 ** 12).status_code, 404)
        self.assertEqual(self.url_open("/my/complaints/%d?access_token=x" % 10 ** 12).status_code, 404)

    def test_hole_a_token_grants_its_complaint_to_its_customer_only(self):
        token_b = self.complaint_b.sudo()._portal_ensure_token()
        # B's token on A's complaint
        self.assertEqual(self.url_open("/my/complaints/%d?access_token=%s"
                                       % (self.complaint_a.id, token_b)).status_code, 403)
        # a logged-in user of another customer with B's link
        self._login(self.portal_a)
        response = self.url_open("/my/complaints/%d?access_token=%s" % (self.complaint_b.id, token_b))
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("secret complaint", response.text)
        # B's own user with the link
        self._login(self.portal_b)
        self.assertEqual(self.url_open("/my/complaints/%d?access_token=%s"
                                       % (self.complaint_b.id, token_b)).status_code, 200)

    def test_reply_through_portal_chatter(self):
        self._login(self.portal_a)
        self.make_jsonrpc_request("/mail/message/post", {
            "thread_model": "logistics.complaint", "thread_id": self.complaint_a.id,
            "post_data": {"body": "Any news? <script>alert(1)</script>", "message_type": "comment",
                          "subtype_xmlid": "mail.mt_comment"}})
        message = self.complaint_a.message_ids[0]
        self.assertEqual(message.author_id, self.portal_a.partner_id)
        self.assertIn("Any news?", message.body)
        self.assertNotIn("<script>", message.body)

    def test_reply_on_other_customer_complaint_refused(self):
        self._login(self.portal_a)
        before = len(self.complaint_b.message_ids)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request("/mail/message/post", {
                "thread_model": "logistics.complaint", "thread_id": self.complaint_b.id,
                "post_data": {"body": "Spam", "message_type": "comment", "subtype_xmlid": "mail.mt_comment"}})
        self.complaint_b.invalidate_recordset()
        self.assertEqual(len(self.complaint_b.message_ids), before)

    # ---- the form
    def test_submit_complaint_with_attachment(self):
        self._login(self.portal_a)
        before = self._count()
        response = self._submit(
            {"problem_type": "damage", "subject": "Crushed", "shipment_ref": "WB-1",
             "description": "Two cartons crushed <script>alert('x')</script>",
             # the cause is the agent's finding: sent with the form, it is ignored
             "category": "supplier", "subcategory_id": str(self.sub_damage.id)},
            files=[("attachments", ("photo.png", PNG, "image/png"))])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._count(), before + 1)
        complaint = self.Complaint.sudo().search([("partner_id", "=", self.customer_a.id)], limit=1, order="id desc")
        self.assertEqual((complaint.channel, complaint.contact_id, complaint.problem_type, complaint.shipment_ref),
                         ("portal", self.portal_a.partner_id, "damage", "WB-1"))
        self.assertFalse(complaint.category or complaint.subcategory_id)
        self.assertEqual(complaint.attachment_count, 1)
        files = complaint.message_ids.filtered("attachment_ids")
        self.assertEqual(files.attachment_ids.mapped("name"), ["photo.png"])
        self.assertFalse(files.subtype_id.internal)  # shown to the customer in the portal chatter
        self.assertEqual(files.author_id, self.portal_a.partner_id)
        self.assertFalse(complaint.first_response_date)  # the customer's own message is no response
        self.assertNotIn("<script", complaint.description)
        self.assertIn(complaint.name, response.text)
        self.assertNotIn("<script>alert('x')</script>", response.text)
        self.assertTrue(self.env["mail.mail"].sudo().search([("model", "=", "logistics.complaint"),
                                                            ("res_id", "=", complaint.id)]))

    def test_bad_input_rerenders_form_and_stores_nothing(self):
        self._login(self.portal_a)
        before = self._count()
        cases = [
            ({"problem_type": "", "description": "x"}, "Choose what happened."),
            ({"problem_type": "operations", "description": "x"}, "Choose what happened."),  # a cause is no answer
            ({"problem_type": "late_delivery", "description": ""}, "Describe the problem."),
            ({"problem_type": "late_delivery", "description": "x" * 5001}, "The description is too long"),
            ({"problem_type": "late_delivery", "description": "x", "shipment_ref": "<b>"},
             "waybill / shipment reference"),
        ]
        for data, message in cases:
            response = self._submit(data)
            self.assertEqual(response.status_code, 400, data)
            self.assertIn(message, response.text, data)
            self.assertIn("o_complaint_form", response.text)
        self.assertEqual(self._count(), before)

    def test_disguised_and_oversized_files_refused(self):
        self._login(self.portal_a)
        before = self._count()
        for filename, content, message in (
                ("invoice.pdf", ELF, "the content of the file is not a .pdf file"),
                ("tool.exe", ELF, "this type of file is not accepted"),
                ("big.txt", b"a" * (5 * 1024 * 1024 + 1), "is too large"),
                ("empty.txt", b"", "is empty")):
            response = self._submit({"problem_type": "late_delivery", "description": "x"},
                                    files=[("attachments", (filename, content, "application/octet-stream"))])
            self.assertEqual(response.status_code, 400, filename)
            self.assertIn(message, response.text, filename)
        self.assertEqual(self._count(), before)

    def test_hole_nul_byte_in_a_file_name_gives_a_message_not_a_500(self):
        self._login(self.portal_a)
        before = self._count()
        # a raw multipart body: a client library would percent-encode the NUL byte
        boundary = "----complaintboundary"
        parts = [b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
                 % (boundary.encode(), name.encode(), value.encode())
                 for name, value in (("csrf_token", self._csrf()), ("problem_type", "late_delivery"),
                                     ("description", "x"))]
        parts.append(b'--%s\r\nContent-Disposition: form-data; name="attachments"; filename="photo\x00.png"\r\n'
                     b"Content-Type: image/png\r\n\r\n%s\r\n" % (boundary.encode(), PNG))
        body = b"".join(parts) + b"--%s--\r\n" % boundary.encode()
        response = self.url_open("/my/complaints/new", data=body,
                                 headers={"Content-Type": "multipart/form-data; boundary=%s" % boundary})
        self.assertEqual(response.status_code, 400)
        self.assertIn("the file name contains characters that are not allowed", response.text)
        self.assertEqual(self._count(), before)

    def test_genuine_files_accepted(self):
        self._login(self.portal_a)
        files = [("attachments", ("a.docx", ooxml("word/"), "application/octet-stream")),
                 ("attachments", ("b.xlsx", ooxml("xl/"), "application/octet-stream")),
                 ("attachments", ("c.txt", "运单 WB-1 延误".encode("gb18030"), "text/plain")),
                 ("attachments", ("d.png", PNG, "image/png")),
                 ("attachments", ("e.csv", b"a,b\n1,2\n", "text/csv"))]
        response = self._submit({"problem_type": "late_delivery", "description": "files"}, files=files)
        self.assertEqual(response.status_code, 200)
        complaint = self.Complaint.sudo().search([("partner_id", "=", self.customer_a.id)], limit=1, order="id desc")
        self.assertEqual(complaint.attachment_count, 5)

    def test_csrf_is_odoos(self):
        self._login(self.portal_a)
        before = self._count()
        for token in (None, "forged", "é投诉"):
            data = {"problem_type": "late_delivery", "description": "x"}
            if token:
                data["csrf_token"] = token
            response = self.url_open("/my/complaints/new", data=data)
            self.assertEqual(response.status_code, 400)
        self.assertEqual(self._count(), before)

    def test_script_in_fields_is_escaped_when_rerendered(self):
        self._login(self.portal_a)
        response = self._submit({"problem_type": "", "subject": "<script>alert('s')</script>",
                                 "description": "<img src=x onerror=alert(1)>"})
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("<script>alert('s')</script>", response.text)
        self.assertNotIn("<img src=x onerror", response.text)

    # ---- rating
    def test_rating_on_the_portal_once(self):
        workflow_to(self.complaint_a, "resolved", self.service_manager)
        self._login(self.portal_a)
        page = self.url_open("/my/complaints/%d" % self.complaint_a.id)
        self.assertIn("o_complaint_rate_form", page.text)
        csrf = CSRF.search(page.text).group(1)
        rated = self.url_open("/my/complaints/%d/rate" % self.complaint_a.id,
                              data={"csrf_token": csrf, "rating": "4", "comment": "Fine"})
        self.assertEqual(rated.status_code, 200)
        self.assertEqual((self.complaint_a.customer_rating, self.complaint_a.customer_rating_comment), ("4", "Fine"))
        again = self.url_open("/my/complaints/%d/rate" % self.complaint_a.id,
                              data={"csrf_token": csrf, "rating": "1", "comment": "Changed"})
        self.assertEqual(again.status_code, 400)
        self.complaint_a.invalidate_recordset()
        self.assertEqual(self.complaint_a.customer_rating, "4")

    def test_hole_anonymous_rating_link_does_not_change_a_rating(self):
        workflow_to(self.complaint_a, "resolved", self.service_manager)
        self.complaint_a.with_user(self.portal_a).action_rate(5, "Great")
        token = self.complaint_a.sudo()._rating_get_access_token(self.contact_a)
        # an anonymous visitor with a rating link: the page of the rating mails, then its form
        page = self.url_open("/rate/%s/1" % token)
        self.assertEqual(page.status_code, 200)
        response = self.url_open("/rate/%s/submit_feedback" % token, data={
            "rate": "1", "feedback": "rewritten", "csrf_token": CSRF.search(page.text).group(1)})
        self.assertEqual(response.status_code, 200)
        self.complaint_a.invalidate_recordset()
        self.assertEqual((self.complaint_a.customer_rating, self.complaint_a.customer_rating_comment),
                         ("5", "Great"))
        ratings = self.env["rating.rating"].search([("res_model", "=", "logistics.complaint"),
                                                    ("res_id", "=", self.complaint_a.id), ("consumed", "=", True)])
        self.assertEqual(ratings.mapped("rating"), [5.0])

    def test_hole_internal_fields_over_xmlrpc(self):
        self.complaint_a.write({"cause_analysis": "Driver slept", "department": "Depot 3"})
        base = "http://%s:%s" % (self.host if hasattr(self, "host") else "127.0.0.1", self.http_port())
        models = xmlrpc.client.ServerProxy(base + "/xmlrpc/2/object", allow_none=True)
        args = (self.env.cr.dbname, self.portal_a.id, PORTAL_PASSWORD, "logistics.complaint")
        rows = models.execute_kw(*args, "read", [[self.complaint_a.id]], {"fields": ["name", "subject"]})
        self.assertEqual(rows[0]["subject"], "A's late container")
        for name in ("cause_analysis", "department", "customer_tier", "compensation_amount"):
            with self.assertRaises(xmlrpc.client.Fault, msg=name):
                models.execute_kw(*args, "read", [[self.complaint_a.id]], {"fields": [name]})
        rows = models.execute_kw(*args, "search_read", [[("id", "=", self.complaint_a.id)]], {})
        self.assertNotIn("cause_analysis", rows[0])
        self.assertNotIn("Driver slept", str(rows))
