from werkzeug.exceptions import Forbidden, NotFound

from odoo import _, http
from odoo.exceptions import AccessError, ValidationError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager

from ..models.logistics_complaint import (PORTAL_FILE_TYPES, PORTAL_MAX_DESCRIPTION,
                                          PORTAL_MAX_FILE_SIZE, PORTAL_MAX_FILES, PORTAL_MAX_REF)

MAX_ID = 2 ** 31 - 1  # ids are PostgreSQL integers: a larger number in the URL is no complaint


class ComplaintPortal(CustomerPortal):

    def _complaint_domain(self):
        partner = request.env.user.partner_id
        return [("partner_id", "=", partner.commercial_partner_id.id)]

    def _prepare_portal_layout_values(self):
        values = super(ComplaintPortal, self)._prepare_portal_layout_values()
        Complaint = request.env["logistics.complaint"]
        values["complaint_count"] = (
            Complaint.search_count(self._complaint_domain())
            if Complaint.check_access_rights("read", raise_exception=False) else 0)
        return values

    def _complaint_check_access(self, complaint_id, access_token=None):
        """The complaint (sudo) if the user may read it or holds its token; 404 / 403 otherwise."""
        if not 0 < complaint_id <= MAX_ID:
            raise NotFound()
        complaint = request.env["logistics.complaint"].browse([complaint_id])
        complaint_sudo = complaint.sudo().exists()
        if not complaint_sudo:
            raise NotFound()
        if access_token:
            # compared as bytes: consteq refuses non-ASCII text (a TypeError, i.e. an HTTP 500)
            if consteq((complaint_sudo.access_token or "").encode(), access_token.encode()):
                return complaint_sudo
            raise Forbidden()
        try:
            complaint.check_access_rights("read")
            complaint.check_access_rule("read")
        except AccessError:
            raise Forbidden()
        return complaint_sudo

    # ---------------------------------------------------------------- list
    @http.route(["/my/complaints", "/my/complaints/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_complaints(self, page=1, sortby=None, filterby=None, **kw):
        values = self._prepare_portal_layout_values()
        Complaint = request.env["logistics.complaint"]
        searchbar_sortings = {
            "date": {"label": _("Newest"), "order": "received_date desc, id desc"},
            "name": {"label": _("Reference"), "order": "name desc"},
            "state": {"label": _("Status"), "order": "state, received_date desc"},
        }
        searchbar_filters = {
            "all": {"label": _("All"), "domain": []},
            "open": {"label": _("In progress"),
                     "domain": [("state", "in", ("new", "acknowledged", "investigating",
                                                 "pending_approval", "approved"))]},
            "resolved": {"label": _("Resolved"), "domain": [("state", "in", ("resolved", "closed"))]},
        }
        sortby = sortby if sortby in searchbar_sortings else "date"
        filterby = filterby if filterby in searchbar_filters else "all"
        domain = self._complaint_domain() + searchbar_filters[filterby]["domain"]
        total = Complaint.search_count(domain)
        pager = portal_pager(url="/my/complaints", url_args={"sortby": sortby, "filterby": filterby},
                             total=total, page=page, step=self._items_per_page)
        complaints = Complaint.search(domain, order=searchbar_sortings[sortby]["order"],
                                      limit=self._items_per_page, offset=pager["offset"])
        values.update({
            "complaints": complaints,
            "page_name": "complaint",
            "pager": pager,
            "default_url": "/my/complaints",
            "searchbar_sortings": searchbar_sortings,
            "sortby": sortby,
            "searchbar_filters": searchbar_filters,
            "filterby": filterby,
        })
        return request.render("logistics_complaints.portal_my_complaints", values)

    # ---------------------------------------------------------------- detail
    def _complaint_page_values(self, complaint, access_token, **kw):
        # dates in the reader's time zone, else the one of the complaint's mails
        tz = (not request.env.user._is_public() and request.env.user.tz) or complaint.get_notify_tz()
        request.context = dict(request.context, tz=tz)
        complaint = complaint.with_context(tz=tz)
        values = self._prepare_portal_layout_values() if not request.env.user._is_public() else {}
        field = complaint._fields["state"]
        states = dict(field._description_selection(request.env))
        # the tracking keeps the label in the language of whoever changed the state:
        # back to the key through every installed language, then the reader's label
        label_key = {}
        for lang in [None] + [code for code, _name in request.env["res.lang"].get_installed()]:
            for key, label in field._description_selection(request.env(context=dict(request.env.context, lang=lang))):
                label_key.setdefault(label, key)
        timeline = request.env["mail.tracking.value"].sudo().search([
            ("mail_message_id.model", "=", complaint._name),
            ("mail_message_id.res_id", "=", complaint.id),
            ("field", "=", "state"),
        ], order="id")
        values.update({
            "complaint": complaint,
            "page_name": "complaint",
            "timeline": [(t.mail_message_id.date, states.get(label_key.get(t.new_value_char), t.new_value_char))
                         for t in timeline],
            "states": states,
            "satisfaction": complaint._fields["customer_rating"]._description_selection(request.env),
            "access_token": access_token,
            "token": access_token,
            "no_breadcrumbs": bool(access_token) and request.env.user._is_public(),
            "error": kw.get("error"),
            "success": kw.get("success"),
        })
        return values

    @http.route(["/my/complaints/<int:complaint_id>"], type="http", auth="public", website=True)
    def portal_complaint_page(self, complaint_id, access_token=None, **kw):
        complaint = self._complaint_check_access(complaint_id, access_token)
        values = self._complaint_page_values(
            complaint, access_token,
            success=_("Your complaint %s was submitted.") % complaint.name if kw.get("success") else None)
        return request.render("logistics_complaints.portal_complaint_page", values)

    @http.route(["/my/complaints/<int:complaint_id>/rate"], type="http", auth="public", website=True,
                methods=["POST"])
    def portal_complaint_rate(self, complaint_id, access_token=None, rating=None, comment=None, **kw):
        complaint = self._complaint_check_access(complaint_id, access_token)
        user = request.env.user
        error = None
        try:
            with request.env.cr.savepoint():
                # complaint is sudo: say who rates (an anonymous visitor with the token: the contact)
                complaint.with_context(lang=request.env.lang).action_rate(
                    rating, comment, partner=None if user._is_public() else user.partner_id)
        except ValidationError as exc:
            error = exc.name
        values = self._complaint_page_values(
            complaint, access_token, error=error,
            success=None if error else _("Thank you for your rating."))
        return request.render("logistics_complaints.portal_complaint_page", values,
                              status=400 if error else 200)

    # ---------------------------------------------------------------- new
    def _new_complaint_values(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "complaint_new",
            "categories": request.env["logistics.complaint"]._fields["category"]._description_selection(
                request.env),  # in the customer's language
            "subcategories": request.env["logistics.complaint.subcategory"].sudo().search([]),
            "form": kw.get("form") or {},
            "error": kw.get("error"),
            "max_files": PORTAL_MAX_FILES,
            "max_file_mb": PORTAL_MAX_FILE_SIZE // 2 ** 20,
            "max_description": PORTAL_MAX_DESCRIPTION,
            "max_ref": PORTAL_MAX_REF,
            "file_types": ", ".join(sorted(PORTAL_FILE_TYPES)),
            "accept": ",".join("." + ext for ext in sorted(PORTAL_FILE_TYPES)),
        })
        return values

    @http.route(["/my/complaints/new"], type="http", auth="user", website=True, methods=["GET"])
    def portal_complaint_new(self, **kw):
        return request.render("logistics_complaints.portal_complaint_new", self._new_complaint_values())

    @staticmethod
    def _valid_csrf(token):
        try:
            return request.validate_csrf(token)
        except TypeError:  # a non-ASCII token: consteq refuses to compare it
            return False

    @http.route(["/my/complaints/new"], type="http", auth="user", website=True, methods=["POST"],
                csrf=False)
    def portal_complaint_submit(self, **post):
        # CSRF checked here (not by the framework) to answer with the form and a readable message
        form = {key: post.get(key, "") for key in ("category", "subcategory_id", "subject",
                                                    "shipment_ref", "description")}
        if not self._valid_csrf(post.get("csrf_token")):
            values = self._new_complaint_values(
                form=form, error=_("Your session has expired or the form is invalid; please submit it again."))
            return request.render("logistics_complaints.portal_complaint_new", values, status=400)
        files = []
        for upload in request.httprequest.files.getlist("attachments"):
            if not upload or not upload.filename:
                continue
            content = upload.read(PORTAL_MAX_FILE_SIZE + 1)
            files.append((upload.filename, content, upload.mimetype))
        try:
            with request.env.cr.savepoint():
                complaint = request.env["logistics.complaint"].with_context(
                    lang=request.env.lang)._portal_create(form, files)
        except ValidationError as exc:
            values = self._new_complaint_values(form=form, error=exc.name)
            return request.render("logistics_complaints.portal_complaint_new", values, status=400)
        return request.redirect("/my/complaints/%d?success=1" % complaint.id)
