"""`make test` fails when a test is skipped (conftest.py): a skipped test proves nothing,
and Odoo skips a tour whose Chromium did not start in time."""
import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class TestSkippedTestFailsTheRun(unittest.TestCase):

    def _run(self, body):
        # under the project's root, so that its conftest.py applies
        folder = tempfile.mkdtemp(prefix="skipcheck-", dir=os.path.join(ROOT, ".local"))
        self.addCleanup(subprocess.run, ["rm", "-rf", folder], check=False)
        with open(os.path.join(folder, "test_probe.py"), "w") as handle:
            handle.write("import unittest\n\n\nclass TestProbe(unittest.TestCase):\n"
                         "    def test_probe(self):\n        %s\n" % body)
        return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:odoo",
                               "-q", "--rootdir", ROOT, "-c", os.path.join(ROOT, "pytest.ini"), folder],
                              cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)

    def test_a_skipped_test_fails_the_run(self):
        skipped = self._run('self.skipTest("Chromium did not start")')
        self.assertEqual(skipped.returncode, 1, skipped.stdout + skipped.stderr)
        self.assertIn("a skipped test fails the run", skipped.stdout)
        passed = self._run("self.assertTrue(True)")
        self.assertEqual(passed.returncode, 0, passed.stdout + passed.stderr)
