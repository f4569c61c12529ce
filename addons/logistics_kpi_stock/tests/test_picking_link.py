from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests.common import TransactionCase

from odoo.addons.logistics_crm.tests.common import LogisticsCrmCase


class TestPickingLink(LogisticsCrmCase, TransactionCase):
    """A waybill made from a delivery order carries its customer, dates and cargo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.customer_a = cls.customer("Picking Customer A")
        cls.customer_b = cls.customer("Picking Customer B")
        cls.contact_a = env["res.partner"].create({"name": "Warehouse desk A", "parent_id": cls.customer_a.id})
        cls.product = env["product.product"].create(
            {"name": "Pallet of tiles", "type": "consu", "is_storable": True, "weight": 12.5})
        cls.picking = cls.delivery(cls.contact_a, 8)
        # an account manager who also works in the warehouse app
        cls.am1.groups_id = [Command.link(env.ref("stock.group_stock_user").id)]

    @classmethod
    def delivery(cls, partner, quantity):
        env = cls.env
        picking_type = env.ref("stock.picking_type_out")
        return env["stock.picking"].create({
            "partner_id": partner.id if partner else False,
            "picking_type_id": picking_type.id,
            "location_id": env.ref("stock.stock_location_stock").id,
            "location_dest_id": env.ref("stock.stock_location_customers").id,
            "scheduled_date": "2026-03-02 08:00:00",
            "move_ids": [Command.create({
                "name": cls.product.name, "product_id": cls.product.id, "product_uom_qty": quantity,
                "product_uom": cls.product.uom_id.id,
                "location_id": env.ref("stock.stock_location_stock").id,
                "location_dest_id": env.ref("stock.stock_location_customers").id,
            })],
        })

    def test_create_from_delivery_order(self):
        action = self.picking.with_user(self.am1).action_create_shipment()
        self.assertEqual(action["res_model"], "logistics.shipment")
        shipment = self.env["logistics.shipment"].with_user(self.am1).with_context(**action["context"]).create({})
        self.assertEqual(shipment.picking_id, self.picking)
        self.assertEqual(shipment.partner_id, self.customer_a, "the commercial partner, not the contact")
        self.assertEqual(shipment.name, self.picking.name)
        self.assertEqual(shipment.pickup_planned, datetime(2026, 3, 2, 8, 0))
        self.assertEqual(shipment.pieces, 8)
        self.assertAlmostEqual(shipment.weight, 100.0)
        self.picking.invalidate_recordset()
        self.assertEqual(self.picking.shipment_count, 1)
        view = self.picking.action_view_shipments()
        self.assertEqual(self.env["logistics.shipment"].search(view["domain"]), shipment)

    def test_onchange_fills_an_empty_shipment(self):
        shipment = self.env["logistics.shipment"].new({"picking_id": self.picking.id})
        shipment._onchange_picking_id()
        self.assertEqual(shipment.partner_id, self.customer_a)
        self.assertEqual(shipment.pickup_planned, datetime(2026, 3, 2, 8, 0))
        self.assertEqual(shipment.pieces, 8)

    def test_transfer_of_another_customer_is_refused(self):
        with self.assertRaisesRollback(ValidationError):
            self.env["logistics.shipment"].create({
                "name": "WRONG-1", "partner_id": self.customer_b.id, "picking_id": self.picking.id,
                "pickup_planned": "2026-03-02 08:00:00"})
        self.assertFalse(self.env["logistics.shipment"].search([("name", "=", "WRONG-1")]))

    def test_transfer_without_partner(self):
        picking = self.delivery(False, 1)
        with self.assertRaises(UserError):
            picking.action_create_shipment()

    def test_stock_user_without_logistics_rights_opens_transfers(self):
        clerk = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Stock clerk", "login": "stock.clerk.test",
            "groups_id": [Command.set([self.env.ref("stock.group_stock_user").id])]})
        self.env["logistics.shipment"].create({
            "name": "SEEN-1", "partner_id": self.customer_a.id, "picking_id": self.picking.id,
            "pickup_planned": "2026-03-02 08:00:00"})
        picking = self.picking.with_user(clerk)
        picking.invalidate_recordset()
        self.assertEqual(picking.shipment_count, 0, "no count leaks to a user who may not read shipments")
        with self.assertRaises(AccessError):
            self.env["logistics.shipment"].with_user(clerk).search([("picking_id", "=", picking.id)]).read(["name"])
