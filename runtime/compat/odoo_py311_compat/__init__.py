"""Python 3.11 compatibility layer for the Odoo 11.0 server.

Loaded at interpreter start by ``odoo_py311_compat.pth`` (installed into the
virtualenv by ``runtime/bin/bootstrap``), so the server, ``odoo shell`` and
pytest all run with the same fixes.  No Odoo file is edited: standard-library
gaps are filled right away, and fixes inside Odoo modules are applied by an
import hook right after the module concerned has been executed.

Every fix carries a one-line reason; ``FIXES`` lists them for the tests and the
README.
"""
import sys

from . import stdlib, hooks

FIXES = stdlib.FIXES + hooks.FIXES

if sys.version_info[:2] != (3, 11):  # pragma: no cover - guarded by bootstrap
    raise ImportError("odoo_py311_compat targets Python 3.11 exactly")

stdlib.apply()
hooks.install()
