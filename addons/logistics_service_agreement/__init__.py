from . import controllers
from . import models
from . import wizards


def uninstall_hook(env):
    """Before Odoo deletes the addon's reason codes: the waybills no longer point at them
    (the column goes with the addon)."""
    env.cr.execute("UPDATE logistics_shipment SET delay_reason_id = NULL WHERE delay_reason_id IS NOT NULL")
