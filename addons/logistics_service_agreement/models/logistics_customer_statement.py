from odoo import models


class LogisticsCustomerStatement(models.Model):
    _inherit = "logistics.customer.statement"

    def _agreement_lines(self):
        """The month's KPIs against the customer's service agreement (empty without agreement)."""
        self.ensure_one()
        lang = self.partner_id.lang or self.env.lang  # labels in the reader's language, as the statement's
        return self.env["logistics.service.agreement"].with_context(lang=lang)._scorecard(self.partner_id, [self.month])

    def _agreement_misses(self, lines=None):
        """The shipments of the month behind each missed KPI, with their reason code."""
        self.ensure_one()
        lines = self._agreement_lines() if lines is None else lines
        missed = {line["kpi"] for line in lines if line["met"] is False}
        if not missed:
            return []
        lang = self.partner_id.lang or self.env.lang
        return self.env["logistics.service.agreement"].with_context(lang=lang)._kpi_misses(
            self.partner_id, self.month, self.month, missed)
