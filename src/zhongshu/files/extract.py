"""Text extraction at upload, for search. A file whose text cannot be read is still stored."""

import io
import logging

from .checks import decode_text

logger = logging.getLogger(__name__)

MAX_TEXT = 200_000


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    parts, length = [], 0
    for page in PdfReader(io.BytesIO(data)).pages:
        text = page.extract_text() or ""
        parts.append(text)
        length += len(text)
        if length >= MAX_TEXT:
            break
    return "\n".join(parts)


def _docx(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _txt(data: bytes) -> str:
    return decode_text(data) or ""


_EXTRACTORS = {"pdf": _pdf, "docx": _docx, "txt": _txt}


def extract_text(ext: str, data: bytes) -> str:
    """Plain text of a PDF, DOCX or TXT file, cut at MAX_TEXT characters; "" if unreadable."""
    extractor = _EXTRACTORS.get(ext)
    if extractor is None:
        return ""
    try:
        text = extractor(data)
    except Exception:
        logger.warning("text extraction failed for a .%s file", ext, exc_info=True)
        return ""
    return text.replace("\x00", "")[:MAX_TEXT]
