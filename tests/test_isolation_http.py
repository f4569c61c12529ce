"""Isolation matrix over HTTP: every portal route of the suite, Odoo's /mail/*, /rate/*,
/report/*, /web/content, /web/image, JSON-RPC /web/dataset/call_kw and XML-RPC, as each
of the four logged-in portal contacts of tests/isolation_common.py, against the other
customer's ids and tokens and against its own customer's internal-only records.

A case leaks when a response succeeds for a record the contact may not reach, carries a
marker text of the other customer (or an internal marker of its own customer), or
changes data (a message, rating, attachment or follower stored). Every case has a
label; the test prints how many cases it tried and fails listing the leaks.
"""
import json
import logging
import xmlrpc.client

from isolation_common import (
    COMPANIES,
    PORTAL_PASSWORD,
    WorldCase,
    internal_markers,
    leaks_in,
    other,
    portal_csrf,
    public_markers,
)

from odoo.tests.common import HttpCase, tagged

_logger = logging.getLogger(__name__)
# what a refusal of access looks like in a JSON-RPC error reply
ACCESS_REFUSALS = ("odoo.exceptions.AccessError", "odoo.exceptions.MissingError", "werkzeug.exceptions.NotFound",
                   "werkzeug.exceptions.Forbidden")
STATEMENT_REPORT = "logistics_kpi.report_customer_statement"
PERIOD_REPORT = "logistics_kpi.report_kpi_period"


def returned_ids(result):
    """What a JSON-RPC result gives away: record ids, non-zero counts, a message, True."""
    if result is True:
        return {"True"}
    if isinstance(result, dict):
        if "records" in result:
            return {row.get("id") for row in result["records"]}
        if "mail.message" in result:
            return {row.get("id") for row in result["mail.message"]}
        return {"dict"} if result else set()
    found = set()
    for row in result if isinstance(result, list) else [result]:
        if isinstance(row, dict):
            if row.get("id"):
                found.add(row["id"])
            if row.get("__count"):
                found.add("count=%s" % row["__count"])
        elif row:
            found.add(repr(row))
    return found


