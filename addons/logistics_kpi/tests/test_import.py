import csv
import os

from odoo.modules.module import get_module_path
from odoo.tests.common import TransactionCase

from .common import KpiCase

FIELDS = ["name", "partner_id", "pickup_planned", "pickup_actual", "delivery_planned", "delivery_actual",
          "documents_accurate", "damaged"]


class TestShipmentImport(KpiCase, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cust = cls.customer("Import Customer Ltd")

    def test_sample_file_imports(self):
        path = os.path.join(get_module_path("logistics_kpi"), "static", "sample", "shipments.csv")
        with open(path, encoding="utf-8") as f:
            rows = list(csv.reader(f))
        header, data = rows[0], rows[1:]
        # what the sample refers to: the demo customers and China's provinces (l10n_cn),
        # created here when this database has neither
        Partner, State = self.env["res.partner"], self.env["res.country.state"]
        for name in {row[header.index("partner_id")] for row in data}:
            if not Partner.search([("name", "=", name), ("is_company", "=", True)]):
                self.customer(name)
        for column in ("origin_state_id", "dest_state_id"):
            for name in {row[header.index(column)] for row in data}:
                if not State.search([("name", "=", name)]):
                    State.create({"name": name, "code": name[:2], "country_id": self.env.ref("base.cn").id})
        result = self.env["logistics.shipment"].load(header, data)
        self.assertEqual(result["messages"], [])
        self.assertEqual(len(result["ids"]), len(data))
        shipments = self.env["logistics.shipment"].browse(result["ids"])
        first = shipments.filtered(lambda s: s.name == "WB-2026-0001")
        self.assertTrue(first.dispatch_on_time)  # 20 minutes late: within the 30-minute tolerance
        self.assertEqual(first.dest_state_id.name, "北京市")
        second = shipments.filtered(lambda s: s.name == "WB-2026-0002")
        self.assertFalse(second.dispatch_on_time)
        self.assertFalse(second.arrival_on_time)

    def test_bad_rows_reported_and_nothing_imported(self):
        data = [
            ["IMP-1", self.cust.name, "2026-10-01 08:00:00", "2026-10-01 08:10:00", "", "", "1", "0"],
            ["IMP-2", "No Such Customer Co", "2026-10-01 08:00:00", "", "", "", "1", "0"],
            ["IMP-3", self.cust.name, "31/02/2026 8h", "", "", "", "1", "0"],
        ]
        result = self.env["logistics.shipment"].with_context(lang="en_US").load(FIELDS, data)
        self.assertFalse(result["ids"])
        self.assertFalse(self.env["logistics.shipment"].search([("name", "like", "IMP-")]))
        messages = [m["message"] for m in result["messages"] if m["type"] == "error"]
        self.assertEqual(len(messages), 2, messages)
        unknown = [m for m in messages if "No Such Customer Co" in m]
        self.assertEqual(len(unknown), 1)
        self.assertTrue(unknown[0].startswith("Row 3:"), unknown[0])
        bad_date = [m for m in messages if "31/02/2026" in m]
        self.assertEqual(len(bad_date), 1)
        self.assertTrue(bad_date[0].startswith("Row 4:"), bad_date[0])
