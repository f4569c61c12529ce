"""Fuzz of the suite's portal forms and routes (issue 14): over 1,000 hostile inputs.

Deterministic (``random.Random(SEED)``) and bounded in time. A logged-in portal contact
of customer A (tests/isolation_common.py) sends long strings (100k), unicode (RTL,
emoji, combining marks), NUL bytes, markup and script, wrong types (repeated fields,
JSON arrays and objects, non-numeric, negative and huge ids), odd and huge files (0
bytes, 21 MB, wrong extension or content, hostile names), forged or missing CSRF tokens
and wrong access tokens to: the complaint form, the rating form, the complaint,
statement and survey pages, the portal lists and their parameters, the rating links and
the portal chatter (/mail/message/post, /mail/chatter_fetch).

Asserted: no server error from the suite's code (Odoo's own 400/403/404 are fine; a JSON
error whose innermost frame is in the suite counts as one); nothing stored by a refused
request (rows counted before and after each); no markup rendered live: not in the
portal pages, the complaints' stored html and names, the chatter messages nor the mails
queued (``mail.mail.body_html``).
"""
import json
import logging
import random
import re
import time
from urllib.parse import urlencode

import lxml.html
from isolation_common import PORTAL_PASSWORD, WorldCase, portal_csrf
from lxml import etree

from odoo.tests.common import HttpCase, tagged

_logger = logging.getLogger(__name__)
SEED = 14
def live_markup(html):
    """The first element of ``html`` that would run markup a customer typed (all the hostile
    markup carries "zzlive"): a script, an event handler, a javascript: link, an iframe, svg,
    object or embed; None if there is none. Parsed, not grepped: escaped text is text.
    (Formatting kept by Odoo's sanitizer in a chatter message, as <b>, is not live.)"""
    if not html or "zzlive" not in html:
        return None
    try:
        root = lxml.html.fromstring("<div>%s</div>" % html if not html.lstrip()[:9].lower().startswith(
            ("<!doctype", "<html")) else html)
    except (etree.ParserError, ValueError):
        return None
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "script" and "zzlive" in (element.text or ""):
            return "<script>%s" % element.text[:40]
        if tag in ("iframe", "svg", "object", "embed") and "zzlive" in etree.tostring(element, encoding="unicode"):
            return "<%s>" % tag
        for name, value in element.attrib.items():
            if "zzlive" not in value:
                continue
            if name.lower().startswith("on") or value.strip().lower().startswith("javascript:"):
                return "<%s %s=%r>" % (tag, name, value[:40])
    return None


def any_tag_of_the_customer(html):
    """A tag the customer typed that survived as a tag (its attributes carry "zzlive")."""
    if not html or "zzlive" not in html:
        return None
    for element in lxml.html.fromstring("<div>%s</div>" % html).iter():
        if isinstance(element.tag, str) and any("zzlive" in value for value in element.attrib.values()):
            return "<%s %s>" % (element.tag, dict(element.attrib))
    return None


MARKUP = [
    "<script>zzlive()</script>", "\"><img src=x onerror=zzlive()>", "<b class=\"zzlive\">bold</b>",
    "<a href=\"javascript:zzlive()\">x</a>", "<svg onload=zzlive()>", "<iframe src=\"javascript:zzlive()\">",
    "</textarea><script>zzlive()</script>", "';zzlive();//", "{{ zzlive }}", "<t t-out=\"zzlive\"/>",
    "<ScRiPt>zzlive()</sCrIpT>", "<<script>zzlive()//<</script>", "<img src=\"x\" onerror=\"zzlive()\"/>",
]
TEXTS = [
    "", " ", "\t\n", "a" * 100000, "\x00", "abc\x00def", "\u202egnp.exe", "مرحبا بالعالم", "שלום",
    "😀" * 500, "e\u0301" * 3000, "Z̷̢̛a̸l̶g̵o̴", "\ufeffBOM", "\u200b\u200d", "%s%s%n%x", "' OR 1=1 --",
    "../../../../etc/passwd", "\r\nX-Injected: 1", "null", "true", "[]", "{}", "NaN", "-1", "0", "1e309",
    "99999999999999999999", "２３", "٣", "ﷺ" * 100, "客户投诉" * 2000, "x" * 201, "x" * 5001,
] + MARKUP
IDS = ["abc", "-1", "0", "1e3", "99999999999", str(2 ** 31), str(2 ** 63), "%00", "1%00", "%E2%80%AE1",
       "1.5", "0x10", "１２", "%20", "1;DROP", "[1]", "1/2"]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
