import ast
import os

from odoo.tests.common import TransactionCase

from odoo.addons.logistics_crm.tests.common import assert_po_complete

I18N = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "i18n")


def read_po(path):
    """(msgid, msgstr) pairs of a .po file, without the header entry."""
    entries, current, key = [], None, None
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line.startswith("msgid "):
                if current:
                    entries.append(current)
                current, key = {"msgid": "", "msgstr": ""}, "msgid"
                line = line[6:]
            elif line.startswith("msgstr "):
                key = "msgstr"
                line = line[7:]
            elif not line.startswith('"'):
                continue
            if current is not None and line.startswith('"'):
                current[key] += ast.literal_eval(line)
    if current:
        entries.append(current)
    return [(e["msgid"], e["msgstr"]) for e in entries if e["msgid"]]


class TestComplaintI18n(TransactionCase):

    def test_every_msgid_of_zh_cn_is_translated(self):
        path = os.path.join(I18N, "zh_CN.po")
        entries = read_po(path)
        self.assertGreater(len(entries), 100)
        missing = [msgid for msgid, msgstr in entries if not msgstr.strip()]
        self.assertEqual(missing, [])

    def test_pot_is_current_and_translated(self):
        assert_po_complete(self, "logistics_complaints")

    def test_labels_in_chinese(self):
        Complaint = self.env["logistics.complaint"].with_context(lang="zh_CN")
        states = dict(Complaint._fields["state"]._description_selection(Complaint.env))
        self.assertEqual(states["pending_approval"], "待审批")
        categories = dict(Complaint._fields["category"]._description_selection(Complaint.env))
        self.assertEqual(categories["force_majeure"], "不可抗力")
        self.assertEqual(self.env.ref("logistics_complaints.sub_ops_late").with_context(lang="zh_CN").name,
                         "延误交货")

    def test_code_messages_in_chinese(self):
        from odoo.tools.translate import code_translations
        translations = code_translations.get_python_translations("logistics_complaints", "zh_CN")
        for source in ("Complaint acknowledged.", "Only Service Managers can approve or reject corrective measures.",
                       "Describe the problem."):
            self.assertTrue(translations.get(source), source)
