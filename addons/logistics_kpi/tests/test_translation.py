from odoo.tests.common import TransactionCase

from odoo.addons.logistics_crm.tests.common import assert_po_complete


class TestTranslation(TransactionCase):

    def test_zh_cn_complete(self):
        assert_po_complete(self, "logistics_kpi")

    def test_zh_cn_loaded(self):
        fields = self.env["logistics.kpi.report"].with_context(lang="zh_CN").fields_get(
            ["dispatch_on_time_rate", "arrival_on_time_rate"])
        self.assertEqual(fields["dispatch_on_time_rate"]["string"], "派车及时率 %")
        kinds = dict(self.env["logistics.survey.campaign"].with_context(lang="zh_CN").fields_get(
            ["kind"])["kind"]["selection"])
        self.assertEqual(kinds["lost_customer"], "流失客户")
