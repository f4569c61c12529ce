from . import controllers
from . import models
from . import wizards


def uninstall_hook(env):
    """Before Odoo deletes the addon's records (its demo customers and account managers
    among them): the visits and account plans (their tables are dropped anyway) and the
    demo invoices the demo data generated for the demo customers, which would keep those
    partners from being deleted (foreign keys) and log errors."""
    env.cr.execute("DELETE FROM logistics_visit")
    env.cr.execute("DELETE FROM logistics_account_plan")
    env.cr.execute("""
        DELETE FROM account_move
         WHERE commercial_partner_id IN (SELECT res_id FROM ir_model_data
                                          WHERE module = 'logistics_crm' AND model = 'res.partner')
    """)
