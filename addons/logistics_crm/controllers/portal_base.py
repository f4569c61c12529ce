"""The portal base of the suite: one access policy for every record a customer reaches on
the portal by id and token (complaints, statements, review packs, survey invitations).
The controllers of logistics_complaints, logistics_kpi and logistics_service_agreement
subclass it; as every subclass of CustomerPortal, it is part of Odoo's one portal
controller."""
import time

from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.portal.controllers.portal import CustomerPortal

MAX_ID = 2 ** 31 - 1  # ids are PostgreSQL integers: a larger number in a URL is no record
# read-your-writes: for this long after a visitor's own write (a complaint submitted, a rating),
# the pages that show it read from the primary; a replica may not have replayed it yet
READ_YOUR_WRITES_SECONDS = 30
WROTE_AT = "logistics_wrote_at"  # the session key of the visitor's last write


def remember_write():
    """Call after a write of the visitor (a POST of the portal): the pages declared
    ``readonly=read_only_unless_just_wrote`` read from the primary for a while."""
    request.session[WROTE_AT] = time.time()


def read_only_unless_just_wrote(_controller):
    """``readonly=`` of a portal page that shows what its visitor may just have written (Odoo 18
    calls it per request): read-only (served by the replica when ``db_replica_host`` is set)
    unless this session wrote in the last READ_YOUR_WRITES_SECONDS, so that a customer always
    sees the complaint he just submitted, even on a replica a little behind the primary."""
    wrote_at = request.session.get(WROTE_AT)
    return not (isinstance(wrote_at, (int, float)) and 0 <= time.time() - wrote_at < READ_YOUR_WRITES_SECONDS)


def token_equal(expected, given):
    """Compare two access tokens in constant time, as bytes: ``consteq`` on text refuses
    non-ASCII characters (a TypeError, i.e. an HTTP 500, for a token typed in a URL)."""
    if not expected or not given or not isinstance(given, str):
        return False
    return consteq(expected.encode("utf-8", "replace"), given.encode("utf-8", "replace"))


def valid_id(document_id):
    """An id a record may have: a positive PostgreSQL integer."""
    return isinstance(document_id, int) and not isinstance(document_id, bool) and 0 < document_id <= MAX_ID


class LogisticsPortal(CustomerPortal):
    """One access check for the records of the suite reached on the portal by id and token."""

    def _document_customer(self, document_sudo):
        """The customer (commercial partner) a record's token is issued to; override per model."""
        if "partner_id" in document_sudo._fields:
            return document_sudo.partner_id.commercial_partner_id
        return request.env["res.partner"]

    def _document_published(self, document_sudo):
        """Whether a customer may see the record yet (e.g. a statement once sent); employees
        who may read it see it before. Override per model."""
        return True

    def _document_check_access(self, model_name, document_id, access_token=None):
        """The record, sudo, if the user may read it or holds its token.

        Raises MissingError (no such record, an id out of range, or a record not published
        to its customer yet) or AccessError. A token grants its own record only, and only to
        its customer: a visitor with the link (not logged in) or a user of that customer; a
        logged-in user of another company (an employee without access too) is refused even
        with the token."""
        if not valid_id(document_id):
            raise MissingError(request.env._("This document does not exist."))
        document = request.env[model_name].browse([document_id])
        document_sudo = document.sudo().exists()
        if not document_sudo:
            raise MissingError(request.env._("This document does not exist."))
        user = request.env.user
        try:
            document.check_access("read")
        except AccessError:
            if not token_equal(document_sudo.access_token, access_token):
                raise
            if not user._is_public():
                customer = self._document_customer(document_sudo)
                if not customer or user.partner_id.commercial_partner_id != customer:
                    raise AccessError(request.env._("This link was sent to another customer.")) from None
            else:
                self._speak_the_readers_language(self._document_reader(document_sudo))
        if not user._is_internal() and not self._document_published(document_sudo):
            raise MissingError(request.env._("This document does not exist."))
        return document_sudo

    def _speak_the_readers_language(self, reader):
        """A visitor with the link reads the page in the language of the person it was sent to,
        not in the browser's (a Chinese customer on an English browser), unless the URL names a
        language (the portal's language selector)."""
        first = request.httprequest.path.split("/")[1:2]
        if first and request.env["res.lang"]._get_data(url_code=first[0]).code:
            return
        lang = request.env["res.lang"]._get_data(code=reader.lang) if reader.lang else None
        if not lang or not lang.code or lang.code == request.env.lang:
            return
        request.lang = lang
        request.update_context(lang=lang.code)
        request.session.context["lang"] = lang.code   # the page's scripts (the chatter) too
        request.future_response.set_cookie("frontend_lang", lang.code)

    def _document_reader(self, document_sudo):
        """The person a record's link is sent to: its contact, else its customer."""
        if "contact_id" in document_sudo._fields and document_sudo.contact_id:
            return document_sudo.contact_id
        return self._document_customer(document_sudo)

    def _document_pdf(self, document_sudo, report_ref):
        """The PDF of ``report_ref`` for a record returned by ``_document_check_access``,
        downloaded, through Odoo's portal (``_show_report``: the report in the company of the
        record, the file named by the record's ``_get_report_base_filename``)."""
        # in the language of the page (a visitor's: the reader's, see _speak_the_readers_language)
        document_sudo = document_sudo.with_context(lang=request.env.lang)
        return self._show_report(model=document_sudo, report_type="pdf", report_ref=report_ref, download=True)
