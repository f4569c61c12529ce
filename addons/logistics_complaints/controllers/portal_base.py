"""Moved to logistics_crm (the portal base of the whole suite): this name stays for code
that imports it from here."""
from odoo.addons.logistics_crm.controllers.portal_base import (  # noqa: F401
    MAX_ID,
    LogisticsPortal,
    token_equal,
    valid_id,
)

__all__ = ["MAX_ID", "LogisticsPortal", "token_equal", "valid_id"]
