"""Fixtures of the complaint tests: customers, staff of every group, portal users."""
from datetime import timedelta

from odoo import fields

from odoo.addons.logistics_crm.tests.common import PORTAL_PASSWORD, create_portal_user  # noqa: F401

from ..models.logistics_complaint import STATES  # noqa: F401 (for the tests)


def ago(hours=0, days=0):
    """A naive UTC datetime ``hours``/``days`` before now."""
    return fields.Datetime.now() - timedelta(hours=hours, days=days)


def make_user(env, login, groups):
    return env["res.users"].with_context(no_reset_password=True).create({
        "name": login.replace(".", " ").title(),
        "login": login,
        "email": "%s@example.com" % login,
        "password": login + "-Pa55",
        "lang": "en_US",
        "tz": "UTC",
        "groups_id": [(6, 0, [env.ref(g).id for g in groups])],
    })


class ComplaintFixtures:
    """Mixin for TransactionCase/HttpCase: ``setUpClass`` creates the users and customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US", tz="UTC"))
        env = cls.env
        Partner = env["res.partner"]
        cls.agent = make_user(env, "cmp.agent", ["base.group_user", "logistics_crm.group_user"])
        cls.agent2 = make_user(env, "cmp.agent2", ["base.group_user", "logistics_crm.group_user"])
        cls.account_manager = make_user(env, "cmp.am", ["base.group_user", "logistics_crm.group_account_manager"])
        cls.service_manager = make_user(env, "cmp.sm", ["base.group_user", "logistics_crm.group_service_manager"])
        cls.customer_a = Partner.create({"name": "Customer A Logistics Ltd", "is_company": True,
                                         "email": "service@customer-a.example.com", "customer_rank": 1,
                                         "customer_tier": "a", "account_manager_id": cls.account_manager.id})
        cls.customer_b = Partner.create({"name": "Customer B Trading Co", "is_company": True,
                                         "email": "desk@customer-b.example.com", "customer_rank": 1,
                                         "customer_tier": "c"})
        cls.contact_a = Partner.create({"name": "Alice of A", "parent_id": cls.customer_a.id,
                                        "email": "alice@customer-a.example.com"})
        cls.portal_a = create_portal_user(env, cls.customer_a, login="cmp.portal.a")
        cls.portal_b = create_portal_user(env, cls.customer_b, login="cmp.portal.b")
        (cls.portal_a | cls.portal_b).write({"lang": "en_US", "tz": "UTC"})
        cls.sub_late = env.ref("logistics_complaints.sub_ops_late")
        cls.sub_damage = env.ref("logistics_complaints.sub_supplier_damage")
        cls.Complaint = env["logistics.complaint"]

    @classmethod
    def _complaint(cls, env=None, **values):
        env = env or cls.env
        vals = {
            "partner_id": cls.customer_a.id,
            "contact_id": cls.contact_a.id,
            "channel": "phone",
            "category": "operations",
            "subcategory_id": cls.sub_late.id,
            "severity": "normal",
            "subject": "Late delivery",
            "description": "<p>The container arrived two days late.</p>",
        }
        vals.update(values)
        return env["logistics.complaint"].create(vals)

    @classmethod
    def _move_clock(cls, complaint, hours):
        """Time passes: the complaint was received ``hours`` earlier, its deadlines move with it."""
        complaint.flush_recordset()
        cls.env.cr.execute("""
            UPDATE logistics_complaint
               SET received_date = received_date - make_interval(secs => %(s)s),
                   response_deadline = response_deadline - make_interval(secs => %(s)s),
                   response_risk_date = response_risk_date - make_interval(secs => %(s)s),
                   resolution_deadline = resolution_deadline - make_interval(secs => %(s)s),
                   resolution_risk_date = resolution_risk_date - make_interval(secs => %(s)s),
                   sla_next_escalation = sla_next_escalation - make_interval(secs => %(s)s)
             WHERE id = %(id)s""", {"s": hours * 3600, "id": complaint.id})
        complaint.invalidate_recordset()


def workflow_to(complaint, state, manager):
    """Walk ``complaint`` (new) through the buttons up to ``state``."""
    steps = ["acknowledged", "investigating", "pending_approval", "approved", "resolved"]
    for step in steps[:steps.index(state) + 1]:
        if step == "acknowledged":
            complaint.action_acknowledge()
        elif step == "investigating":
            complaint.action_investigate()
        elif step == "pending_approval":
            complaint.write({"cause_analysis": "Cause", "corrective_action": "Measure"})
            complaint.action_submit_approval()
        elif step == "approved":
            complaint.with_user(manager).action_approve()
        elif step == "resolved":
            complaint.write({"resolution": "Done"})
            complaint.action_resolve()
    return complaint
