from odoo import api, models
from odoo.tools import ormcache


class IrConfigParameter(models.Model):
    _inherit = "ir.config_parameter"

    @api.model
    @ormcache("keys")
    def _logistics_get_params(self, keys):
        """The stored values of the parameters ``keys`` (a tuple), None where not set: the
        settings of an addon in one query (logistics_crm.tools.Settings), cached as
        ``get_param`` is (Odoo clears the cache whenever a parameter changes)."""
        self.flush_model(["key", "value"])
        self.env.cr.execute("SELECT key, value FROM ir_config_parameter WHERE key = ANY(%s)", [list(keys)])
        stored = dict(self.env.cr.fetchall())
        return tuple(stored.get(key) for key in keys)
