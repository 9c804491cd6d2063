"""Text extraction for search, run by a background job after the upload has been stored.

Uploaded files are untrusted: a small .docx can unzip to gigabytes of XML. Every extractor works
under a budget so a bomb costs bounded time and memory and yields an empty or partial text:
- at most MAX_TEXT characters are kept;
- a .docx part is refused when it declares more than MAX_RATIO times its compressed size, and
  at most MAX_XML_BYTES of it are read, streamed through a SAX parser (defusedxml: no DTDs,
  no entity expansion) that never builds a tree;
- a PDF is read page by page, at most MAX_PDF_PAGES (pypdf caps each decompressed stream);
- every extractor stops after MAX_SECONDS.
A file whose text cannot be read is still stored; it is only not searchable by its content.
"""

import logging
import time
import zipfile
from typing import BinaryIO
from xml.sax import handler as sax_handler

from defusedxml.sax import make_parser

from .checks import decode_text

logger = logging.getLogger(__name__)

MAX_TEXT = 200_000
MAX_XML_BYTES = 20 * 1024 * 1024
MAX_RATIO = 100
MAX_PDF_PAGES = 500
MAX_SECONDS = 10.0
READ_BLOCK = 64 * 1024
EXTRACTABLE = frozenset({"pdf", "docx", "txt"})

WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


class BudgetExceeded(Exception):
    """The file would cost more than the extraction budget; stop with what was read."""


class _Budget:
    def __init__(self, seconds: float = MAX_SECONDS) -> None:
        self.deadline = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise BudgetExceeded("time")


class _Text:
    """Collects text up to MAX_TEXT characters, then stops the extractor."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str) -> None:
        if not text:
            return
        self.parts.append(text)
        self.length += len(text)
        if self.length >= MAX_TEXT:
            raise BudgetExceeded("text")

    def value(self) -> str:
        return "".join(self.parts)


class _WordHandler(sax_handler.ContentHandler):
    """Paragraph text of WordprocessingML: <w:t> runs, a tab per <w:tab/> or table cell, a line
    break per paragraph."""

    def __init__(self, text: _Text) -> None:
        super().__init__()
        self.text = text
        self.in_run_text = False

    def startElementNS(self, name, qname, attrs) -> None:
        uri, local = name
        if uri != WORD_NS:
            return
        if local == "t":
            self.in_run_text = True
        elif local == "tab":
            self.text.add("\t")

    def endElementNS(self, name, qname) -> None:
        uri, local = name
        if uri != WORD_NS:
            return
        if local == "t":
            self.in_run_text = False
        elif local == "p":
            self.text.add("\n")
        elif local == "tc":
            self.text.add("\t")

    def characters(self, content: str) -> None:
        if self.in_run_text:
            self.text.add(content)


def _docx(source: BinaryIO, text: _Text, budget: _Budget) -> None:
    with zipfile.ZipFile(source) as archive:
        try:
            info = archive.getinfo("word/document.xml")
        except KeyError:
            return
        if info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise BudgetExceeded("ratio")
        parser = make_parser()
        parser.setFeature(sax_handler.feature_namespaces, True)
        parser.setFeature(sax_handler.feature_external_ges, False)
        parser.setContentHandler(_WordHandler(text))
        read = 0
        # The declared sizes may lie: the bytes actually inflated are counted as well.
        with archive.open(info) as part:
            while block := part.read(READ_BLOCK):
                read += len(block)
                if read > MAX_XML_BYTES:
                    raise BudgetExceeded("size")
                parser.feed(block)
                budget.check()
        parser.close()


def _pdf(source: BinaryIO, text: _Text, budget: _Budget) -> None:
    from pypdf import PdfReader

    for number, page in enumerate(PdfReader(source).pages):
        if number >= MAX_PDF_PAGES:
            raise BudgetExceeded("pages")
        text.add((page.extract_text() or "") + "\n")
        budget.check()


def _txt(source: BinaryIO, text: _Text, budget: _Budget) -> None:
    # Four bytes per character at most (UTF-8), so this reads enough for MAX_TEXT characters.
    text.add(decode_text(source.read(MAX_TEXT * 4)) or "")


_EXTRACTORS = {"pdf": _pdf, "docx": _docx, "txt": _txt}


def extract_text(ext: str, source: BinaryIO, *, seconds: float = MAX_SECONDS) -> str:
    """Plain text of a PDF, DOCX or TXT file read from the seekable `source`, within the budget.

    Returns "" for other types and for unreadable files; a file that runs over the budget gives
    the text read until then ("" when refused before parsing, as for a high expansion ratio).
    """
    extractor = _EXTRACTORS.get(ext)
    if extractor is None:
        return ""
    text = _Text()
    try:
        extractor(source, text, _Budget(seconds))
    except BudgetExceeded as reason:
        if str(reason) != "text":
            logger.warning("text extraction of a .%s file stopped: %s budget", ext, reason)
    except Exception:
        logger.warning("text extraction failed for a .%s file", ext, exc_info=True)
        return ""
    return text.value().replace("\x00", "")[:MAX_TEXT]
