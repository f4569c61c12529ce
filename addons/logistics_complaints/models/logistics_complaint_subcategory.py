from odoo import fields, models

from .logistics_complaint import CATEGORIES


class LogisticsComplaintSubcategory(models.Model):
    _name = "logistics.complaint.subcategory"
    _description = "Complaint sub-cause"
    _order = "category, sequence, id"

    name = fields.Char(required=True, translate=True)
    category = fields.Selection(CATEGORIES, string="Cause category", required=True, index=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    complaint_count = fields.Integer(compute="_compute_complaint_count")

    def _compute_complaint_count(self):
        data = self.env["logistics.complaint"]._read_group(
            [("subcategory_id", "in", self.ids)], ["subcategory_id"], ["__count"])
        counts = {sub.id: count for sub, count in data}
        for sub in self:
            sub.complaint_count = counts.get(sub.id, 0)
