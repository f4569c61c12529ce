import re

from odoo.tests.common import TransactionCase

from odoo.addons.logistics_crm.tests.common import assert_po_complete


class TestTranslation(TransactionCase):

    def test_zh_cn_complete(self):
        assert_po_complete(self, "logistics_customer_health", minimum=100)

    def test_reason_templates_keep_their_placeholders(self):
        from ..models.logistics_health_score import TEMPLATE_ARGS, reason_templates
        self.env["res.lang"]._activate_lang("zh_CN")
        english = reason_templates(self.env["base"].with_context(lang="en_US").env)
        chinese = reason_templates(self.env["base"].with_context(lang="zh_CN").env)
        for key, names in TEMPLATE_ARGS.items():
            if key != "nps":    # "NPS a → b" reads the same in Chinese
                self.assertNotEqual(english[key], chinese[key], key)
            # every placeholder of the source is in the translation, and formats
            self.assertEqual(set(names), set(re.findall(r"%\((\w+)\)s", chinese[key])), key)
            chinese[key] % dict.fromkeys(names, 1)

    def test_broken_translation_falls_back_to_the_source(self):
        """A translation that lost a placeholder must not break the partner form."""
        from ..models import logistics_health_score as module
        row = self.env["logistics.health.score"].new({
            "score": 40, "risk": "at_risk", "recent_weeks": 8, "base_weeks": 26,
            "penalty_arrival": 1.0, "arrival_base": 96.0, "arrival_recent": 82.0})
        original = module.reason_templates

        def broken(env):
            templates = original(env)
            if env.lang == "zh_CN":
                templates["arrival"] = "到达 %(nope)s"
            return templates
        self.env["res.lang"]._activate_lang("zh_CN")
        module.reason_templates = broken
        try:
            reason = row.with_context(lang="zh_CN").reason
        finally:
            module.reason_templates = original
        self.assertIn("arrival on time 96 % → 82 %", reason)
