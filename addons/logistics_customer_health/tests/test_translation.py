from odoo.tests.common import TransactionCase

from odoo.addons.logistics_crm.tests.common import assert_po_complete


class TestTranslation(TransactionCase):

    def test_zh_cn_complete(self):
        assert_po_complete(self, "logistics_customer_health", minimum=100)

    def test_reason_templates_keep_their_placeholders(self):
        from ..models.logistics_health_engine import (
            TEMPLATE_ARGS,
            pg_format,
            reason_templates,
        )
        self.env["res.lang"]._activate_lang("zh_CN")
        english = reason_templates(self.env["base"].with_context(lang="en_US").env)
        chinese = reason_templates(self.env["base"].with_context(lang="zh_CN").env)
        for key, names in TEMPLATE_ARGS.items():
            if key != "nps":    # "NPS a → b" reads the same in Chinese
                self.assertNotEqual(english[key], chinese[key], key)
            self.assertEqual(pg_format(chinese[key], names).count("$s"), len(names), key)
