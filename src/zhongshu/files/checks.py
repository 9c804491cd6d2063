"""Upload checks: size, extension allow-list, and content that matches the extension."""

import io
import zipfile

import filetype
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from zhongshu.core.errors import ServiceError

SNIFF_BYTES = 8192

# extension -> (stored content type, kinds `filetype` may detect for it)
_ZIP_KINDS = {"zip", "docx", "xlsx", "pptx", "epub", "jar", "odt", "ods", "odp", "apk"}
ALLOWED = {
    "pdf": ("application/pdf", {"pdf"}),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ZIP_KINDS,
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP_KINDS),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ZIP_KINDS,
    ),
    "ofd": ("application/ofd", _ZIP_KINDS),
    "zip": ("application/zip", _ZIP_KINDS),
    "txt": ("text/plain", set()),
    "jpg": ("image/jpeg", {"jpg"}),
    "jpeg": ("image/jpeg", {"jpg"}),
    "png": ("image/png", {"png"}),
    "gif": ("image/gif", {"gif"}),
}
# Office Open XML and OFD are zip files holding these parts.
_ZIP_MEMBERS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
    "ofd": "OFD.xml",
}


def max_upload_bytes() -> int:
    return int(getattr(settings, "FILES_MAX_UPLOAD_MB", 20)) * 1024 * 1024


def extension_of(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def decode_text(data: bytes) -> str | None:
    """The text of a .txt upload (UTF-8, else GB18030), or None when it is not text."""
    if b"\x00" in data:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _mismatch():
    return ServiceError(
        _("The file's content does not match its extension."),
        code="file_type_mismatch",
        field="file",
    )


def check_upload(upload) -> tuple[str, str]:
    """Refuse an upload that is too large, of a type not allowed or not what its name says.

    Returns (extension, content type to store).
    """
    limit = max_upload_bytes()
    if upload.size > limit:
        raise ServiceError(
            _("The file is too large: the limit is %(limit)d MB.")
            % {"limit": limit // (1024 * 1024)},
            code="file_too_large",
            field="file",
        )
    if upload.size == 0:
        raise ServiceError(_("The file is empty."), code="file_empty", field="file")
    ext = extension_of(upload.name or "")
    if ext not in ALLOWED:
        raise ServiceError(
            _("Files of this type are not accepted. Allowed: %(types)s.")
            % {"types": ", ".join(sorted(ALLOWED))},
            code="file_type_not_allowed",
            field="file",
        )
    mime_type, kinds = ALLOWED[ext]
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    detected = filetype.guess(head)
    if ext == "txt":
        if detected is not None:
            raise _mismatch()
        upload.seek(0)
        if decode_text(upload.read()) is None:
            raise _mismatch()
    elif detected is None or detected.extension not in kinds:
        raise _mismatch()
    elif ext in _ZIP_MEMBERS:
        upload.seek(0)
        try:
            with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            raise _mismatch() from None
        if _ZIP_MEMBERS[ext] not in names:
            raise _mismatch()
    upload.seek(0)
    return ext, mime_type
