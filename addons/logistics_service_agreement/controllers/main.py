from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.logistics_crm.controllers.portal_base import LogisticsPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

REVIEW = "logistics.business.review"


class BusinessReviewPortal(LogisticsPortal):
    """The customer's sent quarterly business review packs (季度业务回顾): list and PDF."""

    def _review_domain(self):
        """Customers see the packs they were sent (record rules: their company's, sent)."""
        if request.env.user._is_internal():
            return []
        return [("state", "=", "sent")]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "review_count" in counters:
            Review = request.env["logistics.business.review"]
            values["review_count"] = (Review.search_count(self._review_domain())
                                      if Review.has_access("read") else 0)
        return values

    def _document_published(self, document_sudo):
        # a customer sees a pack once it is sent
        if document_sudo._name == REVIEW:
            return document_sudo.state == "sent"
        return super()._document_published(document_sudo)

    @http.route(["/my/reviews", "/my/reviews/page/<int:page>"], type="http", auth="user", website=True,
                readonly=True)
    def portal_my_reviews(self, page=1, **kw):
        Review = request.env["logistics.business.review"]
        if not Review.has_access("read"):
            return request.redirect("/my")
        domain = self._review_domain()
        pager = portal_pager(url="/my/reviews", total=Review.search_count(domain), page=page,
                             step=self._items_per_page)
        reviews = Review.search(domain, limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update({"reviews": reviews, "pager": pager, "page_name": "business_review",
                       "default_url": "/my/reviews"})
        return request.render("logistics_service_agreement.portal_my_reviews", values)

    @http.route(["/my/reviews/<int:review_id>", "/my/reviews/<int:review_id>/pdf"], type="http",
                auth="public", website=True, readonly=True)
    def portal_review_pdf(self, review_id, access_token=None, **kw):
        """The PDF as it was sent (its stored file, not a new print: the figures of a quarter
        may be corrected after the pack went out), by the suite's one access policy
        (``_document_check_access``, as the statements): the customer's own users, or the
        pack's token; a pack not sent yet, another customer's, or a wrong token: not found."""
        try:
            review = self._document_check_access(REVIEW, review_id, access_token)
        except (AccessError, MissingError):
            return request.not_found()
        if not review.attachment_id:
            return request.not_found()
        # the stored file through Odoo's ir.binary, under its name (in the customer's language)
        return request.env["ir.binary"]._get_stream_from(review.attachment_id.sudo()).get_response(as_attachment=True)
