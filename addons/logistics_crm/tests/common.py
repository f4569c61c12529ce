"""Test helpers shared by the logistics addons (imported as
``odoo.addons.logistics_crm.tests.common``).

- :class:`SmtpSink`: a real SMTP server (aiosmtpd) on 127.0.0.1 and a free
  port, wired into ``ir.mail_server``, collecting what Odoo delivers.
- :func:`create_portal_user`: a portal user of a given customer with a known
  password.
"""
import contextlib
import email
import email.policy
import logging
import os
import socket
import time

PORTAL_PASSWORD = "portal-Pa55"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpSink:
    """A real SMTP server; ``messages`` holds the delivered mails (parsed)."""

    def __init__(self):
        self.messages = []
        self.port = None
        self.refused = set()  # addresses the server refuses (550), as a real one refuses an unknown user
        self._controller = None

    # aiosmtpd handler
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append({
            "from": envelope.mail_from,
            "to": list(envelope.rcpt_tos),
            "message": msg,
            "subject": str(msg["Subject"] or ""),
        })
        return "250 Message accepted for delivery"

    def start(self):
        """Listen (again, after ``stop``: on the same port, where the mail servers point)."""
        from aiosmtpd.controller import Controller
        # aiosmtpd logs every SMTP command at INFO ("mail.log"): only its problems
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.port = self.port or free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self):
        if self._controller:
            self._controller.stop()
            self._controller = None

    def wire(self, env):
        """Point every outgoing mail server of ``env``'s database at the sink."""
        servers = env["ir.mail_server"].sudo().search([])
        values = {"smtp_host": "127.0.0.1", "smtp_port": self.port,
                  "smtp_encryption": "none", "smtp_user": False, "smtp_pass": False}
        if servers:
            servers.write(values)
        else:
            env["ir.mail_server"].sudo().create(dict(values, name="SMTP sink"))

    @contextlib.contextmanager
    def delivering(self):
        """Let Odoo really connect and send while inside the block.

        Odoo 18 neither connects nor sends while a test runs
        (``odoo.modules.module.current_test``); for a test whose behaviour is
        the delivery itself, that flag is lifted for the block. Tests of what
        is sent assert on ``mail.mail`` / ``mail.message`` instead.
        """
        from odoo.modules import module
        previous = module.current_test
        module.current_test = False
        try:
            yield self
        finally:
            module.current_test = previous

    def wait_for(self, count, timeout=5.0):
        deadline = time.time() + timeout
        while len(self.messages) < count and time.time() < deadline:
            time.sleep(0.02)
        return self.messages

    def to(self, address):
        return [m for m in self.messages if address in m["to"]]


class SmtpSinkMixin:
    """For TransactionCase: ``self.smtp`` is wired and delivering."""

    def setUp(self):
        super().setUp()
        self.smtp = SmtpSink().start()
        self.addCleanup(self.smtp.stop)
        self.smtp.wire(self.env)
        ctx = self.smtp.delivering()
        ctx.__enter__()
        self.addCleanup(ctx.__exit__, None, None, None)


def create_portal_user(env, customer, login=None, password=PORTAL_PASSWORD, name=None):
    """A portal user for ``customer`` (a company: a new contact is created under it)."""
    Partner = env["res.partner"].sudo()
    if customer.is_company:
        contact = Partner.create({
            "name": name or "%s portal contact" % customer.name,
            "parent_id": customer.id,
            "email": "%s@example.com" % (login or "portal.%d" % customer.id),
        })
    else:
        contact = customer
    login = login or contact.email or "portal.%d@example.com" % contact.id
    return env["res.users"].sudo().with_context(no_reset_password=True).create({
        "name": contact.name,
        "login": login,
        "password": password,
        "partner_id": contact.id,
        "groups_id": [(6, 0, [env.ref("base.group_portal").id])],
    })


def click(record, method):
    """Call ``method`` of ``record`` as a button of Odoo 18's web client does
    (/web/dataset/call_button): ``call_kw`` with the ids as the only argument
    and the user's context as keyword."""
    from odoo.api import call_kw
    context = dict(record.env.context)  # the web client always sends these
    context.setdefault("lang", record.env.user.lang or "en_US")
    context.setdefault("tz", record.env.user.tz or "Asia/Shanghai")
    context.setdefault("uid", record.env.uid)
    record.env.flush_all()
    result = call_kw(record.with_context(**context).browse(), method, [record.ids], {"context": context})
    record.env.invalidate_all()
    return result


