from odoo import models
from odoo.tools.pdf import merge_pdf


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _run_wkhtmltopdf(self, bodies, report_ref=False, header=None, footer=None, landscape=False,
                         specific_paperformat_args=None, set_viewport_size=False):
        """Several review packs at once: one wkhtmltopdf run per pack, the PDFs merged (the platform's
        wkhtmltopdf refuses more than one input document, see logistics_kpi)."""
        report = report_ref and self._get_report(report_ref)
        if len(bodies) > 1 and report and report.report_name == "logistics_service_agreement.report_business_review":
            return merge_pdf([
                super(IrActionsReport, self)._run_wkhtmltopdf(
                    [body], report_ref=report_ref, header=header, footer=footer, landscape=landscape,
                    specific_paperformat_args=specific_paperformat_args, set_viewport_size=set_viewport_size)
                for body in bodies])
        return super()._run_wkhtmltopdf(
            bodies, report_ref=report_ref, header=header, footer=footer, landscape=landscape,
            specific_paperformat_args=specific_paperformat_args, set_viewport_size=set_viewport_size)
