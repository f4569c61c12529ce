from . import models


def uninstall_hook(env):
    """Before Odoo deletes the addon's records: the "account at risk" activities (they
    point at the addon's activity type) and the waybills its demo data generated for its
    demo customers (they would keep those partners from being deleted)."""
    env.cr.execute("""
        DELETE FROM mail_activity
         WHERE activity_type_id IN (SELECT res_id FROM ir_model_data
                                     WHERE module = 'logistics_customer_health' AND model = 'mail.activity.type')
    """)
    env.cr.execute("""
        DELETE FROM logistics_shipment
         WHERE partner_id IN (SELECT p.id FROM res_partner p
                                JOIN ir_model_data d ON d.res_id = p.commercial_partner_id
                               WHERE d.module = 'logistics_customer_health' AND d.model = 'res.partner')
    """)
