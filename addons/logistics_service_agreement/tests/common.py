"""Fixtures of the service agreement tests: customers with agreements, shipments, complaints."""
from datetime import date, timedelta

from odoo import fields
from odoo.tools import html2plaintext

from odoo.addons.logistics_crm.tests.common import create_portal_user  # noqa: F401
from odoo.addons.logistics_kpi.tests.common import KpiCase, month_start  # noqa: F401


def ago(hours=0, days=0):
    return fields.Datetime.now() - timedelta(hours=hours, days=days)


class AgreementCase(KpiCase):
    """KpiCase (users of each role, shipments) with two customers, the first one with an agreement."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US", tz="UTC"))
        cls.Agreement = cls.env["logistics.service.agreement"]
        cls.Complaint = cls.env["logistics.complaint"]
        cls.cust_a = cls.customer("Agreed Customer", lang="en_US")
        cls.cust_b = cls.customer("Other Customer", manager=cls.am2, lang="en_US")
        cls.agreement = cls.Agreement.create({
            "name": "SLA Agreed Customer",
            "partner_id": cls.cust_a.id,
            "date_start": date(2000, 1, 1),
            "dispatch_on_time_target": 90.0,
            "arrival_on_time_target": 90.0,
            "document_accuracy_target": 95.0,
            "damage_ceiling": 50.0,
            "response_hours": 4.0,
            "resolution_hours": 24.0,
            "pause_resolution_when_waiting": True,
        })

    @classmethod
    def complaint(cls, partner=None, **values):
        vals = {"partner_id": (partner or cls.cust_a).id, "channel": "phone", "severity": "normal",
                "subject": "Late delivery", "category": "operations"}
        vals.update(values)
        return cls.env["logistics.complaint"].create(vals)

    def messages(self, record):
        """The chatter of ``record`` as plain text."""
        return " ".join(html2plaintext(body or "") for body in record.message_ids.mapped("body"))
