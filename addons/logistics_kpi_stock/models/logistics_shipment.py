from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class LogisticsShipment(models.Model):
    _inherit = "logistics.shipment"

    picking_id = fields.Many2one(
        "stock.picking", string="Transfer", index=True, ondelete="set null", copy=False,
        help="The stock transfer (e.g. the delivery order) this waybill carries.")

    @api.onchange("picking_id")
    def _onchange_picking_id(self):
        if not self.picking_id:
            return
        values = self.picking_id._shipment_values()
        if values["partner_id"]:
            self.partner_id = values["partner_id"]
        for name in ("pickup_planned", "pickup_actual", "pieces", "weight"):  # what is still empty
            if not self[name] and values[name]:
                self[name] = values[name]

    @api.constrains("picking_id", "partner_id")
    def _check_picking_partner(self):
        for shipment in self:
            picking_partner = shipment.picking_id.partner_id.commercial_partner_id
            if picking_partner and picking_partner != shipment.partner_id:
                raise ValidationError(
                    _("Shipment %(shipment)s: the transfer %(transfer)s belongs to %(owner)s, not to %(customer)s.",
                      shipment=shipment.name, transfer=shipment.picking_id.name,
                      owner=picking_partner.display_name, customer=shipment.partner_id.display_name))
