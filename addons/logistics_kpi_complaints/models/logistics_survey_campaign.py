from datetime import timedelta

from odoo import models


class LogisticsSurveyCampaign(models.Model):
    _inherit = "logistics.survey.campaign"

    def _due_complaint_targets(self, now):
        """[(customer, "complaint-<id>")]: complaints closed at least ``delay_hours``
        ago and within the catch-up window, oldest first (one survey per complaint)."""
        self.ensure_one()
        until = now - timedelta(hours=self.delay_hours)
        since = until - timedelta(days=self.window_days)
        complaints = self.env["logistics.complaint"].sudo().search([
            ("closed_date", "!=", False), ("closed_date", "<=", until), ("closed_date", ">", since),
            ("partner_id", "!=", False)], order="closed_date, id")
        targets = [(c.partner_id.commercial_partner_id, "complaint-%d" % c.id) for c in complaints]
        if self.partner_ids:
            targets = [(partner, key) for partner, key in targets if partner in self.partner_ids]
        return targets