PDF = b"%PDF-1.4\n%zz\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00"
HTML = b"<html><script>zzlive()</script></html>"


@tagged("post_install", "-at_install")
class TestFuzzPortal(WorldCase, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls.world.contacts["A"][0]
        # a resolved complaint of A not yet rated: the rating form has something to refuse or take
        complaint = cls.world.complaints["A"][0]
        complaint.action_acknowledge()
        complaint.action_investigate()
        complaint.action_submit_approval()
        complaint.with_user(cls.world.manager).action_approve()
        complaint.write({"resolution": "Done"})
        complaint.action_resolve()
        cls.env.flush_all()

    def setUp(self):
        super().setUp()
        self.rng = random.Random(SEED)
        self.inputs = 0
        self.failures = []
        self.odoo_errors = 0
        self.stored_from_refused = 0
        self.accepted = 0
        self._nul_path_status = None

    # ------------------------------------------------------------------ helpers
    def _text(self):
        rng = self.rng
        pick = rng.random()
        if pick < 0.6:
            return rng.choice(TEXTS)
        if pick < 0.85:
            return rng.choice(TEXTS)[:50] + rng.choice(MARKUP) + rng.choice(TEXTS)[:50]
        # random code points, surrogates left out (no HTTP client can send them)
        return "".join(chr(rng.choice([rng.randint(1, 0xD7FF), rng.randint(0xE000, 0x10FFFF)]))
                       for _i in range(rng.randint(1, 300)))

    def _counts(self):
        self.env.invalidate_all()
        env = self.env
        return (env["logistics.complaint"].sudo().search_count([]),
                env["ir.attachment"].sudo().search_count([("res_model", "=", "logistics.complaint")]),
                env["mail.message"].sudo().search_count([("model", "=", "logistics.complaint")]),
                env["rating.rating"].sudo().search_count([("consumed", "=", True)]),
                env["mail.mail"].sudo().search_count([]))

    def _check(self, label, response, before, suite=True, count=True):
        """One input: no server error, nothing stored if refused, no live markup shown.
        (``count``: False for the pages the test opens to look at what was accepted.)"""
        self.inputs += count
        status = response.status_code
        if status >= 500:
            if suite:
                self.failures.append("%s: server error %s" % (label, status))
            else:
                self.odoo_errors += 1
        if status >= 400 and self._counts() != before:
            self.stored_from_refused += 1
            self.failures.append("%s: refused (%s) but stored %s -> %s" % (label, status, before, self._counts()))
        live = live_markup(response.text)
        if live:
            self.failures.append("%s: live markup in the answer: %s" % (label, live))

    def _form(self):
        rng = self.rng
        kinds = ["late_pickup", "late_delivery", "damage", "loss", "documents", "billing", "attitude", "other"]
        short = rng.choice(MARKUP + ["مرحبا", "😀" * 20, "e\u0301" * 20, "\u202egnp.exe", "a\x00b", "客户投诉"])
        form = {
            "problem_type": rng.choice(kinds) if rng.random() < 0.85 else self._text(),
            "subject": self._text() if rng.random() < 0.4 else "Late truck " + short,
            "description": self._text() if rng.random() < 0.4 else "The pallet arrived late. " + short,
            "shipment_ref": rng.choice(["", "", "WB-2026/001", self._text()]),
            "subcategory_id": rng.choice(["", "", "", str(self.env.ref("logistics_complaints.sub_ops_late").id)] + IDS),
        }
        if rng.random() < 0.1:
            form["problem_type"] = [rng.choice(kinds), self._text()]  # a repeated field
        if rng.random() < 0.05:
            form["partner_id"] = str(self.world.customer["B"].id)  # a field the form does not have
        return form

    def _files(self):
        rng = self.rng
        if rng.random() < 0.6:
            return None
        names = ["a.png", "a.pdf", "a.txt", "a.exe", "a.png.exe", "\u202egnp.exe", "../../a.png", "a" * 300 + ".png",
                 "<script>zzlive()</script>.png", "a\x00.png", ".png", "空.pdf", "a.PNG", "a.docx"]
        contents = [b"", PNG, PDF, ELF, HTML, b"\x00" * 100, "客户".encode() * 50]
        files = []
        for _i in range(rng.choice([1, 1, 2, 6])):
            files.append(("attachments", (rng.choice(names), rng.choice(contents),
                                          rng.choice(["image/png", "application/pdf", "text/html",
                                                      "application/octet-stream", "x/y"]))))
        return files

    def _report(self, name, started):
        seconds = time.time() - started
        summary = ("fuzz %s: %d inputs in %.0f s, %d accepted, %d server errors of the suite, %d of Odoo's own routes, "
                   "%d stored from refused requests, %d failures"
                   % (name, self.inputs, seconds, self.accepted,
                      sum("server error" in failure for failure in self.failures), self.odoo_errors,
                      self.stored_from_refused, len(self.failures)))
        print(summary)
        _logger.info(summary)
        self.assertFalse(self.failures, "%s\n%s" % (summary, "\n".join(self.failures[:60])))

    # ------------------------------------------------------------------ the fuzz
    def test_fuzz_complaint_form_and_rating(self):
        started = time.time()
        self.authenticate(self.user.login, PORTAL_PASSWORD)
        csrf = portal_csrf(self)
        mail_floor = max(self.env["mail.mail"].sudo().search([], order="id desc", limit=1).ids or [0])
        message_floor = max(self.env["mail.message"].sudo().search([], order="id desc", limit=1).ids or [0])
        complaint_floor = max(self.env["logistics.complaint"].sudo().search([], order="id desc", limit=1).ids or [0])
        # the complaint form: hostile fields and files
        for index in range(360):
            form, files = self._form(), self._files()
            token = csrf
            if index % 40 == 39:  # every 40th: a forged token
                token = self.rng.choice(["", "x" * 40, csrf[:-1] + "0", csrf + "\x00", "😀"])  # forged
            before = self._counts()
            response = self.url_open("/my/complaints/new", data=dict(form, csrf_token=token), files=files,
                                     allow_redirects=False)
            self._check("form#%d" % index, response, before)
            if token != csrf and response.status_code < 400:
                self.failures.append("form#%d: a forged CSRF token was accepted" % index)
            if response.status_code in (301, 302, 303):
                self.accepted += 1
                location = response.headers["Location"]
                if "zzlive" in json.dumps(form):
                    page = self.url_open(location)
                    self._check("form#%d page" % index, page, self._counts(), count=False)
        # two huge files (21 MB): refused with a message, nothing stored
        for name in ("big.pdf", "big.png"):
            before = self._counts()
            response = self.url_open("/my/complaints/new", data={
                "csrf_token": csrf, "problem_type": "late_delivery", "description": "Big file"},
                files=[("attachments", (name, PDF + b"\x00" * (21 * 2 ** 20), "application/pdf"))])
            # our form's message (400), or Odoo's own refusal of a form part over 10 MB in memory
            self._check("huge file " + name, response, before)
            if not 400 <= response.status_code < 500:
                self.failures.append("huge file %s: answered %s" % (name, response.status_code))
        # the rating form of the resolved complaint (and of the other customer's, and an open one)
        resolved = self.world.complaints["A"][0]
        targets = [resolved.id, self.world.complaints["B"][1].id, self.world.complaints["A"][1].id]
        for index in range(120):
            rating = self.rng.choice(["0", "6", "-1", "1e9", "", "abc", "3.5", "５", "٣", "4\x00", "1 OR 1=1",
                                      "<script>zzlive()</script>", "9" * 40] + ["1", "5"] * (index == 119))
            data = {"csrf_token": csrf, "rating": rating, "comment": self._text()}
            if self.rng.random() < 0.1:
                data["rating"] = [rating, "5"]
            before = self._counts()
            target = targets[index % 3]
            response = self.url_open("/my/complaints/%d/rate" % target, data=data)
            self._check("rate#%d" % index, response, before)
        # the lists that show the subjects and names of what was accepted
        for url in ("/my/complaints", "/my/complaints?sortby=name", "/my/complaints/page/2", "/my/home"):
            self._check("list " + url, self.url_open(url), self._counts(), count=False)
        # a valid rating with markup in the comment: stored escaped
        before = self._counts()
        response = self.url_open("/my/complaints/%d/rate" % resolved.id, data={
            "csrf_token": csrf, "rating": "4", "comment": "<script>zzlive()</script> fine"})
        self._check("rate valid", response, before)
        resolved.invalidate_recordset()
        self.assertEqual(resolved.customer_rating, "4")
        # nothing live anywhere in the backend: complaints, messages, mails created meanwhile
        self._check_backend(complaint_floor, message_floor, mail_floor)
        self.assertGreater(self.accepted, 15, "the fuzz should also create complaints")
        self.assertGreaterEqual(self.inputs, 480)  # with the other test: over 1,000
        self._report("complaint form and rating", started)

    def _check_backend(self, complaint_floor, message_floor, mail_floor):
        env = self.env
        env.invalidate_all()
        complaints = env["logistics.complaint"].sudo().search([("id", ">", complaint_floor)])
        # html fields sanitized (text fields as subject and display_name are text: the pages and
        # mails that show them are checked above and below)
        # what the form created is the contact's company's, whatever the request said (partner_id)
        strangers = complaints.filtered(lambda c: c.partner_id != self.world.customer["A"])
        if strangers:
            self.failures.append("complaints created for another customer: %s" % strangers.mapped("partner_id.name"))
        for complaint in complaints:
            description = str(complaint.description or "")
            match = live_markup(description) or any_tag_of_the_customer(description)
            if match:  # the form's description is text: not even formatting survives
                self.failures.append("complaint %s: live markup stored: %s" % (complaint.id, match))
        for message in env["mail.message"].sudo().search([("id", ">", message_floor)]):
            match = live_markup(str(message.body or "")) or live_markup(message.subject or "")
            if match:
                self.failures.append("message %s: live markup: %s" % (message.id, match))
        for mail in env["mail.mail"].sudo().search([("id", ">", mail_floor)]):
            match = live_markup(str(mail.body_html or "")) or live_markup(mail.subject or "")
            if match:
                self.failures.append("mail %s: live markup: %s" % (mail.id, match))

    def test_fuzz_pages_tokens_and_chatter(self):
        started = time.time()
        world = self.world
        complaint = world.complaints["A"][1]
        statement = world.statements["A"]["sent"]
        other_statement = world.statements["B"]["sent"]
        tokens = ["", "x", "a" * 10000, "\x00", "%00", "令牌", "é" * 36, complaint.access_token[:-1] + "é",
                  complaint.access_token.upper(), " " + complaint.access_token, "<script>zzlive()</script>",
                  world.complaints["B"][0].access_token, other_statement.access_token, "[]", "{}", "null"]
        for logged_in in (True, False):
            if logged_in:
                self.authenticate(self.user.login, PORTAL_PASSWORD)
            else:
                self.authenticate(None, None)
            # pages by id and token
            for _i in range(45):
                ident = self.rng.choice(IDS + [str(complaint.id), str(statement.id)])
                token = self.rng.choice(tokens)
                for url in ("/my/complaints/%s" % ident, "/my/statements/%s/pdf" % ident):
                    before = self._counts()
                    response = self.url_open("%s?%s" % (url, urlencode({"access_token": token})))
                    self._check("%s token=%r" % (url, token[:20]), response, before, suite=self._suite_path(url))
            # list parameters
            for _i in range(20):
                params = {"sortby": self._text()[:2000], "filterby": self._text()[:2000]}
                page = self.rng.choice(IDS + ["2", "1"])
                for url in ("/my/complaints", "/my/complaints/page/%s" % page, "/my/statements/page/%s" % page,
                            "/my/surveys", "/my/home"):
                    before = self._counts()
                    response = self.url_open("%s?%s" % (url, urlencode(params)))
                    self._check("%s %r" % (url, str(params)[:40]), response, before, suite=self._suite_path(url))
            # the rating links (Odoo's routes): wrong tokens and values
            for _i in range(15):
                token = self.rng.choice(tokens + [world.ratings["B"][:1].access_token or "x"])
                before = self._counts()
                response = self.url_open("/rate/%s/%s" % (token.replace("/", "") or "x", self.rng.choice(IDS + ["5"])))
                self._check("/rate/%r" % token[:20], response, before, suite=False)
        # the portal chatter of the contact's own complaint and of others: wrong types, markup
        self.authenticate(self.user.login, PORTAL_PASSWORD)
        message_floor = max(self.env["mail.message"].sudo().search([], order="id desc", limit=1).ids or [0])
        thread_ids = [complaint.id, str(complaint.id), "abc", -1, 2 ** 40, [complaint.id], {"id": 1}, None, 1.5,
                      world.complaints["B"][0].id]
        for _i in range(130):
            thread_id = self.rng.choice(thread_ids)
            body = self.rng.choice(MARKUP + [self._text()[:5000], ["a"], {"b": 1}, 7, None])
            params = {"thread_model": "logistics.complaint", "thread_id": thread_id,
                      "post_data": {"body": body, "message_type": "comment", "subtype_xmlid": "mail.mt_comment"}}
            if self.rng.random() < 0.2:
                params["post_data"] = self.rng.choice([[], "x", None, {"body": body, "author_id": 1,
                                                                        "subtype_xmlid": "mail.mt_note"}])
            if self.rng.random() < 0.2:
                params["token"] = self.rng.choice(tokens)
            route = self.rng.choice(["/mail/message/post", "/mail/message/post", "/mail/chatter_fetch"])
            before = self._counts()
            response = self.url_open(route, data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1,
                                                             "params": params}),
                                     headers={"Content-Type": "application/json"})
            self._check_json("%s %r" % (route, str(params)[:60]), response, before)
        # messages the contact posted: sanitized, nothing live; none on the other customer's complaint
        self._check_backend(10 ** 9, message_floor, 10 ** 9)
        posted = self.env["mail.message"].sudo().search([("id", ">", message_floor)])
        self.assertFalse(posted.filtered(lambda m: m.res_id != complaint.id),
                         "a post landed on another record: %s" % posted.mapped("res_id"))
        self.assertFalse(posted.filtered(lambda m: m.subtype_id == self.env.ref("mail.mt_note")),
                         "a customer posted an internal note")
        self.assertGreaterEqual(self.inputs, 520)
        self._report("pages, tokens and chatter", started)

    def _suite_path(self, url):
        """Whether a server error on ``url`` comes from the suite. A path with a NUL byte matches
        no route: Odoo 18 then looks for an attachment of that URL and PostgreSQL refuses the
        NUL (a 500 for any such path, e.g. /zz%00, checked here): Odoo's own."""
        if "%00" not in url:
            return True
        if self._nul_path_status is None:
            self._nul_path_status = self.url_open("/zz%00").status_code
        return self._nul_path_status < 500

    def _check_json(self, label, response, before):
        """A JSON-RPC answer: an error raised in the suite's own code is a server error of the suite."""
        self.inputs += 1
        if response.status_code >= 500:
            self.failures.append("%s: HTTP %s" % (label, response.status_code))
        try:
            error = response.json().get("error")
        except ValueError:
            error = None
        if error:
            data = error.get("data") or {}
            frames = re.findall(r'File "([^"]+)"', data.get("debug") or "")
            refusal = data.get("name", "").split(".")[-1] in (
                "AccessError", "MissingError", "UserError", "ValidationError", "NotFound", "Forbidden", "BadRequest")
            if frames and "/addons/logistics_" in frames[-1] and not refusal:
                self.failures.append("%s: server error in the suite: %s" % (label, data.get("name")))
            elif not refusal:
                self.odoo_errors += 1
            if self._counts() != before:
                self.stored_from_refused += 1
                self.failures.append("%s: refused but stored" % label)
        live = live_markup(response.text)
        if live:
            self.failures.append("%s: live markup in the answer: %s" % (label, live))
