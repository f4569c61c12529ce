import hmac

from odoo import _, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

MAX_ID = 2 ** 31 - 1  # ids are PostgreSQL integers: a larger number in a URL is no record


def _token_matches(expected, given):
    """Constant-time comparison of access tokens; any text (non-ASCII too) is
    compared as UTF-8 bytes, so a strange token is a mismatch, not an error."""
    if not expected or not isinstance(given, str) or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


class LogisticsKpiPortal(CustomerPortal):

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

    @http.route(["/my/statements", "/my/statements/page/<int:page>"], type="http", auth="user", website=True)
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

    def _statement_check_access(self, statement_id, access_token=None):
        """The statement (sudo) if the user may read it (record rules), or by its
        token; a customer gets sent statements only. Raises otherwise."""
        if not isinstance(statement_id, int) or not 0 < statement_id <= MAX_ID:
            raise MissingError(_("This statement does not exist."))  # no PostgreSQL integer: no record
        statement = request.env["logistics.customer.statement"].browse(statement_id)
        sudo_statement = statement.sudo().exists()
        if not sudo_statement:
            raise MissingError(_("This statement does not exist."))
        if not statement.has_access("read"):
            if not _token_matches(sudo_statement.access_token, access_token):
                raise AccessError(_("You cannot see this statement."))
            # a token grants its statement to a visitor with the link or to a user of its
            # customer, never to a logged-in user of another customer (as the complaints)
            user = request.env.user
            if user.share and not user._is_public() and (
                    user.partner_id.commercial_partner_id != sudo_statement.partner_id.commercial_partner_id):
                raise AccessError(_("This link was sent to another customer."))
        if sudo_statement.state != "sent" and not request.env.user._is_internal():
            raise MissingError(_("This statement does not exist."))  # not published to the customer yet
        return sudo_statement

    @http.route(["/my/statements/<int:statement_id>/pdf"], type="http", auth="public", website=True)
    def portal_statement_pdf(self, statement_id, access_token=None, **kw):
        try:
            statement = self._statement_check_access(statement_id, access_token)
        except (AccessError, MissingError):
            return request.not_found()
        pdf, _fmt = request.env["ir.actions.report"].sudo()._render_qweb_pdf(
            "logistics_kpi.action_report_customer_statement", [statement.id])
        filename = "statement-%s-%s.pdf" % (statement.partner_id.id, statement.month.strftime("%Y-%m"))
        headers = [("Content-Type", "application/pdf"), ("Content-Length", len(pdf)),
                   ("Content-Disposition", 'attachment; filename="%s"' % filename)]
        return request.make_response(pdf, headers=headers)

    @http.route(["/my/surveys"], type="http", auth="user", website=True)
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
        if input_id > MAX_ID:
            raise request.not_found()
        invitation = request.env["survey.user_input"].sudo().browse(input_id).exists()
        try:
            url = invitation and invitation._portal_claim(request.env.user.partner_id)
        except MissingError:
            url = None
        if url is None or not invitation:
            raise request.not_found()
        return request.redirect(url or "/my/surveys?taken=1")
