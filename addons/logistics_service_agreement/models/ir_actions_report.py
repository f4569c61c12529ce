from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _one_document_per_run_reports(self):
        """Several review packs at once: one wkhtmltopdf run per pack (see logistics_kpi)."""
        return super()._one_document_per_run_reports() + ("logistics_service_agreement.report_business_review",)
