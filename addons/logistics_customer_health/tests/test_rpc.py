import xmlrpc.client

from odoo.tests.common import HttpCase, get_db_name

from odoo.addons.logistics_crm.tests.common import PORTAL_PASSWORD, create_portal_user


class TestPortalRpc(HttpCase):

    def test_portal_user_reads_no_health_over_xmlrpc(self):
        customer = self.env.ref("logistics_customer_health.demo_customer_sliding")
        self.assertTrue(customer.health_date)
        user = create_portal_user(self.env, customer, login="portal.health.test")
        db = get_db_name()
        uid = self.xmlrpc_common.authenticate(db, "portal.health.test", PORTAL_PASSWORD, {})
        self.assertEqual(uid, user.id)

        def call(model, method, *args, **kwargs):
            return self.xmlrpc_object.execute_kw(db, uid, PORTAL_PASSWORD, model, method, list(args), kwargs)

        self.assertEqual(call("res.partner", "read", [customer.id], ["name"])[0]["name"], customer.name)
        for field in ("health_score", "health_risk", "health_reason", "health_date", "health_score_ids",
                      "health_lost_survey_id"):
            with self.assertRaises(xmlrpc.client.Fault, msg=field) as refused:
                call("res.partner", "read", [customer.id], [field])
            self.assertEqual(refused.exception.faultCode, 4, field)
        with self.assertRaises(xmlrpc.client.Fault) as refused:
            call("res.partner", "search", [("health_risk", "=", "at_risk")])
        self.assertEqual(refused.exception.faultCode, 4)
        self.assertFalse({"health_score", "health_risk", "health_reason", "health_date"}
                         & set(call("res.partner", "fields_get", attributes=["string"])))
        for method, args in (("search_read", ([("partner_id", "=", customer.id)],)),
                             ("read_group", ([], ["score:avg"], []))):
            with self.assertRaises(xmlrpc.client.Fault, msg=method) as refused:
                call("logistics.health.score", method, *args)
            self.assertEqual(refused.exception.faultCode, 4, method)
        for model, method, args in (("logistics.health.engine", "_run", ()),
                                    ("res.partner", "action_compute_health", ([customer.id],))):
            with self.assertRaises(xmlrpc.client.Fault, msg=method) as refused:
                call(model, method, *args)
            self.assertEqual(refused.exception.faultCode, 4, method)
