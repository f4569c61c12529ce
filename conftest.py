"""Project-wide pytest configuration (pytest-odoo 2.3 runs the tests).

Odoo 18's own test runner marks the running test in
``odoo.modules.module.current_test`` (odoo/tests/suite.py): while it is set, Odoo
does not connect to SMTP servers, HttpCase checks that requests use the test's
cursor, and the websocket and mail queue behave as under test. pytest-odoo 2.3
does this only for Odoo 19 and later, so it is done here for every Odoo test
case. (A test asserting real delivery lifts it inside a block: see
``SmtpSink.delivering`` in logistics_crm's tests/common.py.)
"""
import pytest


@pytest.fixture(autouse=True)
def odoo_current_test(request):
    from odoo.modules import module
    from odoo.tests.common import BaseCase

    instance = getattr(request.node, "instance", None)
    if not isinstance(instance, BaseCase):
        yield
        return
    previous = module.current_test
    module.current_test = instance
    try:
        yield
    finally:
        module.current_test = previous


def pytest_sessionfinish(session, exitstatus):
    """A skipped test proves nothing: the run fails when any test was skipped (Odoo
    skips a tour whose Chromium did not start in time, a green run would then hide it)."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter:
            reporter.write_line("%d test(s) skipped: a skipped test fails the run (conftest.py)" % len(skipped),
                                red=True)
