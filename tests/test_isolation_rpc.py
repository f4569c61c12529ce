"""Isolation matrix over the ORM (what XML-RPC/JSON-RPC run as the portal user).

Each of the four portal contacts of tests/isolation_common.py tries every suite model
(and the Odoo models that carry the suite's customer data: partners, survey invitations
and answers, ratings, messages, followers, attachments) against the records of the other
customer and against the internal-only records of its own customer: check_access, read,
search, search_read, read_group, write, create (a copy), unlink and message_subscribe.
Internal fields are refused on the user's own records too. Every case has a label; the
test fails listing the leaking cases, and prints how many cases it tried.
"""
import logging

from isolation_common import (
    COMPANIES,
    INTERNAL_COMPLAINT_FIELDS,
    INTERNAL_PARTNER_FIELDS,
    WorldCase,
    existing_fields,
    internal_markers,
    leaks_in,
    other,
    public_markers,
)
from psycopg2 import errors as pg_errors

from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tests.common import TransactionCase, tagged

_logger = logging.getLogger(__name__)

CARRIER_MODELS = ("res.partner", "survey.user_input", "survey.user_input.line", "rating.rating", "mail.message",
                  "mail.followers", "ir.attachment")
REFUSED = (AccessError, MissingError)
# the customer's own complaints: a contact reads them anyway (the partner's field is for the form)
OWN_X2MANY = ("complaint_ids",)
MAGIC = {"id", "create_uid", "create_date", "write_uid", "write_date", "display_name"}


def suite_models(env):
    """Every model the installed addons of the suite (logistics_*) define or extend."""
    addons = env["ir.module.module"].sudo().search([("name", "=like", "logistics\\_%"), ("state", "=", "installed")])
    data = env["ir.model.data"].sudo().search([("model", "=", "ir.model"), ("module", "in", addons.mapped("name"))])
    names = set(env["ir.model"].sudo().browse(data.mapped("res_id")).mapped("model"))
    return sorted(name for name in names if name in env and not env[name]._abstract)


def writable_field(model):
    """A stored, writable, simple field of ``model`` to try a write with."""
    for name, field in model._fields.items():
        if (name not in MAGIC and field.store and not field.compute and not field.related and not field.readonly
                and field.type in ("char", "text", "integer", "float", "boolean", "date")):
            return name, {"char": "ZZHACK", "text": "ZZHACK", "integer": 7, "float": 7.0, "boolean": True,
                          "date": "2020-01-01"}[field.type]
    return None, None


