"""The Python 3.11 compatibility layer: each fix, and safe_eval still safe."""
import base64
import collections
import collections.abc
import inspect
import threading

import yaml

from odoo.tests.common import TransactionCase
from odoo.tools.safe_eval import safe_eval

import odoo_py311_compat

# Expressions safe_eval must keep refusing: each is an escape from the sandbox.
FORBIDDEN = [
    ("__import__('os').system('true')", "eval"),          # import by builtin
    ("import os", "exec"),                                  # import statement
    ("from os import path", "exec"),
    ("().__class__.__bases__[0].__subclasses__()", "eval"),  # dunder walk
    ("(lambda: 0).__globals__", "eval"),                   # function globals
    ("(x for x in []).gi_frame.f_globals", "eval"),         # frame access
    ("open('/etc/passwd').read()", "eval"),                 # file access
    ("exec('x = 1')", "eval"),                              # nested exec
    ("eval('1 + 1')", "eval"),                              # nested eval
    ("compile('1', 'x', 'eval')", "eval"),
    ("getattr(env, 'cr')", "eval"),                          # attribute by name
    ("env.cr = None", "exec"),                              # attribute store
    ("del env.cr", "exec"),                                 # attribute delete
    ("global x\nx = 1", "exec"),                            # global store
    ("class A: pass", "exec"),                              # class creation
    ("with ctx as c: pass", "exec"),                        # context managers
    ("(lambda a: (lambda: a))(1)", "eval"),                 # closures escaping their scope
    ("[].__class__", "eval"),
]

# Expressions Odoo evaluates every day (domains, contexts, server actions).
ALLOWED = [
    ("[('state', 'in', ['draft', 'open']), ('user_id', '=', uid)]",
     [('state', 'in', ['draft', 'open']), ('user_id', '=', 2)]),
    ("{'default_customer': True, 'search_default_my': 1, 'group_by': ['state']}",
     {'default_customer': True, 'search_default_my': 1, 'group_by': ['state']}),
    ("['|', ('company_id', '=', False), ('company_id', 'child_of', [user.company_id.id])]",
     ['|', ('company_id', '=', False), ('company_id', 'child_of', [1])]),
    ("'%s-%s' % (uid, 'x')", "2-x"),
    ("[x * 2 for x in range(4) if x % 2]", [2, 6]),
    ("sum(x for x in [1, 2, 3])", 6),
    ("{k: v for k, v in [('a', 1)]}", {'a': 1}),
    ("uid is not None and 'a' in 'abc' and not False", True),
    ("(uid or 0) + 1 if uid else -1", 3),
    ("dict(a=1, **{'b': 2})", {'a': 1, 'b': 2}),
    ("[*range(2), 5]", [0, 1, 5]),
    ("{1, 2} | {3}", {1, 2, 3}),
    ("f'{uid:03d}'", "002"),
]


class _User(object):
    class company_id(object):
        id = 1


class TestCompatLayer(TransactionCase):

    def test_every_fix_is_documented(self):
        keys = [key for key, reason in odoo_py311_compat.FIXES]
        self.assertEqual(len(keys), len(set(keys)))
        self.assertGreaterEqual(len(keys), 11)
        for key, reason in odoo_py311_compat.FIXES:
            self.assertTrue(reason.strip(), key)

    def test_stdlib_names(self):
        self.assertIs(collections.Mapping, collections.abc.Mapping)
        self.assertIs(collections.Iterable, collections.abc.Iterable)
        spec = inspect.getargspec(lambda a, b=1, *c, **d: 0)
        self.assertEqual(spec, (['a', 'b'], 'c', 'd', (1,)))
        self.assertEqual(inspect.formatargspec(['a', 'b'], None, 'kw', (1,)), '(a, b=1, **kw)')
        self.assertEqual(base64.decodestring(base64.encodestring(b'odoo')), b'odoo')
        self.assertTrue(threading.current_thread().isAlive())
        self.assertEqual(yaml.load("a: [1, 2]"), {'a': [1, 2]})

    def test_ormcache_signature(self):
        # tools/cache.py builds its key functions with formatargspec/getargspec
        partner = self.env['res.partner'].create({'name': 'Cache probe'})
        self.assertEqual(self.env['ir.model.data'].xmlid_to_res_id('base.main_company'), 1)
        self.assertTrue(partner.exists())

    def test_demo_data_installed(self):
        # records from base's YAML demo file (needs the yaml Loader fix)
        contact = self.env.ref('base.res_partner_address_3')
        self.assertEqual(contact.name, 'Thomas Passot')
        self.assertTrue(self.env.ref('base.user_demo').exists())
        self.assertTrue(self.env.ref('base.demo_user0').has_group('base.group_portal'))

    def test_safe_eval_refuses_escapes(self):
        self.assertGreaterEqual(len(FORBIDDEN), 10)
        env_like = {'env': self.env, 'ctx': None}
        for expr, mode in FORBIDDEN:
            with self.assertRaises((ValueError, NameError, SyntaxError), msg=expr):
                safe_eval(expr, dict(env_like), mode=mode, nocopy=True)

    def test_safe_eval_evaluates_odoo_expressions(self):
        for expr, expected in ALLOWED:
            self.assertEqual(safe_eval(expr, {'uid': 2, 'user': _User()}), expected, expr)
        # a server-action style statement block
        ctx = {}
        safe_eval("result = 0\nfor i in range(4):\n    result += i\n"
                  "try:\n    1 / 0\nexcept Exception:\n    result = -result\n",
                  ctx, mode='exec', nocopy=True)
        self.assertEqual(ctx['result'], -6)

    def test_every_record_rule_domain_evaluates(self):
        rules = self.env['ir.rule'].search([('domain_force', '!=', False)])
        self.assertTrue(rules)
        eval_context = rules[0]._eval_context()
        for rule in rules:
            domain = safe_eval(rule.domain_force, dict(eval_context))
            self.assertIsInstance(domain, list, rule.domain_force)

    def test_every_window_action_context_evaluates(self):
        actions = self.env['ir.actions.act_window'].search([])
        names = {'uid': self.env.uid, 'active_id': 1, 'active_ids': [1],
                 'active_model': 'res.partner', 'context': {}, 'user': self.env.user,
                 'time': __import__('time'), 'datetime': __import__('datetime'),
                 'ref': lambda xmlid: self.env.ref(xmlid).id, 'allowed_company_ids': [1],
                 'company_id': 1}
        evaluated = 0
        for action in actions:
            try:
                value = safe_eval(action.context or '{}', dict(names))
            except (ValueError, NameError) as e:
                # only unknown names may fail here, never a forbidden opcode
                self.assertNotIn('opcode', str(e), action.context)
                continue
            self.assertIsInstance(value, dict)
            evaluated += 1
        self.assertGreater(evaluated, 50)
