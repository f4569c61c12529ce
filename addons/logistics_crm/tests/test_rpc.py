import json

import odoo.tests.common

from odoo.tests.common import HttpCase


class TestRpc(HttpCase):

    def call_kw(self, model, method, args=None, kwargs=None):
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
            "model": model, "method": method, "args": args or [], "kwargs": kwargs or {}}}
        response = self.opener.post(
            "http://127.0.0.1:%s/web/dataset/call_kw/%s/%s" % (odoo.tests.common.PORT, model, method),
            data=json.dumps(payload), headers={"Content-Type": "application/json"}, timeout=60)
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_compute_customer_tiers_over_rpc(self):
        self.authenticate("admin", "admin")
        reply = self.call_kw("res.partner", "compute_customer_tiers")
        self.assertIn("result", reply, reply)
        self.assertIsInstance(reply["result"], int)
        tiers = self.call_kw("res.partner", "search_read", [[("customer_tier", "!=", False)]],
                             {"fields": ["customer_tier"], "limit": 1})
        self.assertIn(tiers["result"][0]["customer_tier"], ("a", "b", "c"))

    def test_account_manager_may_not_recompute(self):
        self.authenticate("demo", "demo")
        reply = self.call_kw("res.partner", "compute_customer_tiers")
        self.assertIn("error", reply)
        self.assertIn("AccessError", reply["error"]["data"]["name"])

    def test_demo_generator_not_callable_over_rpc(self):
        self.authenticate("demo", "demo")    # an account manager
        for method in ("generate", "_generate"):
            reply = self.call_kw("logistics.crm.demo", method)
            self.assertIn("error", reply, method)
        self.assertIn("AccessError", reply["error"]["data"]["name"])
        self.assertIn("_generate", reply["error"]["data"]["message"])   # private methods (in any language)
