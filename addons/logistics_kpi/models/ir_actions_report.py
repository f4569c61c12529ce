from odoo import models
from odoo.tools.pdf import merge_pdf

# the suite's reports that print several documents at once (a statement per customer)
MULTI_DOCUMENT_REPORTS = ("logistics_kpi.report_customer_statement", "logistics_kpi.report_kpi_period")


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _one_document_per_run_reports(self):
        """The reports printed one wkhtmltopdf run per document (see _run_wkhtmltopdf);
        the suite's other addons add theirs."""
        return MULTI_DOCUMENT_REPORTS

    def report_action(self, docids, data=None, config=True):
        """The suite's documents print with their own layout (logistics_kpi.report_layout, the
        company in the body): printing one never opens Odoo's document-layout wizard, which
        opens for an administrator whose company has no external_report_layout_id."""
        if len(self) == 1 and self.report_name in self._one_document_per_run_reports():
            config = False
        return super().report_action(docids, data=data, config=config)

    def _run_wkhtmltopdf(self, bodies, report_ref=False, header=None, footer=None, landscape=False,
                         specific_paperformat_args=None, set_viewport_size=False):
        """One wkhtmltopdf run per document, the PDFs merged, for this suite's reports.

        The wkhtmltopdf of the platform (Debian's, built on an unpatched Qt) refuses
        more than one input document ("does not support more than one input
        document"): printing several statements at once gave an empty file.
        """
        report = report_ref and self._get_report(report_ref)
        if len(bodies) > 1 and report and report.report_name in self._one_document_per_run_reports():
            return merge_pdf([
                super(IrActionsReport, self)._run_wkhtmltopdf(
                    [body], report_ref=report_ref, header=header, footer=footer, landscape=landscape,
                    specific_paperformat_args=specific_paperformat_args, set_viewport_size=set_viewport_size)
                for body in bodies])
        return super()._run_wkhtmltopdf(
            bodies, report_ref=report_ref, header=header, footer=footer, landscape=landscape,
            specific_paperformat_args=specific_paperformat_args, set_viewport_size=set_viewport_size)
