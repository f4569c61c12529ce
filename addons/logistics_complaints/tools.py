"""Plain functions of the complaints addon: the checks of files uploaded on the portal.

No ORM here: the portal intake (controllers/intake.py) and the tests call them directly.
"""
import codecs
import re

from odoo.tools.mimetypes import guess_mimetype

# portal intake limits
PORTAL_MAX_DESCRIPTION = 5000
PORTAL_MAX_SUBJECT = 200
PORTAL_MAX_REF = 64
PORTAL_MAX_FILES = 5
PORTAL_MAX_FILE_SIZE = 5 * 1024 * 1024
PORTAL_MAX_FILENAME = 255
PORTAL_MAX_COMMENT = 2000
# accepted extensions -> the MIME types the content may have (see content_mimetype):
# guess_mimetype cannot tell the kinds of OLE (.doc/.xls) files apart reliably, and finds
# application/zip for an OOXML file without its usual layout
OLE_TYPES = ("application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint")
PORTAL_FILE_TYPES = {
    "pdf": ("application/pdf",),
    "png": ("image/png",),
    "jpg": ("image/jpeg",),
    "jpeg": ("image/jpeg",),
    "gif": ("image/gif",),
    "txt": ("text/plain",),
    "csv": ("text/csv", "text/plain"),
    "doc": OLE_TYPES,
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"),
    "xls": OLE_TYPES,
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"),
}
REF_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./_-]*$")
ID_PATTERN = re.compile(r"^[0-9]{1,9}$")  # a record id typed in a form: digits, within PostgreSQL's int4
# characters no file name may hold: NUL and the other control characters, path separators
BAD_FILENAME = re.compile(r"[\x00-\x1f\x7f/\\]")


def looks_like_text(content):
    """Plain text (UTF-8, UTF-16 with BOM, GB18030): guess_mimetype cannot recognise text."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    elif b"\x00" in content:
        return False
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            content.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def content_mimetype(content):
    """The MIME type of an uploaded file by its content (Odoo's ``guess_mimetype``), with what
    guess_mimetype leaves undecided: text is text/plain, a JPEG without JFIF/Exif header image/jpeg."""
    mimetype = guess_mimetype(content) or "application/octet-stream"
    if mimetype == "application/octet-stream":
        if content.startswith(b"\xff\xd8\xff"):
            return "image/jpeg"
        if looks_like_text(content):
            return "text/plain"
    return mimetype


def file_extension(filename):
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def display_filename(filename):
    """A file name as an error message may show it: control characters made visible."""
    return BAD_FILENAME.sub("?", filename or "")[:PORTAL_MAX_FILENAME]


def check_upload(env, filename, content):
    """The errors (texts in ``env``'s language) of one uploaded file; an empty list if accepted."""
    filename = filename or ""
    shown = display_filename(filename)
    if BAD_FILENAME.search(filename) or len(filename) > PORTAL_MAX_FILENAME:
        return [env._("%(name)s: the file name contains characters that are not allowed "
                  "(control characters, / or \\) or is too long; rename the file.", name=shown)]
    ext = file_extension(filename)
    if ext not in PORTAL_FILE_TYPES:
        return [env._("%(name)s: this type of file is not accepted (accepted: %(types)s).",
                  name=shown, types=", ".join(sorted(PORTAL_FILE_TYPES)))]
    if len(content) > PORTAL_MAX_FILE_SIZE:
        return [env._("%(name)s is too large (at most %(mb)d MB).", name=shown, mb=PORTAL_MAX_FILE_SIZE // 2 ** 20)]
    if not content:
        return [env._("%(name)s is empty.", name=shown)]
    if content_mimetype(content) not in PORTAL_FILE_TYPES[ext]:
        return [env._("%(name)s: the content of the file is not a .%(ext)s file; it was not accepted.",
                  name=shown, ext=ext)]
    return []


def check_uploads(env, files):
    """The errors of a list of ``(filename, content)`` uploads."""
    errors = []
    if len(files) > PORTAL_MAX_FILES:
        errors.append(env._("Attach at most %(count)d files.", count=PORTAL_MAX_FILES))
    for filename, content in files:
        errors += check_upload(env, filename, content)
    return errors
