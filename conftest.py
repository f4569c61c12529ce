"""Project-wide pytest configuration (pytest-odoo runs the tests).

pytest-odoo's own HTTP fixture cannot serve Odoo 11 (it starts and immediately
stops the server, which also drops the registries), so it is replaced here by
one threaded HTTP server for the whole session on a free port. HttpCase reads
the port from ``odoo.tests.common.PORT``.
"""
import socket
import threading

import pytest


def pytest_configure(config):
    # HttpCase tests are skipped by pytest-odoo unless --odoo-http is set; our
    # load_http fixture below provides the server.
    if hasattr(config.option, "odoo_http"):
        config.option.odoo_http = True


_server = {}


@pytest.fixture(scope="session", autouse=True)
def load_http(load_registry):
    import odoo
    import odoo.tests.common
    from odoo.service.server import ThreadedServer
    from odoo.service import wsgi_server

    if "thread" not in _server:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        odoo.tools.config["http_port"] = port
        odoo.tools.config["http_interface"] = "127.0.0.1"
        odoo.tests.common.PORT = port
        server = ThreadedServer(wsgi_server.application)
        server.port = port
        server.interface = "127.0.0.1"
        thread = threading.Thread(target=server.http_thread, name="odoo.service.httpd", daemon=True)
        thread.start()
        _server.update(thread=thread, server=server, port=port)
        for _ in range(100):  # wait until it accepts connections
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                threading.Event().wait(0.05)
    yield _server["port"]
