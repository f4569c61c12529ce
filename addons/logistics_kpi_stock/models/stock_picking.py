from odoo import _, api, fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    shipment_ids = fields.One2many("logistics.shipment", "picking_id", string="Shipments")
    shipment_count = fields.Integer("Shipment count", compute="_compute_shipment_count")

    @api.depends("shipment_ids")
    def _compute_shipment_count(self):
        Shipment = self.env["logistics.shipment"]
        by_picking = {}
        if Shipment.has_access("read"):
            by_picking = {picking.id: count for picking, count in Shipment._read_group(
                [("picking_id", "in", self.ids)], ["picking_id"], ["__count"])}
        for picking in self:
            picking.shipment_count = by_picking.get(picking.id, 0)

    def action_view_shipments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("logistics_kpi.logistics_shipment_action")
        action["domain"] = [("picking_id", "=", self.id)]
        action["context"] = self._shipment_defaults()
        return action

    def action_create_shipment(self):
        """Open a new waybill for this transfer, filled from it."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(_("Set the partner of transfer %s before creating its shipment.", self.name))
        return {
            "type": "ir.actions.act_window",
            "name": _("New shipment"),
            "res_model": "logistics.shipment",
            "view_mode": "form",
            "target": "current",
            "context": self._shipment_defaults(),
        }

    def _shipment_values(self):
        """What a waybill of this transfer takes from it: customer, dates, cargo."""
        self.ensure_one()
        return {
            "picking_id": self.id,
            "partner_id": self.partner_id.commercial_partner_id.id,
            "name": self.name,
            "pickup_planned": self.scheduled_date,
            "pickup_actual": self.date_done,
            "pieces": int(sum(self.move_ids.mapped("product_uom_qty"))),
            "weight": sum(move.product_id.weight * move.product_uom_qty for move in self.move_ids),
            "company_id": self.company_id.id,
        }

    def _shipment_defaults(self):
        return {"default_%s" % name: value for name, value in self._shipment_values().items()}
