from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class LogisticsShipment(models.Model):
    _inherit = "logistics.shipment"

    picking_id = fields.Many2one(
        "stock.picking", string="Transfer", index=True, ondelete="set null", copy=False,
        help="The stock transfer (e.g. the delivery order) this waybill carries.")

    @api.onchange("picking_id")
    def _onchange_picking_id(self):
        picking = self.picking_id
        if not picking:
            return
        if picking.partner_id:
            self.partner_id = picking.partner_id.commercial_partner_id
        if not self.pickup_planned and picking.scheduled_date:
            self.pickup_planned = picking.scheduled_date
        if not self.pickup_actual and picking.date_done:
            self.pickup_actual = picking.date_done
        if not self.pieces:
            self.pieces = int(sum(picking.move_lines.mapped("product_uom_qty")))
        if not self.weight:
            self.weight = sum(move.product_id.weight * move.product_uom_qty for move in picking.move_lines)

    @api.constrains("picking_id", "partner_id")
    def _check_picking_partner(self):
        for shipment in self:
            picking_partner = shipment.picking_id.partner_id.commercial_partner_id
            if picking_partner and picking_partner != shipment.partner_id:
                raise ValidationError(
                    _("Shipment %s: the transfer %s belongs to %s, not to %s.")
                    % (shipment.name, shipment.picking_id.name, picking_partner.display_name,
                       shipment.partner_id.display_name))
