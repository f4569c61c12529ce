from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import request

from odoo.addons.logistics_crm.controllers.portal_base import (
    LogisticsPortal,
    read_only_unless_just_wrote,
    remember_write,
)
from odoo.addons.portal.controllers.portal import pager as portal_pager

from .. import tools
from ..models.logistics_complaint import OPEN_STATES
from . import intake


class ComplaintPortal(LogisticsPortal):
    _complaints_per_page = 20  # as the portal lists of Odoo 11 did: a page the customer reads

    def _complaint_domain(self):
        return [("partner_id", "=", request.env.user.partner_id.commercial_partner_id.id)]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            Complaint = request.env["logistics.complaint"]
            values["complaint_count"] = (Complaint.search_count(self._complaint_domain())
                                         if Complaint.has_access("read") else 0)
        return values

    def _complaint_or_http_error(self, complaint_id, access_token):
        try:
            return self._document_check_access("logistics.complaint", complaint_id, access_token)
        except MissingError:
            raise NotFound() from None
        except AccessError:
            raise Forbidden() from None

    # ---------------------------------------------------------------- list
    @http.route(["/my/complaints", "/my/complaints/page/<int:page>"], type="http", auth="user", website=True,
                readonly=read_only_unless_just_wrote)
    def portal_my_complaints(self, page=1, sortby=None, filterby=None, **kw):
        env = request.env
        Complaint = env["logistics.complaint"]
        searchbar_sortings = {
            "date": {"label": env._("Newest"), "order": "received_date desc, id desc"},
            "name": {"label": env._("Reference"), "order": "name desc"},
            "state": {"label": env._("Status"), "order": "state, received_date desc"},
        }
        searchbar_filters = {
            "all": {"label": env._("All"), "domain": []},
            "open": {"label": env._("In progress"), "domain": [("state", "in", OPEN_STATES)]},
            "resolved": {"label": env._("Resolved"), "domain": [("state", "in", ("resolved", "closed"))]},
        }
        sortby = sortby if sortby in searchbar_sortings else "date"
        filterby = filterby if filterby in searchbar_filters else "all"
        domain = self._complaint_domain() + searchbar_filters[filterby]["domain"]
        pager = portal_pager(url="/my/complaints", url_args={"sortby": sortby, "filterby": filterby},
                             total=Complaint.search_count(domain), page=page, step=self._complaints_per_page)
        complaints = Complaint.search(domain, order=searchbar_sortings[sortby]["order"],
                                      limit=self._complaints_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
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
        request.session["my_complaints_history"] = complaints.ids[:100]
        return request.render("logistics_complaints.portal_my_complaints", values)

    # ---------------------------------------------------------------- detail
    def _complaint_page_values(self, complaint_sudo, access_token, **kw):
        # dates in the reader's time zone, else the one of the complaint's mails
        user = request.env.user
        tz = (not user._is_public() and user.tz) or complaint_sudo.get_notify_tz()
        request.update_context(tz=tz)
        complaint_sudo = complaint_sudo.with_context(tz=tz, lang=request.env.lang)
        values = self._prepare_portal_layout_values()
        values.update({
            "complaint": complaint_sudo,
            "page_name": "complaint",
            "timeline": complaint_sudo._portal_timeline(),
            "satisfaction": complaint_sudo._fields["customer_rating"]._description_selection(request.env),
            "can_rate": complaint_sudo._portal_can_rate() and self._may_rate(complaint_sudo),
        })
        return self._get_page_view_values(complaint_sudo, access_token, values, "my_complaints_history",
                                          False, **kw)

    def _may_rate(self, complaint_sudo):
        user = request.env.user
        return user._is_public() or user.partner_id.commercial_partner_id == complaint_sudo.partner_id

    @http.route(["/my/complaints/<int:complaint_id>"], type="http", auth="public", website=True,
                readonly=read_only_unless_just_wrote)
    def portal_complaint_page(self, complaint_id, access_token=None, **kw):
        complaint_sudo = self._complaint_or_http_error(complaint_id, access_token)
        success = (request.env._("Your complaint %(name)s was submitted.", name=complaint_sudo.name)
                   if kw.get("success") else None)
        values = self._complaint_page_values(complaint_sudo, access_token, success=success,
                                             pid=kw.get("pid"), hash=kw.get("hash"))
        return request.render("logistics_complaints.portal_complaint_page", values)

    @http.route(["/my/complaints/<int:complaint_id>/rate"], type="http", auth="public", website=True,
                methods=["POST"])
    def portal_complaint_rate(self, complaint_id, access_token=None, rating=None, comment=None, **kw):
        complaint_sudo = self._complaint_or_http_error(complaint_id, access_token)
        user = request.env.user
        error = None
        try:
            with request.env.cr.savepoint():
                # sudo after the access check: say who rates (a visitor with the token: the contact)
                complaint_sudo.with_context(lang=request.env.lang).action_rate(
                    rating, comment, partner=None if user._is_public() else user.partner_id)
        except (ValidationError, AccessError) as exc:
            error = exc.args[0]
        else:
            remember_write()
        values = self._complaint_page_values(
            complaint_sudo, access_token, error=error,
            success=None if error else request.env._("Thank you for your rating."))
        return request.render("logistics_complaints.portal_complaint_page", values, status=400 if error else 200)

    # ---------------------------------------------------------------- new
    def _new_complaint_values(self, form=None, error=None):
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "complaint_new",
            "problem_types": request.env["logistics.complaint"]._fields["problem_type"]._description_selection(
                request.env),
            "form": form or {},
            "error": error,
            "max_files": tools.PORTAL_MAX_FILES,
            "max_file_mb": tools.PORTAL_MAX_FILE_SIZE // 2 ** 20,
            "max_description": tools.PORTAL_MAX_DESCRIPTION,
            "max_subject": tools.PORTAL_MAX_SUBJECT,
            "max_ref": tools.PORTAL_MAX_REF,
            "file_types": ", ".join(sorted(tools.PORTAL_FILE_TYPES)),
            "accept": ",".join("." + ext for ext in sorted(tools.PORTAL_FILE_TYPES)),
        })
        return values

    @http.route(["/my/complaints/new"], type="http", auth="user", website=True, methods=["GET"], readonly=True)
    def portal_complaint_new(self, **kw):
        return request.render("logistics_complaints.portal_complaint_new", self._new_complaint_values())

    @http.route(["/my/complaints/new"], type="http", auth="user", website=True, methods=["POST"])
    def portal_complaint_submit(self, **post):
        form = intake.clean_form(post)
        files = [(upload.filename, upload.read(tools.PORTAL_MAX_FILE_SIZE + 1))
                 for upload in request.httprequest.files.getlist("attachments") if upload and upload.filename]
        try:
            with request.env.cr.savepoint():
                complaint = intake.create_complaint(request.env, form, files)
        except ValidationError as exc:
            values = self._new_complaint_values(form=form, error=exc.args[0])
            return request.render("logistics_complaints.portal_complaint_new", values, status=400)
        remember_write()  # the complaint's page and the list next: from the primary
        return request.redirect("/my/complaints/%d?success=1" % complaint.id)