class LogisticsCrmCase:
    """Mixin for TransactionCase: users of each role and invoice helpers.

    Every customer already in the database is turned into a non-customer
    (``customer_rank`` 0) so that rankings only involve the records a test
    creates (rolled back).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Users = env["res.users"].with_context(no_reset_password=True)
        group = lambda xmlid: env.ref(xmlid).id  # noqa: E731
        cls.manager = Users.create({
            "name": "Service Manager Test", "login": "svc.manager.test", "email": "svc@example.com",
            "groups_id": [(6, 0, [group("base.group_user"), group("logistics_crm.group_service_manager")])]})
        cls.manager2 = Users.create({
            "name": "Second Service Manager", "login": "svc.manager2.test", "email": "svc2@example.com",
            "groups_id": [(6, 0, [group("base.group_user"), group("logistics_crm.group_service_manager")])]})
        cls.am1 = Users.create({
            "name": "Account Manager One", "login": "am1.test", "email": "am1@example.com",
            "groups_id": [(6, 0, [group("base.group_user"), group("logistics_crm.group_account_manager")])]})
        cls.am2 = Users.create({
            "name": "Account Manager Two", "login": "am2.test", "email": "am2@example.com",
            "groups_id": [(6, 0, [group("base.group_user"), group("logistics_crm.group_account_manager")])]})
        cls.agent = Users.create({
            "name": "Service Agent", "login": "agent.test", "email": "agent@example.com",
            "groups_id": [(6, 0, [group("base.group_user"), group("logistics_crm.group_user")])]})
        # rankings only involve the customers a test creates
        env["res.partner"].search([("customer_rank", ">", 0)]).write({"customer_rank": 0})
        cls.journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", env.company.id)], limit=1)
        cls.income = cls.journal.default_account_id

    @contextlib.contextmanager
    def assertRaisesRollback(self, exception, msg=None):
        """assertRaises, rolling the failed operation back as a request would."""
        with self.assertRaises(exception, msg=msg) as ctx:
            yield ctx
        self.env.invalidate_all()

    @classmethod
    def customer(cls, name, manager=None, **values):
        values.update({"name": name, "is_company": True, "customer_rank": 1,
                       "account_manager_id": (manager or cls.am1).id,
                       "email": "%s@example.com" % name.lower().replace(" ", ".")})
        return cls.env["res.partner"].create(values)

    @classmethod
    def invoice(cls, partner, amount, days_ago=10, kind="out_invoice", currency=None, post=True):
        from datetime import date, timedelta
        values = {
            "move_type": kind, "partner_id": partner.id, "journal_id": cls.journal.id,
            "invoice_date": date.today() - timedelta(days=days_ago),
            "invoice_line_ids": [(0, 0, {"name": "Freight", "account_id": cls.income.id,
                                         "quantity": 1, "price_unit": amount, "tax_ids": [(5, 0, 0)]})],
        }
        if currency:
            values["currency_id"] = currency.id
        invoice = cls.env["account.move"].create(values)
        if post:
            invoice.action_post()
        return invoice


def assert_po_complete(testcase, addon, minimum=20):
    """Every msgid of the addon's .pot is in zh_CN.po, and translated."""
    from babel.messages.pofile import read_po

    from odoo.modules.module import get_module_path
    path = get_module_path(addon)
    with open(os.path.join(path, "i18n", "%s.pot" % addon), "rb") as f:
        pot = read_po(f)
    with open(os.path.join(path, "i18n", "zh_CN.po"), "rb") as f:
        po = read_po(f, locale="zh_CN")
    pot_ids = {m.id for m in pot if m.id}
    po_ids = {m.id for m in po if m.id and m.string}
    testcase.assertGreater(len(pot_ids), minimum)
    missing = sorted(pot_ids - po_ids, key=str)
    testcase.assertEqual(missing, [], "untranslated in %s/i18n/zh_CN.po: %s" % (addon, missing[:10]))
    # the .pot is current: every term the installed addon has today (code, views,
    # fields, selections, data, reports) is in it, so none escapes translation
    from odoo.tools.translate import TranslationModuleReader
    current = {row[4] for row in TranslationModuleReader(testcase.env.cr, [addon]) if row[0] == addon}
    stale = sorted(current - pot_ids, key=str)
    testcase.assertEqual(stale, [], "terms of %s missing from its .pot (regenerate it): %s" % (addon, stale[:10]))
