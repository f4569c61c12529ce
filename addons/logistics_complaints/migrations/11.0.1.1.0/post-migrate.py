# Copyright 2026 The Logistics CRM authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Texts changed in 11.0.1.1.0: the deadlines of the customer mails are shown in the recipient's
time zone (no longer UTC), the complaint's tier is the "Tier at intake", and the escalation
job commits after each batch.

Updating the module rewrites the English texts but keeps the translations already stored
(zh_CN...), which would still say UTC / "Tier": drop them, the module's .po files are loaded
right after this script.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        DELETE FROM ir_translation
         WHERE type = 'model' AND name = 'mail.template,body_html'
           AND res_id IN (SELECT res_id FROM ir_model_data
                           WHERE module = 'logistics_complaints' AND model = 'mail.template'
                             AND name IN ('mail_template_complaint_received',
                                          'mail_template_complaint_acknowledged'))
    """)
    cr.execute("""
        DELETE FROM ir_translation
         WHERE type = 'model' AND name IN ('ir.model.fields,field_description', 'ir.model.fields,help')
           AND res_id IN (SELECT id FROM ir_model_fields
                           WHERE name = 'customer_tier'
                             AND model IN ('logistics.complaint', 'logistics.complaint.report'))
    """)
    # the scheduled action is noupdate: give it the new call, unless it was customised
    cr.execute("""
        UPDATE ir_act_server a SET code = 'model._cron_escalate(auto_commit=True)'
          FROM ir_cron c, ir_model_data d
         WHERE d.module = 'logistics_complaints' AND d.name = 'ir_cron_complaint_escalation'
           AND d.model = 'ir.cron' AND c.id = d.res_id AND a.id = c.ir_actions_server_id
           AND trim(a.code) = 'model._cron_escalate()'
    """)
