from odoo import fields, models

from .logistics_complaint import DONE_STATES


class ResPartner(models.Model):
    _inherit = "res.partner"

    complaint_ids = fields.One2many("logistics.complaint", "partner_id", string="Customer complaints",
                                    groups="base.group_user")
    complaint_count = fields.Integer("Complaints", compute="_compute_complaint_counts", groups="base.group_user")
    complaint_open_count = fields.Integer("Open complaints", compute="_compute_complaint_counts",
                                          groups="base.group_user")
    complaint_breached_count = fields.Integer("Complaints breaching the SLA", compute="_compute_complaint_counts",
                                              groups="base.group_user")
    complaint_repeat_count = fields.Integer("Repeat complaints", compute="_compute_complaint_counts",
                                            groups="base.group_user")

    def _compute_complaint_counts(self):
        Complaint = self.env["logistics.complaint"]
        counts = {}
        if Complaint.has_access("read"):
            rows = Complaint._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)],
                ["partner_id", "state", "sla_status", "is_repeat"], ["__count"])
            for partner, state, sla_status, is_repeat, count in rows:
                total, open_, breached, repeat = counts.get(partner.id, (0, 0, 0, 0))
                is_open = state not in DONE_STATES
                counts[partner.id] = (total + count, open_ + (count if is_open else 0),
                                      breached + (count if is_open and sla_status == "breached" else 0),
                                      repeat + (count if is_repeat else 0))
        for partner in self:
            total, open_, breached, repeat = counts.get(partner.commercial_partner_id.id, (0, 0, 0, 0))
            partner.complaint_count = total
            partner.complaint_open_count = open_
            partner.complaint_breached_count = breached
            partner.complaint_repeat_count = repeat

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("logistics_complaints.logistics_complaint_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id,
                             "search_default_filter_open": 1}
        return action

    def _account_moved(self, before):
        """A contact that leaves a customer stops following its complaints (it no longer
        reads them, and would go on being mailed about them)."""
        res = super()._account_moved(before)
        Complaint = self.env["logistics.complaint"].sudo()
        for partner in self:
            followed = Complaint.search([("partner_id", "=", before[partner.id].id),
                                         ("message_partner_ids", "in", partner.ids)])
            followed.message_unsubscribe(partner_ids=partner.ids)
        return res
