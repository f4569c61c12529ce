from odoo import api, fields, models


class LogisticsShipment(models.Model):
    _inherit = "logistics.shipment"

    delay_reason_id = fields.Many2one(
        "logistics.delay.reason", string="Reason code", index="btree_not_null", ondelete="restrict",
        help="Why the shipment missed a service target (late pickup or delivery, documents, damage): "
             "listed with the misses against the customer's service agreement.")

    @api.model
    def _demo_assign_reasons(self):
        """Demo data: a reason code on the demo waybills that missed a target (deterministic)."""
        codes = {
            "dispatch": ["logistics_service_agreement.delay_reason_ops_dispatch",
                         "logistics_service_agreement.delay_reason_customer_not_ready",
                         "logistics_service_agreement.delay_reason_traffic"],
            "arrival": ["logistics_service_agreement.delay_reason_carrier_late",
                        "logistics_service_agreement.delay_reason_weather",
                        "logistics_service_agreement.delay_reason_customer_receiver"],
            "documents": ["logistics_service_agreement.delay_reason_documents"],
            "damage": ["logistics_service_agreement.delay_reason_carrier_damage"],
        }
        reasons = {key: [self.env.ref(xmlid) for xmlid in xmlids] for key, xmlids in codes.items()}
        demo = self.search([("name", "=like", "DEMO-%"), ("delay_reason_id", "=", False)], order="id")
        for index, shipment in enumerate(demo):
            if shipment.damaged:
                key = "damage"
            elif not shipment.documents_accurate:
                key = "documents"
            elif shipment.dispatch_due and not shipment.dispatch_on_time:
                key = "dispatch"
            elif shipment.arrival_due and not shipment.arrival_on_time:
                key = "arrival"
            else:
                continue
            if index % 5 == 4:
                continue  # some misses have no reason recorded
            shipment.delay_reason_id = reasons[key][index % len(reasons[key])]
        return True
