"""Read-only where it is read-only: the suite's portal pages and PDF downloads are declared
read-only the Odoo 18 way (``readonly=True`` on the route), so that a deployment with
``db_replica_host`` serves them from the PostgreSQL replica; and they write nothing.

Odoo runs a read-only route on a read-only cursor; in test mode that cursor is the test
transaction switched to ``SET TRANSACTION READ ONLY``. A write there fails and Odoo retries
the request on a read/write cursor, logging a warning ("... retrying with a read/write
cursor"): each route below is requested as a customer (and, for the token links, as a
visitor with the token) and must answer without that warning.
"""
import logging
import re
import threading
from unittest.mock import patch

from isolation_common import PORTAL_PASSWORD, WorldCase

from odoo.tests.common import HttpCase, tagged

from odoo.addons.logistics_complaints.controllers.main import ComplaintPortal
from odoo.addons.logistics_crm.controllers.portal_base import read_only_unless_just_wrote

# the routes the suite declares read-only (path templates as in the controllers)
READONLY_ROUTES = (
    "/my/complaints",
    "/my/complaints/page/<int:page>",
    "/my/complaints/<int:complaint_id>",
    "/my/complaints/new",
    "/my/statements",
    "/my/statements/page/<int:page>",
    "/my/statements/<int:statement_id>/pdf",
    "/my/surveys",
    "/my/reviews",
    "/my/reviews/page/<int:page>",
    "/my/reviews/<int:review_id>",
    "/my/reviews/<int:review_id>/pdf",
)
# read-only unless the visitor just wrote (read-your-writes: a complaint he just submitted)
READ_YOUR_WRITES_ROUTES = ("/my/complaints", "/my/complaints/page/<int:page>", "/my/complaints/<int:complaint_id>")
# the routes that write (a submitted complaint, a rating, an answer started): never read-only
WRITING_ROUTES = ("/my/complaints/<int:complaint_id>/rate", "/my/surveys/<int:input_id>/answer")


