from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    complaint_ids = fields.One2many("logistics.complaint", "partner_id", string="Complaints")
    complaint_count = fields.Integer("Complaints", compute="_compute_complaint_counts")
    complaint_open_count = fields.Integer("Open complaints", compute="_compute_complaint_counts")
    complaint_breached_count = fields.Integer("Complaints breaching the SLA", compute="_compute_complaint_counts")
    complaint_repeat_count = fields.Integer("Repeat complaints", compute="_compute_complaint_counts")

    def _compute_complaint_counts(self):
        Complaint = self.env["logistics.complaint"]
        if not Complaint.check_access_rights("read", raise_exception=False):
            for partner in self:
                partner.complaint_count = partner.complaint_open_count = 0
                partner.complaint_breached_count = partner.complaint_repeat_count = 0
            return
        commercial = self.mapped("commercial_partner_id")
        data = Complaint.read_group([("partner_id", "in", commercial.ids)],
                                    ["partner_id", "state", "sla_status", "is_repeat"],
                                    ["partner_id", "state", "sla_status", "is_repeat"], lazy=False)
        counts = {}
        for row in data:
            key = row["partner_id"][0]
            total, open_, breached, repeat = counts.get(key, (0, 0, 0, 0))
            n = row["__count"]
            is_open = row["state"] not in ("resolved", "closed", "cancelled")
            counts[key] = (total + n, open_ + (n if is_open else 0),
                           breached + (n if is_open and row["sla_status"] == "breached" else 0),
                           repeat + (n if row["is_repeat"] else 0))
        for partner in self:
            total, open_, breached, repeat = counts.get(partner.commercial_partner_id.id, (0, 0, 0, 0))
            partner.complaint_count = total
            partner.complaint_open_count = open_
            partner.complaint_breached_count = breached
            partner.complaint_repeat_count = repeat

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env.ref("logistics_complaints.logistics_complaint_action").read()[0]
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id,
                             "search_default_filter_open": 1}
        return action
