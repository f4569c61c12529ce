from odoo.tests.common import TransactionCase

from odoo.addons.logistics_crm.tests.common import assert_po_complete


class TestTranslation(TransactionCase):

    def test_zh_cn_complete(self):
        assert_po_complete(self, "logistics_kpi_stock", minimum=5)

    def test_zh_cn_loaded(self):
        field = self.env["logistics.shipment"].with_context(lang="zh_CN").fields_get(["picking_id"])
        self.assertEqual(field["picking_id"]["string"], "调拨单")
