from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.logistics_crm.controllers.portal_base import LogisticsPortal, valid_id
from odoo.addons.portal.controllers.portal import pager as portal_pager

STATEMENT = "logistics.customer.statement"


class LogisticsKpiPortal(LogisticsPortal):
    """The customer's monthly statements (list, PDF) and survey invitations on the portal."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        # an employee without a logistics role has no statements, and /my still opens
        if "statement_count" in counters:
            Statement = request.env["logistics.customer.statement"]
            values["statement_count"] = (
                Statement.search_count(self._statement_domain()) if Statement.has_access("read") else 0)
        if "open_survey_count" in counters:
            values["open_survey_count"] = len(
                request.env["survey.user_input"]._portal_open_invitations(request.env.user.partner_id))
        return values

    def _statement_domain(self):
        """Customers see the statements they were sent (record rules: their company's, sent)."""
        if request.env.user._is_internal():
            return []
        return [("state", "=", "sent")]

    @http.route(["/my/statements", "/my/statements/page/<int:page>"], type="http", auth="user", website=True,
                readonly=True)
    def portal_my_statements(self, page=1, **kw):
        Statement = request.env["logistics.customer.statement"]
        if not Statement.has_access("read"):
            return request.redirect("/my")
        domain = self._statement_domain()
        total = Statement.search_count(domain)
        pager = portal_pager(url="/my/statements", total=total, page=page, step=self._items_per_page)
        statements = Statement.search(domain, limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update({"statements": statements, "pager": pager, "page_name": "statement",
                       "default_url": "/my/statements"})
        return request.render("logistics_kpi.portal_my_statements", values)

    def _document_published(self, document_sudo):
        # a customer sees a statement once it is sent
        if document_sudo._name == STATEMENT:
            return document_sudo.state == "sent"
        return super()._document_published(document_sudo)

    def _statement_check_access(self, statement_id, access_token=None):
        """The statement (sudo) by the suite's one access policy (``_document_check_access``)."""
        return self._document_check_access(STATEMENT, statement_id, access_token)

    @http.route(["/my/statements/<int:statement_id>/pdf"], type="http", auth="public", website=True, readonly=True)
    def portal_statement_pdf(self, statement_id, access_token=None, **kw):
        try:
            statement = self._statement_check_access(statement_id, access_token)
        except (AccessError, MissingError):
            return request.not_found()
        return self._document_pdf(statement, "logistics_kpi.action_report_customer_statement")

    @http.route(["/my/surveys"], type="http", auth="user", website=True, readonly=True)
    def portal_my_surveys(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update({
            "invitations": request.env["survey.user_input"]._portal_open_invitations(request.env.user.partner_id),
            "page_name": "survey_invitation",
            "taken": bool(kw.get("taken")),
        })
        return request.render("logistics_kpi.portal_my_surveys", values)

    @http.route(["/my/surveys/<int:input_id>/answer"], type="http", auth="user", website=True)
    def portal_my_survey_answer(self, input_id, **kw):
        """Answer an invitation of one's company (a colleague's not started yet included)."""
        if not valid_id(input_id):
            raise request.not_found()
        invitation = request.env["survey.user_input"].sudo().browse(input_id).exists()
        try:
            url = invitation and invitation._portal_claim(request.env.user.partner_id)
        except MissingError:
            url = None
        if url is None or not invitation:
            raise request.not_found()
        return request.redirect(url or "/my/surveys?taken=1")
