from odoo.tests.common import TransactionCase

from .common import assert_po_complete


class TestTranslation(TransactionCase):

    def test_zh_cn_complete(self):
        assert_po_complete(self, "logistics_crm")

    def test_zh_cn_loaded(self):
        field = self.env["res.partner"].with_context(lang="zh_CN").fields_get(["customer_tier", "is_key_account"])
        self.assertEqual(field["is_key_account"]["string"], "大客户")
        visit_types = dict(self.env["logistics.visit"].with_context(lang="zh_CN").fields_get(
            ["visit_type"])["visit_type"]["selection"])
        self.assertEqual(visit_types["complaint_followup"], "投诉回访")
