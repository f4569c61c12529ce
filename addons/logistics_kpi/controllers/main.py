from odoo import _, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager


class LogisticsKpiPortal(CustomerPortal):

    def _prepare_portal_layout_values(self):
        values = super(LogisticsKpiPortal, self)._prepare_portal_layout_values()
        # an employee without a logistics role has no statements, and /my still opens
        Statement = request.env["logistics.customer.statement"]
        values["statement_count"] = (
            Statement.search_count(self._statement_domain())
            if Statement.check_access_rights("read", raise_exception=False) else 0)
        Input = request.env["survey.user_input"]
        values["open_survey_count"] = (
            len(Input._portal_open_invitations(request.env.user.partner_id))
            if Input.check_access_rights("read", raise_exception=False) else 0)
        return values

    def _statement_domain(self):
        """Customers see the statements they were sent (record rules: their company's)."""
        if request.env.user.has_group("base.group_user"):
            return []
        return [("state", "=", "sent")]

    @http.route(["/my/statements", "/my/statements/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_statements(self, page=1, **kw):
        Statement = request.env["logistics.customer.statement"]
        domain = self._statement_domain()
        total = Statement.search_count(domain)
        pager = portal_pager(url="/my/statements", total=total, page=page, step=self._items_per_page)
        statements = Statement.search(domain, limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update({"statements": statements, "pager": pager, "page_name": "statement",
                       "default_url": "/my/statements"})
        return request.render("logistics_kpi.portal_my_statements", values)

    def _statement_check_access(self, statement_id, access_token=None):
        """The statement if the user may see it (record rules), or by its token; else raises."""
        statement = request.env["logistics.customer.statement"].browse(statement_id)
        sudo_statement = statement.sudo()
        if not sudo_statement.exists():
            raise MissingError(_("This statement does not exist."))
        try:
            statement.check_access_rights("read")
            statement.check_access_rule("read")
        except AccessError:
            if not access_token or not consteq(access_token, sudo_statement.access_token or ""):
                raise
        if sudo_statement.state != "sent" and not request.env.user.has_group("base.group_user"):
            raise MissingError(_("This statement does not exist."))  # not published to the customer yet
        return sudo_statement

    @http.route(["/my/statements/<int:statement_id>/pdf"], type="http", auth="public", website=True)
    def portal_statement_pdf(self, statement_id, access_token=None, **kw):
        try:
            statement = self._statement_check_access(statement_id, access_token)
        except (AccessError, MissingError):
            return request.not_found()
        if request.env.user._is_public() and not access_token:
            return request.redirect("/web/login?redirect=/my/statements")
        pdf, _fmt = request.env.ref("logistics_kpi.action_report_customer_statement").sudo().render_qweb_pdf(
            [statement.id])
        filename = "statement-%s-%s.pdf" % (statement.partner_id.id, statement.month[:7])
        headers = [("Content-Type", "application/pdf"), ("Content-Length", len(pdf)),
                   ("Content-Disposition", 'attachment; filename="%s"' % filename)]
        return request.make_response(pdf, headers=headers)

    @http.route(["/my/surveys"], type="http", auth="user", website=True)
    def portal_my_surveys(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update({
            "invitations": request.env["survey.user_input"]._portal_open_invitations(request.env.user.partner_id),
            "page_name": "survey_invitation",
        })
        return request.render("logistics_kpi.portal_my_surveys", values)
