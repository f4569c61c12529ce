"""Odoo entry point run by the project's venv python (see runtime/bin/odoo).

A file, not ``python -c``: the prefork server re-executes ``sys.argv[0]`` to
start its gevent long-polling process.
"""
import sys

import odoo.cli

if __name__ == "__main__":
    sys.exit(odoo.cli.main())