@tagged("post_install", "-at_install")
class TestIsolationRpc(WorldCase, TransactionCase):

    def setUp(self):
        super().setUp()
        self.cases = 0
        self.leaks = []

    # ------------------------------------------------------------------ helpers
    def _try(self, label, operation, refused_ok=REFUSED):
        """Run ``operation``; a refusal passes. Its result (if any) is returned, else None.
        Anything but a refusal is recorded as a leak by the caller's check."""
        self.cases += 1
        try:
            with self.env.cr.savepoint():
                result = operation()
                self.env.flush_all()
        except refused_ok:
            self.env.invalidate_all()
            return None
        except (UserError, ValidationError, pg_errors.Error) as exc:
            # refused for another reason than access: the access check let it through
            self.env.invalidate_all()
            self.leaks.append("%s: not refused by access rights but by %r" % (label, exc))
            return None
        self.env.invalidate_all()
        return ("ok", result)

    def _must_refuse(self, label, operation):
        outcome = self._try(label, operation)
        if outcome is not None:
            self.leaks.append("%s: allowed (%r)" % (label, outcome[1]))

    def _must_find_nothing(self, label, operation, ids):
        outcome = self._try(label, operation)
        if outcome is None:
            return
        result = outcome[1]
        found = set()
        if hasattr(result, "ids"):
            found = set(result.ids) & set(ids)
        elif isinstance(result, list):
            for row in result:
                if "id" in row and row["id"] in ids:
                    found.add(row["id"])
                if "__count" in row and row["__count"]:
                    found.add("count=%s" % row["__count"])
        if found:
            self.leaks.append("%s: returned %s" % (label, sorted(map(str, found))))

    def _report(self, name, minimum):
        """Fails on a leak, and when the matrix tried fewer cases than ``minimum``."""
        self.assertGreaterEqual(self.cases, minimum, "%s: %d cases, fewer than %d" % (name, self.cases, minimum))
        _logger.info("isolation matrix %s: %d cases, %d leaks", name, self.cases, len(self.leaks))
        print("isolation matrix %s: %d cases tried, %d leaks" % (name, self.cases, len(self.leaks)))
        self.assertFalse(self.leaks, "%d leaks of %d cases:\n%s" % (len(self.leaks), self.cases, "\n".join(self.leaks)))

    def _targets(self, key):
        """(label, record) pairs the contacts of ``key`` must not reach."""
        world = self.world
        pairs = [("other:" + label, records) for label, records in world.records(other(key)).items()]
        pairs += [("own-internal:" + label, records) for label, records in world.own_internal_records(key).items()]
        empty = [label for label, records in pairs if not records]
        self.assertFalse(empty, "the world has no records for %s: the matrix would skip them" % empty)
        return [(label, records.sudo()) for label, records in pairs]

    # ------------------------------------------------------------------ the matrix
    def test_portal_contacts_reach_nothing_of_the_other_customer_over_rpc(self):
        env = self.env
        models = suite_models(env)
        self.assertGreaterEqual(len(models), 20, models)
        for key in COMPANIES:
            targets = self._targets(key)
            by_model = {}
            for label, records in targets:
                by_model.setdefault(records._name, []).append((label, records))
            for user in self.world.contacts[key]:
                for model_name in sorted(set(models) | set(CARRIER_MODELS)):
                    Model = env[model_name].with_user(user)
                    for label, records in by_model.get(model_name, []):
                        self._attack_records(user, Model, label, records)
                    if model_name in models:
                        self._attack_model(user, Model, key)
        print("isolation matrix rpc: %d models of the suite and %d more of Odoo carrying its data"
              % (len(models), len(set(CARRIER_MODELS) - set(models))))
        self._report("rpc", 1304)

    def _attack_records(self, user, Model, label, records):
        ids = records.ids
        tag = "%s %s %s%s" % (user.login, Model._name, label, ids)
        mine = Model.browse(ids)
        self._must_refuse(tag + " check_access(read)", lambda: mine.check_access("read"))
        self._must_refuse(tag + " read", lambda: mine.read(["display_name"]))
        self._must_find_nothing(tag + " search", lambda: Model.search([("id", "in", ids)]), ids)
        self._must_find_nothing(tag + " search_read", lambda: Model.search_read([("id", "in", ids)], ["id"]), ids)
        self._must_find_nothing(tag + " read_group",
                                lambda: Model.read_group([("id", "in", ids)], ["__count"], [], lazy=False), ids)
        name, value = writable_field(Model)
        if name:
            self._must_refuse(tag + " write", lambda: mine.write({name: value}))
        self._must_refuse(tag + " unlink", lambda: mine.unlink())
        if Model._name not in ("res.partner",):
            values = records[:1].copy_data()[0]
            self._must_refuse(tag + " create", lambda: Model.create(values))
        if hasattr(Model, "message_subscribe") and Model._name != "mail.thread":
            partner = user.partner_id
            # refused, or a no-op (Odoo returns False): what counts is the follower
            self._try(tag + " message_subscribe", lambda: mine.message_subscribe(partner_ids=partner.ids))
            followers = self.env["mail.followers"].sudo().search_count([
                ("res_model", "=", Model._name), ("res_id", "in", ids), ("partner_id", "=", partner.id)])
            self.cases += 1
            if followers:
                self.leaks.append(tag + " message_subscribe: follower added")

    def _attack_model(self, user, Model, key):
        """Whatever the user may search of ``Model`` carries no text of the other customer."""
        tag = "%s %s search_read(all)" % (user.login, Model._name)
        outcome = self._try(tag, lambda: Model.search_read([], limit=200))
        if outcome is not None:
            found = leaks_in(repr(outcome[1]), public_markers(other(key)) + internal_markers(other(key))
                             + internal_markers(key))
            if found:
                self.leaks.append("%s: %s" % (tag, found))

    def test_internal_fields_never_reach_a_portal_contact(self):
        """Internal fields on the contact's own company and complaints: refused one by one,
        absent from search_read of all fields."""
        for key in COMPANIES:
            customer = self.world.customer[key]
            for user in self.world.contacts[key]:
                for model, records, names in (
                        ("res.partner", customer, INTERNAL_PARTNER_FIELDS),
                        ("logistics.complaint", self.world.complaints[key], INTERNAL_COMPLAINT_FIELDS)):
                    mine = self.env[model].with_user(user).browse(records.ids)
                    # the contact reads its own records (else the test proves nothing)
                    self.assertEqual(len(mine.read(["display_name"])), len(records), (user.login, model))
                    names = existing_fields(mine, names)
                    self.assertTrue(names, model)
                    for name in names:
                        self._must_refuse("%s %s.%s read" % (user.login, model, name),
                                          lambda mine=mine, name=name: mine.read([name]))
                        field = mine._fields[name]
                        # searching by an internal value is refused (also a bare one2many or
                        # many2many "!= False", which Odoo 18 does not check by itself)
                        paths = [name] if (field.store or field.search) and name not in OWN_X2MANY else []
                        if field.type in ("one2many", "many2many") and name not in OWN_X2MANY:
                            paths = [name + ".id", name]
                        for path in paths:
                            self._must_refuse("%s %s.%s search" % (user.login, model, path),
                                              lambda mine=mine, path=path: mine.search([(path, "!=", False)]))
                    # every field the contact may read (Odoo refuses some of the partner's, as the
                    # bank accounts, to portal users as a whole; the satisfaction index is refused)
                    readable = []
                    for fname in mine.fields_get(attributes=["type"]):
                        try:
                            with self.env.cr.savepoint():
                                mine.read([fname])
                            readable.append(fname)
                        except AccessError:
                            self.env.invalidate_all()
                    outcome = self._try("%s %s search_read(all fields)" % (user.login, model),
                                        lambda mine=mine, ids=records.ids, readable=readable: mine.search_read(
                                            [("id", "in", ids)], readable))
                    self.assertIsNotNone(outcome)
                    rows = outcome[1]
                    self.assertEqual(len(rows), len(records))
                    self.cases += 1
                    shown = set(rows[0]) & set(names)
                    if shown:
                        self.leaks.append("%s %s search_read: internal fields %s" % (user.login, model, sorted(shown)))
                    found = leaks_in(repr(rows), internal_markers(key))
                    if found:
                        self.leaks.append("%s %s search_read: internal values %s" % (user.login, model, found))
        self._report("internal fields", 460)
