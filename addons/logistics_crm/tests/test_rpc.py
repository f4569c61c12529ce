import json
import xmlrpc.client

from odoo.tests.common import HttpCase, get_db_name

from .common import PORTAL_PASSWORD, create_portal_user


class TestRpc(HttpCase):

    def call_kw(self, model, method, args=None, kwargs=None):
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
            "model": model, "method": method, "args": args or [], "kwargs": kwargs or {}}}
        response = self.url_open("/web/dataset/call_kw/%s/%s" % (model, method), data=json.dumps(payload),
                                 headers={"Content-Type": "application/json"}, timeout=120)
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_compute_customer_tiers_over_rpc(self):
        self.authenticate("admin", "admin")     # a Service Manager in the demo
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
        # no public entry point; the private one is refused as such
        for method, refusal in (("generate", "builtins.AttributeError"), ("_generate", "odoo.exceptions.AccessError")):
            reply = self.call_kw("logistics.crm.demo", method)
            self.assertIn("error", reply, method)
            self.assertEqual(reply["error"]["data"]["name"], refusal, method)
        self.assertIn("_generate", reply["error"]["data"]["message"])   # private methods (in any language)

    def test_reasons_are_not_button_arguments(self):
        self.authenticate("admin", "admin")
        plan = self.env.ref("logistics_crm.demo_customer_02").account_plan_ids.filtered(
            lambda p: p.state == "submitted")[:1]
        self.assertTrue(plan)
        # the reject button opens the reason wizard; a reason sent as an argument is refused
        reply = self.call_kw("logistics.account.plan", "action_reject", [plan.ids, "sneaked in"])
        self.assertIn("error", reply)
        reply = self.call_kw("logistics.account.plan", "action_reject", [plan.ids])
        self.assertEqual(reply["result"]["res_model"], "logistics.plan.reject.wizard", reply)
        self.assertEqual(plan.state, "submitted")

    def test_portal_user_reads_no_key_account_data_over_xmlrpc(self):
        # the demo portal user (Shanghai Huaxin Electronics, a tier A key account)
        customer = self.env.ref("logistics_crm.demo_customer_01")
        self.assertEqual(customer.customer_tier, "a")
        user = create_portal_user(self.env, customer, login="portal.xmlrpc.test")
        db = get_db_name()
        uid = self.xmlrpc_common.authenticate(db, "portal.xmlrpc.test", PORTAL_PASSWORD, {})
        self.assertEqual(uid, user.id)

        def call(method, *args, **kwargs):
            return self.xmlrpc_object.execute_kw(db, uid, PORTAL_PASSWORD, "res.partner", method, list(args), kwargs)

        self.assertEqual(call("read", [customer.id], ["name"])[0]["name"], customer.name)
        for field in ("customer_tier", "contribution_12m", "contribution_rank", "contribution_share",
                      "credit_rating", "account_manager_id", "lifecycle"):
            with self.assertRaises(xmlrpc.client.Fault, msg=field) as refused:
                call("read", [customer.id], [field])
            self.assertEqual(refused.exception.faultCode, 4, field)     # AccessError
            with self.assertRaises(xmlrpc.client.Fault, msg=field) as refused:
                call("search_read", [("id", "=", customer.id)], [field])
            self.assertEqual(refused.exception.faultCode, 4, field)
        with self.assertRaises(xmlrpc.client.Fault) as refused:
            call("search", [("customer_tier", "=", "a")])
        self.assertEqual(refused.exception.faultCode, 4)     # AccessError
        offered = call("fields_get", attributes=["string"])
        self.assertIn("name", offered)
        self.assertFalse({"customer_tier", "contribution_12m", "credit_rating", "account_manager_id",
                          "lifecycle"} & set(offered))
