"""Fixtures of the complaint tests: customers, staff of every group, portal users."""
import contextlib
from datetime import timedelta

import odoo.tests.common
from odoo import SUPERUSER_ID, api, fields

from odoo.addons.logistics_crm.tests.common import create_portal_user


def ago(hours=0, days=0):
    """A naive UTC datetime string ``hours``/``days`` before now."""
    return fields.Datetime.to_string(
        fields.Datetime.from_string(fields.Datetime.now()) - timedelta(hours=hours, days=days))


def make_user(env, login, groups):
    return env["res.users"].with_context(no_reset_password=True).create({
        "name": login.replace(".", " ").title(),
        "login": login,
        "email": "%s@example.com" % login,
        "password": login + "-Pa55",
        "groups_id": [(6, 0, [env.ref(g).id for g in groups])],
    })


class ComplaintFixtures(object):
    """Mixin for TransactionCase/SavepointCase/HttpCase: call ``_setup_fixtures(env)``."""

    def _setup_fixtures(self, env):
        Partner = env["res.partner"]
        self.agent = make_user(env, "cmp.agent", ["logistics_crm.group_user"])
        self.agent2 = make_user(env, "cmp.agent2", ["logistics_crm.group_user"])
        self.account_manager = make_user(env, "cmp.am", ["logistics_crm.group_account_manager"])
        self.service_manager = make_user(env, "cmp.sm", ["logistics_crm.group_service_manager"])
        self.customer_a = Partner.create({"name": "Customer A Logistics Ltd", "is_company": True,
                                          "email": "service@customer-a.example.com",
                                          "customer_tier": "a",
                                          "account_manager_id": self.account_manager.id})
        self.customer_b = Partner.create({"name": "Customer B Trading Co", "is_company": True,
                                          "email": "desk@customer-b.example.com",
                                          "customer_tier": "c"})
        self.contact_a = Partner.create({"name": "Alice of A", "parent_id": self.customer_a.id,
                                         "email": "alice@customer-a.example.com"})
        self.portal_a = create_portal_user(env, self.customer_a, login="cmp.portal.a")
        self.portal_b = create_portal_user(env, self.customer_b, login="cmp.portal.b")
        self.sub_late = env.ref("logistics_complaints.sub_ops_late")
        self.sub_damage = env.ref("logistics_complaints.sub_supplier_damage")

    def _complaint(self, env=None, **values):
        env = env or self.env
        vals = {
            "partner_id": self.customer_a.id,
            "contact_id": self.contact_a.id,
            "channel": "phone",
            "category": "operations",
            "subcategory_id": self.sub_late.id,
            "severity": "normal",
            "subject": "Late delivery",
            "description": "<p>The container arrived two days late.</p>",
        }
        vals.update(values)
        return env["logistics.complaint"].create(vals)


def translated(env, source, lang="zh_CN"):
    """``source`` (a message of the code) as the portal shows it in ``lang``."""
    value = env["ir.translation"]._get_source(None, ("code",), lang, source)
    return value or source


class SharedCursorMixin(object):
    """For HttpCase on Odoo 11: the test works on the HTTP server's test cursor.

    Odoo 11's HttpCase opens its own cursor before entering the registry's test
    mode, so records created through ``self.env`` are invisible to the server.
    Here ``self.env`` uses the server's test cursor; ``self.cr.commit()`` only
    moves the test cursor's savepoint (everything is rolled back at the end).
    """

    def setUp(self):
        super(SharedCursorMixin, self).setUp()
        own_cr, own_env = self.cr, self.env
        self.cr = self.registry.test_cr
        self.env = api.Environment(self.cr, SUPERUSER_ID, {})

        def restore():
            self.cr, self.env = own_cr, own_env
        self.addCleanup(restore)

    @contextlib.contextmanager
    def locked_cursor(self):
        """Hold the test cursor while the test uses it: a browser may be sending requests meanwhile."""
        self.cr.acquire()
        try:
            yield self.cr
            self.cr.commit()
        finally:
            self.cr.release()

    def url_open(self, url, data=None, timeout=30, files=None, headers=None):
        """Make the test's changes visible to the request, and forget the cache after it."""
        self.cr.commit()
        if files:
            if url.startswith("/"):
                url = "http://127.0.0.1:%s%s" % (odoo.tests.common.PORT, url)
            response = self.opener.post(url, data=data, files=files, timeout=timeout, headers=headers)
        elif headers:
            if url.startswith("/"):
                url = "http://127.0.0.1:%s%s" % (odoo.tests.common.PORT, url)
            response = self.opener.post(url, data=data, timeout=timeout, headers=headers)
        else:
            response = super(SharedCursorMixin, self).url_open(url, data=data, timeout=timeout)
        self.env["res.users"].invalidate_cache()
        return response
