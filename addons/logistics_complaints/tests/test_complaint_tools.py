from odoo.tests.common import TransactionCase

from .. import tools


class TestUploadChecks(TransactionCase):
    """The plain upload checks of tools.py."""

    def test_content_must_match_the_extension(self):
        self.assertEqual(tools.check_upload(self.env, "a.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), [])
        self.assertEqual(tools.check_upload(self.env, "a.txt", "运单".encode("gb18030")), [])
        self.assertEqual(tools.check_upload(self.env, "a.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20), [])
        self.assertTrue(tools.check_upload(self.env, "a.pdf", b"MZ\x90\x00"))
        self.assertTrue(tools.check_upload(self.env, "a.exe", b"MZ\x90\x00"))
        self.assertTrue(tools.check_upload(self.env, "noextension", b"text"))

    def test_bad_file_names_give_a_message(self):
        for name in ("a\x00.png", "../../etc/passwd.txt", "a\\b.txt", "x" * 300 + ".txt", "tab\t.txt"):
            errors = tools.check_upload(self.env, name, b"text")
            self.assertEqual(len(errors), 1, name)
            self.assertIn("not allowed", errors[0])
            self.assertNotIn("\x00", errors[0])

    def test_count_and_size(self):
        files = [("f%d.txt" % i, b"text") for i in range(6)]
        self.assertEqual(len(tools.check_uploads(self.env, files)), 1)
        self.assertTrue(tools.check_upload(self.env, "big.txt", b"a" * (tools.PORTAL_MAX_FILE_SIZE + 1)))