@tagged("post_install", "-at_install")
class TestIsolationHttp(WorldCase, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.period_wizard = cls.env["logistics.kpi.period.wizard"].with_user(cls.world.manager).create(
            {"partner_id": cls.world.customer["B"].id})
        cls.env.flush_all()

    def setUp(self):
        super().setUp()
        self.cases = 0
        self.leaks = []

    # ------------------------------------------------------------------ helpers
    def _forbidden_texts(self, key):
        return public_markers(other(key)) + internal_markers(other(key)) + internal_markers(key)

    def _get(self, label, url, key, allowed=(403, 404), data=None, files=None):
        """A request that must be refused (status in ``allowed``) and show nothing."""
        self.cases += 1
        # redirects followed: Odoo puts the language in the URL (/en/...); a login page is a refusal
        response = self.url_open(url, data=data, files=files)
        status = response.status_code
        placeholder = url.startswith("/web/image") and response.headers.get("Content-Type", "").startswith("image/")
        if status not in allowed and "/web/login" not in response.url and not placeholder:
            self.leaks.append("%s: %s answered %s" % (label, url, status))
        found = leaks_in(response.content, self._forbidden_texts(key))
        if found:
            self.leaks.append("%s: %s shows %s" % (label, url, found))
        if status >= 500:
            self.leaks.append("%s: %s server error %s" % (label, url, status))
        return response

    def _page(self, label, url, key, must_show=()):
        """A page the contact may open: 200, nothing forbidden in it, ``must_show`` shown."""
        self.cases += 1
        response = self.url_open(url)
        if response.status_code != 200:
            self.leaks.append("%s: %s answered %s (expected 200)" % (label, url, response.status_code))
        found = leaks_in(response.content, self._forbidden_texts(key))
        if found:
            self.leaks.append("%s: %s shows %s" % (label, url, found))
        missing = [text for text in must_show if text not in response.text]
        # not a leak, but the case would prove nothing: fail loudly
        self.assertFalse(missing, "%s: %s does not show %s" % (label, url, missing))
        return response

    def _json(self, label, url, params, key, must_fail=True):
        """A JSON-RPC call: refused (an access refusal, or an empty answer) and shows nothing.
        Odoo answers JSON-RPC errors with HTTP 200 and the exception's name: only an access
        refusal counts as one (a TypeError, an expired session or a 404 of a mistyped route
        would prove nothing)."""
        self.cases += 1
        response = self.url_open(url, data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1,
                                                       "params": params}),
                                 headers={"Content-Type": "application/json"})
        found = leaks_in(response.content, self._forbidden_texts(key))
        if found:
            self.leaks.append("%s: %s shows %s" % (label, url, found))
        if response.status_code != 200:
            self.leaks.append("%s: %s answered HTTP %s, not a JSON-RPC reply" % (label, url, response.status_code))
            return {}
        body = response.json()
        if "error" in body:
            name = body["error"].get("data", {}).get("name")
            if name not in ACCESS_REFUSALS:
                self.leaks.append("%s: %s failed with %s, not an access refusal: %s" % (
                    label, url, name, body["error"].get("data", {}).get("message", "")[:200]))
            return body
        result = body.get("result")
        if must_fail and result and returned_ids(result):
            self.leaks.append("%s: %s answered %s" % (label, url, str(result)[:300]))
        return body

    def _json_allowed(self, label, url, params, check):
        """A JSON-RPC call the user may make: it must succeed and ``check(result)`` hold (so a
        broken login or route cannot pass the refusals above)."""
        self.cases += 1
        body = self.url_open(url, data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}),
                             headers={"Content-Type": "application/json"}).json()
        self.assertNotIn("error", body, "%s: %s" % (label, body))
        self.assertTrue(check(body["result"]), "%s: %s" % (label, body["result"]))

    def _check_unchanged(self, before):
        """One case: the refused requests changed no data."""
        after = self._counts()
        self.cases += 1
        if after != before:
            self.leaks.append("data changed by refused requests: %s -> %s" % (before, after))

    def _counts(self):
        env = self.env
        env.invalidate_all()
        return (env["mail.message"].sudo().search_count([("model", "=", "logistics.complaint")]),
                env["ir.attachment"].sudo().search_count([]),
                env["mail.followers"].sudo().search_count([("res_model", "=", "logistics.complaint")]),
                env["rating.rating"].sudo().search_count([("consumed", "=", True)]),
                env["survey.user_input"].sudo().search_count([]),
                env["logistics.complaint"].sudo().search_count([]))

    def _report(self, name, minimum):
        """The figures of a matrix; it fails on a leak, and when it tried fewer cases than
        ``minimum`` (a matrix that shrinks silently proves less than it says)."""
        self.assertGreaterEqual(self.cases, minimum, "%s: %d cases, fewer than %d" % (name, self.cases, minimum))
        _logger.info("isolation matrix %s: %d cases, %d leaks", name, self.cases, len(self.leaks))
        print("isolation matrix %s: %d cases tried, %d leaks" % (name, self.cases, len(self.leaks)))
        self.assertFalse(self.leaks, "%d leaks of %d cases:\n%s" % (len(self.leaks), self.cases, "\n".join(self.leaks)))

    # ------------------------------------------------------------------ the matrix
    def test_portal_routes_of_the_suite(self):
        world = self.world
        before = self._counts()
        for key in COMPANIES:
            for user in world.contacts[key]:
                self.authenticate(user.login, PORTAL_PASSWORD)
                self._own_pages(user.login, key)
                csrf = portal_csrf(self)
                self._other_complaints(user.login, key, csrf)
                self._other_documents(user.login, key)
                self._other_attachments(user.login, key)
                # the rating links (anonymous tokens) of the other customer change nothing
                for rating in world.ratings[other(key)]:
                    self.cases += 1
                    self.url_open("/rate/%s/5" % rating.access_token)
                    self.url_open("/rate/%s/submit_feedback" % rating.access_token,
                                  data={"rate": "5", "feedback": "ZZHACK", "csrf_token": csrf})
                self.authenticate(None, None)
        self._check_unchanged(before)
        for key in COMPANIES:
            for complaint in world.complaints[key]:
                complaint.invalidate_recordset()
                self.cases += 1
                if "ZZHACK" in str(complaint.customer_rating_comment) or complaint.customer_rating not in (False, "2"):
                    self.leaks.append("rating of %s changed: %s" % (complaint.name, complaint.customer_rating))
        self._report("portal routes", 325)

    def _own_pages(self, who, key):
        """The company's complaints (colleagues' too), sent statements, open invitations, review
        packs; nothing of the other customer, no internal text."""
        world = self.world
        self._page(who + " list", "/my/complaints", key, must_show=["ZZSUBJ1" + key, "ZZSUBJ2" + key])
        self._page(who + " list all", "/my/complaints?filterby=all&sortby=name", key)
        self._page(who + " list resolved", "/my/complaints?filterby=resolved", key)
        self._page(who + " list page 2", "/my/complaints/page/2", key)
        self._page(who + " home", "/my/home", key)
        self._page(who + " statements", "/my/statements", key)
        # the company's open invitations, a colleague's too (contact 1's, seen by both)
        self._page(who + " surveys", "/my/surveys", key, must_show=["/my/surveys/%d/answer" % world.invitations[key][0].id])
        self._page(who + " new complaint", "/my/complaints/new", key)
        if world.reviews[key]:
            self._page(who + " reviews", "/my/reviews", key)
        for complaint in world.complaints[key]:
            self._page(who + " own complaint", "/my/complaints/%d" % complaint.id, key, must_show=[complaint.subject])
        surveys = self.url_open("/my/surveys").text
        self.cases += 1
        for invitation in world.invitations[other(key)]:
            if invitation.access_token in surveys or "/my/surveys/%d/answer" % invitation.id in surveys:
                self.leaks.append("%s /my/surveys: %s's invitation" % (who, other(key)))
            # and its answer link refused (it hands nobody the other's invitation)
            self._get(who + " other survey answer", "/my/surveys/%d/answer" % invitation.id, key)

    def _other_complaints(self, who, key, csrf):
        """The other customer's complaints, with and without their tokens."""
        for complaint in self.world.complaints[other(key)]:
            base = "/my/complaints/%d" % complaint.id
            token = "?access_token=" + complaint.access_token
            self._get(who + " other complaint", base, key)
            self._get(who + " other complaint+token", base + token, key)
            rate = {"csrf_token": csrf, "rating": "5", "comment": "ZZHACK"}
            self._get(who + " other complaint rate", base + "/rate", key, data=rate)
            self._get(who + " other complaint rate+token", base + "/rate" + token, key, data=rate)

    def _other_documents(self, who, key):
        """Statements and review packs: the other's (draft and sent, with and without token), its
        own drafts; the suite's reports by id."""
        world, o = self.world, other(key)
        targets = [("other " + state, statement) for state, statement in world.statements[o].items()]
        targets.append(("own draft", world.statements[key]["draft"]))
        for label, statement in targets:
            base = "/my/statements/%d/pdf" % statement.id
            self._get("%s statement %s" % (who, label), base, key)
            self._get("%s statement %s+token" % (who, label), base + "?access_token=" + statement.access_token, key)
            for converter in ("html", "pdf", "text"):
                self._get("%s /report/%s %s" % (who, converter, label),
                          "/report/%s/%s/%d" % (converter, STATEMENT_REPORT, statement.id), key,
                          allowed=(403, 404, 400))
        # the quarterly report of a Service Manager's wizard (an empty report without one)
        self._get(who + " period report", "/report/html/%s/%d" % (PERIOD_REPORT, self.period_wizard.id), key,
                  allowed=(403, 404, 400))
        self._get(who + " period report (no document)", "/report/html/%s" % PERIOD_REPORT, key,
                  allowed=(200, 403, 404, 400))
        # business review packs (logistics_service_agreement, when installed)
        reviews = [("other " + state, review) for state, review in world.reviews[o].items()]
        reviews += [("own draft", review) for state, review in world.reviews[key].items() if state == "draft"]
        for label, review in reviews:
            for url in ("/my/reviews/%d" % review.id, "/my/reviews/%d/pdf" % review.id):
                self._get("%s review %s" % (who, label), url, key)
                self._get("%s review %s+token" % (who, label), url + "?access_token=" + review.access_token, key)

    def _other_attachments(self, who, key):
        """The other's attachments (statement and review PDFs, files of the conversation) and its
        own drafts' PDFs."""
        world = self.world
        files = [("other " + label, attachment) for label, attachment in world.attachments[other(key)].items()]
        files += [("own " + label, world.attachments[key][label])
                  for label in ("draft_pdf", "review_draft_pdf") if label in world.attachments[key]]
        for label, attachment in files:
            for route in ("/web/content/%d", "/web/content/%d?download=true", "/web/image/%d"):
                self._get("%s %s %s" % (who, route, label), route % attachment.id, key)
            self._get("%s /web/content by field %s" % (who, label),
                      "/web/content/ir.attachment/%d/datas" % attachment.id, key)

    def test_mail_routes(self):
        world = self.world
        before = self._counts()
        for key in COMPANIES:
            o = other(key)
            for user in world.contacts[key]:
                self.authenticate(user.login, PORTAL_PASSWORD)
                who = user.login
                csrf = portal_csrf(self)
                for complaint in world.complaints[o]:
                    for token in (None, complaint.access_token):
                        extra = {"token": token} if token else {}
                        tag = "%s %s%s" % (who, complaint.name, " +token" if token else "")
                        thread = {"thread_model": "logistics.complaint", "thread_id": complaint.id}
                        body = self._json(tag + " thread/data", "/mail/thread/data", dict(
                            thread, request_list=["followers", "attachments", "suggestedRecipients", "activities"],
                            **extra), key, must_fail=False)
                        self.cases += 1
                        if 'hasReadAccess": true' in json.dumps(body):
                            self.leaks.append(tag + " thread/data: read access")
                        self._json(tag + " thread/messages", "/mail/thread/messages", dict(thread, **extra), key,
                                   must_fail=False)
                        self._json(tag + " chatter_fetch", "/mail/chatter_fetch", dict(thread, **extra), key,
                                   must_fail=False)
                        self._json(tag + " chatter_init", "/portal/chatter_init", dict(thread, **extra), key,
                                   must_fail=False)
                        self._json(tag + " message/post", "/mail/message/post", dict(
                            thread, post_data={"body": "ZZHACK", "message_type": "comment",
                                               "subtype_xmlid": "mail.mt_comment"}, **extra), key)
                        self._get(tag + " attachment/upload", "/mail/attachment/upload", key, allowed=(403, 404, 400),
                                  data=dict(thread, csrf_token=csrf, **extra),
                                  files={"ufile": ("zzhack.txt", b"ZZHACK", "text/plain")})
                    follower = world.env["mail.followers"].sudo().search(
                        [("res_model", "=", "logistics.complaint"), ("res_id", "=", complaint.id)], limit=1)
                    self._json("%s read_subscription_data %s" % (who, complaint.name), "/mail/read_subscription_data",
                               {"follower_id": follower.id}, key)
                # own complaints: no internal note, no internal field over the mail routes
                for complaint in world.complaints[key]:
                    thread = {"thread_model": "logistics.complaint", "thread_id": complaint.id}
                    tag = "%s own %s" % (who, complaint.name)
                    self._json(tag + " thread/messages", "/mail/thread/messages", thread, key, must_fail=False)
                    self._json(tag + " chatter_fetch", "/mail/chatter_fetch", thread, key, must_fail=False)
                    self._json(tag + " thread/data", "/mail/thread/data", dict(
                        thread, request_list=["followers", "attachments", "suggestedRecipients", "activities"]), key,
                        must_fail=False)
                self.authenticate(None, None)
        self._check_unchanged(before)
        self._report("mail routes", 145)

    def test_rpc_over_http(self):
        """A sample over real JSON-RPC (/web/dataset/call_kw) and XML-RPC."""
        world = self.world
        before = self._counts()
        base = "http://127.0.0.1:%s" % self.http_port()
        for key in COMPANIES:
            o = other(key)
            targets = world.records(o)
            calls = []
            for label in ("complaint", "statement_sent", "statement_draft", "shipment", "invitation", "customer",
                          "plan", "visit", "tier_history", "rating", "message", "attachment", "kpi_row"):
                records = targets[label]
                calls.append((label, records._name, "read", [records.ids, ["display_name"]], {}))
                calls.append((label, records._name, "search_read", [[("id", "in", records.ids)], ["display_name"]], {}))
                calls.append((label, records._name, "web_search_read",
                              [[("id", "in", records.ids)], {"display_name": {}}], {}))
                calls.append((label, records._name, "read_group",
                              [[("id", "in", records.ids)], ["__count"], []], {"lazy": False}))
            calls.append(("complaint", "logistics.complaint", "write",
                          [targets["complaint"].ids, {"subject": "ZZHACK"}], {}))
            calls.append(("customer", "res.partner", "read",
                          [world.customer[key].ids, ["customer_tier", "account_manager_id", "credit_rating"]], {}))
            calls.append(("complaint", "logistics.complaint", "read",
                          [world.complaints[key].ids, ["cause_analysis", "compensation_amount"]], {}))
            own = world.complaints[key]
            for user in world.contacts[key]:
                self.authenticate(user.login, PORTAL_PASSWORD)
                self._json_allowed("%s call_kw own complaints" % user.login, "/web/dataset/call_kw", {
                    "model": "logistics.complaint", "method": "read", "args": [own.ids, ["subject"]], "kwargs": {}},
                    lambda rows, own=own: {row["subject"] for row in rows} == set(own.mapped("subject")))
                self.cases += 1
                rows = xmlrpc.client.ServerProxy(base + "/xmlrpc/2/object", allow_none=True).execute_kw(
                    self.env.cr.dbname, user.id, PORTAL_PASSWORD, "logistics.complaint", "search_read",
                    [[("id", "in", own.ids)], ["subject"]], {})
                self.assertEqual({row["subject"] for row in rows}, set(own.mapped("subject")), user.login)
                for label, model, method, args, kwargs in calls:
                    self._json("%s call_kw %s.%s %s" % (user.login, model, method, label), "/web/dataset/call_kw",
                               {"model": model, "method": method, "args": args, "kwargs": kwargs}, key)
                # following the other's complaint: refused (a follower would get its messages)
                self._json("%s call_kw message_subscribe" % user.login, "/web/dataset/call_kw", {
                    "model": "logistics.complaint", "method": "message_subscribe",
                    "args": [targets["complaint"].ids], "kwargs": {"partner_ids": user.partner_id.ids}}, key,
                    must_fail=False)
                self.cases += 1
                if self.env["mail.followers"].sudo().search_count([
                        ("res_model", "=", "logistics.complaint"), ("res_id", "in", targets["complaint"].ids),
                        ("partner_id", "=", user.partner_id.id)]):
                    self.leaks.append("%s message_subscribe over call_kw: follower added" % user.login)
                self.authenticate(None, None)
                proxy = xmlrpc.client.ServerProxy(base + "/xmlrpc/2/object", allow_none=True)
                for label, model, method, args, kwargs in calls:
                    if method == "web_search_read" or label == "kpi_row":
                        continue  # KPI rows have ids beyond XML-RPC's integers
                    self.cases += 1
                    tag = "%s xmlrpc %s.%s %s" % (user.login, model, method, label)
                    try:
                        result = proxy.execute_kw(self.env.cr.dbname, user.id, PORTAL_PASSWORD, model, method,
                                                  args, kwargs)
                    except xmlrpc.client.Fault as fault:
                        # 4: AccessError; a MissingError is a UserError (2) named in the fault;
                        # 3 (a failed login) or any other error would prove nothing
                        if not (fault.faultCode == 4 or (fault.faultCode == 2 and "MissingError" in fault.faultString)):
                            self.leaks.append("%s: fault %s, not an access refusal: %s" % (
                                tag, fault.faultCode, fault.faultString[-300:]))
                        continue
                    found = leaks_in(repr(result), self._forbidden_texts(key))
                    if found:
                        self.leaks.append("%s: shows %s" % (tag, found))
                    ids = set()
                    for row in result if isinstance(result, list) else []:
                        if isinstance(row, dict):
                            ids.add(row.get("id"))
                            if row.get("__count"):
                                ids.add("count")
                    if ids - {None}:
                        self.leaks.append("%s: returned %s" % (tag, result))
        self._check_unchanged(before)
        self._report("rpc over http", 393)