class RetryWatcher(logging.Handler):
    """Collects Odoo's "retrying with a read/write cursor" warnings."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.retries = []

    def emit(self, record):
        if "read/write cursor" in record.getMessage():
            self.retries.append(record.getMessage())


@tagged("post_install", "-at_install")
class TestReadonlyRoutes(WorldCase, HttpCase):

    def _routing(self):
        """{path template: [(methods, routing)]} of the suite's portal routes, from Odoo's
        routing map (a path can have a GET and a POST endpoint)."""
        thread = threading.current_thread()
        thread.dbname = self.env.cr.dbname  # as in a request: the routing map of this database
        try:
            rules = list(self.env["ir.http"].routing_map().iter_rules())
        finally:
            del thread.dbname
        routes = {}
        for rule in rules:
            if rule.rule in READONLY_ROUTES + WRITING_ROUTES:
                routes.setdefault(rule.rule, []).append((set(rule.methods or ()), rule.endpoint.routing))
        return routes

    def test_declared_read_only_and_writing_ones_are_not(self):
        routing = self._routing()
        self.assertEqual(set(routing), set(READONLY_ROUTES + WRITING_ROUTES))
        for path in READONLY_ROUTES:
            for methods, route in routing[path]:
                if "POST" in methods and "GET" not in methods:
                    continue  # the complaint form's POST: the same path, and it writes
                readonly = route.get("readonly")
                if path in READ_YOUR_WRITES_ROUTES:
                    self.assertIs(readonly, read_only_unless_just_wrote, path)
                else:
                    self.assertIs(readonly, True, "%s %s is not read-only" % (methods, path))
        for path in WRITING_ROUTES:
            for methods, route in routing[path]:
                self.assertFalse(route.get("readonly"), "%s %s writes: it cannot be read-only" % (methods, path))

    def test_a_write_on_a_read_only_route_is_seen(self):
        """What the tests below rely on: a route declared read-only that writes is caught (its
        write fails on the read-only transaction, Odoo retries and warns)."""
        Statement = type(self.env["logistics.customer.statement"])
        original = Statement._get_report_base_filename

        def writing_filename(statement):
            statement.env.cr.execute("UPDATE res_partner SET write_date = now() WHERE id = %s",
                                     [statement.partner_id.id])
            return original(statement)

        statement = self.world.statements["A"]["sent"]
        self.authenticate(self.world.contacts["A"][0].login, PORTAL_PASSWORD)
        with patch.object(Statement, "_get_report_base_filename", writing_filename):
            with self.assertRaisesRegex(AssertionError, "wrote on its read-only cursor"):
                self._get_without_write("/my/statements/%d/pdf" % statement.id)

    def _get_without_write(self, url):
        watcher = RetryWatcher()
        logger = logging.getLogger("odoo.http")
        logger.addHandler(watcher)
        try:
            # followed: Odoo's portal may first send the visitor to the URL of its language
            response = self.url_open(url)
        finally:
            logger.removeHandler(watcher)
        self.assertEqual(response.status_code, 200, url)
        self.assertFalse(watcher.retries, "%s wrote on its read-only cursor: %s" % (url, watcher.retries))
        return response

    def test_a_customer_reads_without_writing(self):
        world = self.world
        complaint = world.complaints["A"][0]
        statement = world.statements["A"]["sent"]
        review = world.reviews["A"].get("sent")
        self.authenticate(world.contacts["A"][0].login, PORTAL_PASSWORD)
        urls = ["/my/complaints", "/my/complaints/page/1", "/my/complaints/%d" % complaint.id,
                "/my/complaints/new", "/my/statements", "/my/statements/page/1",
                "/my/statements/%d/pdf" % statement.id, "/my/surveys"]
        if review:
            urls += ["/my/reviews", "/my/reviews/page/1", "/my/reviews/%d/pdf" % review.id]
        for url in urls:
            with self.subTest(url=url):
                response = self._get_without_write(url)
                if url.endswith("/pdf"):
                    self.assertEqual(response.headers["Content-Type"], "application/pdf")

    def test_a_visitor_with_the_link_reads_without_writing(self):
        world = self.world
        complaint = world.complaints["A"][0]
        statement = world.statements["A"]["sent"]
        urls = ["/my/complaints/%d?access_token=%s" % (complaint.id, complaint.sudo().access_token),
                "/my/statements/%d/pdf?access_token=%s" % (statement.id, statement.sudo().access_token)]
        review = world.reviews["A"].get("sent")
        if review:
            urls.append("/my/reviews/%d/pdf?access_token=%s" % (review.id, review.sudo().access_token))
        for url in urls:
            with self.subTest(url=url):
                self._get_without_write(url)

    def test_kpi_and_dashboard_reads_of_the_web_client_write_nothing(self):
        """The pivot of the KPI report and the team dashboard are read through Odoo's read-only
        model methods (``web_read_group``, ``web_search_read``: ``/web/dataset/call_kw`` runs
        them on the replica): their SQL views and computed fields write nothing."""
        manager = self.world.manager
        self.authenticate(manager.login, manager.login + "-Pa55")
        calls = [
            ("logistics.kpi.report", "web_read_group",
             {"domain": [], "fields": ["shipment_count:sum", "dispatch_on_time_rate"], "groupby": ["partner_id"]}),
            ("logistics.kpi.report", "web_read_group",
             {"domain": [], "fields": ["nps", "satisfaction_index"], "groupby": ["month:month"]}),
            ("logistics.team.dashboard", "web_search_read",
             {"domain": [], "specification": {name: {} for name, field in
                                              self.env["logistics.team.dashboard"]._fields.items()
                                              if field.type not in ("one2many", "many2many", "many2one", "binary")
                                              and not name.startswith("__")}}),
        ]
        for model, method, kwargs in calls:
            with self.subTest(model=model, method=method):
                watcher = RetryWatcher()
                logger = logging.getLogger("odoo.http")
                logger.addHandler(watcher)
                try:
                    result = self.make_jsonrpc_request("/web/dataset/call_kw/%s/%s" % (model, method), {
                        "model": model, "method": method, "args": [], "kwargs": kwargs})
                finally:
                    logger.removeHandler(watcher)
                self.assertTrue(result)
                self.assertFalse(watcher.retries, "%s.%s wrote: %s" % (model, method, watcher.retries))

    def test_a_customer_reads_the_complaint_he_just_submitted_from_the_primary(self):
        """Read-your-writes: after his own write, a customer's complaint pages run on a read/write
        cursor (the primary) for a while; another customer's session still reads read-only."""
        modes = []
        original = ComplaintPortal._complaint_domain

        def recording_domain(controller):
            from odoo.http import request
            modes.append("ro" if request.env.cr.readonly else "rw")
            return original(controller)

        world = self.world
        other = world.contacts["A"][1]
        with patch.object(ComplaintPortal, "_complaint_domain", recording_domain):
            self.authenticate(other.login, PORTAL_PASSWORD)
            self.url_open("/my/complaints")
            self.authenticate(world.contacts["A"][0].login, PORTAL_PASSWORD)
            self.url_open("/my/complaints")
            form = self.url_open("/my/complaints/new").text
            token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
            answer = self.url_open("/my/complaints/new", allow_redirects=False, data={
                "csrf_token": token, "problem_type": "late_delivery", "subject": "Just submitted",
                "description": "Two days late"})
            self.assertEqual(answer.status_code, 303)
            new_id = int(re.search(r"/my/complaints/(\d+)", answer.headers["Location"]).group(1))
            page = self.url_open("/my/complaints")
            self.assertIn("/my/complaints/%d" % new_id, page.text)
        self.assertEqual(modes[:2], ["ro", "ro"])
        self.assertEqual(modes[-1], "rw")
