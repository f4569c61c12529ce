"""The portal base of the logistics suite's controllers (logistics_kpi subclasses it)."""
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.portal.controllers.portal import CustomerPortal

MAX_ID = 2 ** 31 - 1  # ids are PostgreSQL integers: a larger number in a URL is no record


def token_equal(expected, given):
    """Compare two access tokens in constant time, as bytes: ``consteq`` on text refuses
    non-ASCII characters (a TypeError, i.e. an HTTP 500, for a token typed in a URL)."""
    if not expected or not given or not isinstance(given, str):
        return False
    return consteq(expected.encode("utf-8", "replace"), given.encode("utf-8", "replace"))


class LogisticsPortal(CustomerPortal):
    """One access check for the records of the suite reached on the portal by id and token."""

    def _document_customer(self, document_sudo):
        """The customer (commercial partner) a record's token is issued to; override per model."""
        if "partner_id" in document_sudo._fields:
            return document_sudo.partner_id.commercial_partner_id
        return request.env["res.partner"]

    def _document_check_access(self, model_name, document_id, access_token=None):
        """The record, sudo, if the user may read it or holds its token.

        Raises MissingError (no such record, or an id out of range) or AccessError. A token
        grants its own record only, and only to its customer: a visitor with the link (not
        logged in) or a user of that customer; a logged-in user of another company is refused
        even with the token."""
        if not isinstance(document_id, int) or not 0 < document_id <= MAX_ID:
            raise MissingError(request.env._("This document does not exist."))
        document = request.env[model_name].browse([document_id])
        document_sudo = document.sudo().exists()
        if not document_sudo:
            raise MissingError(request.env._("This document does not exist."))
        try:
            document.check_access("read")
            return document_sudo
        except AccessError:
            if not token_equal(document_sudo.access_token, access_token):
                raise
        user = request.env.user
        if not user._is_public():
            customer = self._document_customer(document_sudo)
            if not customer or user.partner_id.commercial_partner_id != customer:
                raise AccessError(request.env._("This link was sent to another customer."))
        else:
            self._speak_the_readers_language(self._document_reader(document_sudo))
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
