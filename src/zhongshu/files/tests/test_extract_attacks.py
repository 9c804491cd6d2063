"""Untrusted files cost a bounded amount of time and memory to read (issue: hardening #1, #8)."""

import io
import tracemalloc
import zipfile

import pytest

from zhongshu.files import extract
from zhongshu.files.extract import MAX_TEXT, extract_text
from zhongshu.files.models import Attachment
from zhongshu.files.registry import register_attachment_owner
from zhongshu.files.services import attachment_create
from zhongshu.files.signals import attachment_text_extracted

from .conftest import docx_bytes
from .test_services import upload

DOCUMENT_XML = "word/document.xml"
HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
TAIL = "</w:body></w:document>"


def docx_with_body(paragraphs: int, paragraph: str = "<w:p/>") -> bytes:
    """A .docx whose document.xml repeats `paragraph`, streamed into the zip (no big string)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(DOCUMENT_XML, "w") as part:
            part.write(HEAD.encode())
            block = (paragraph * 10_000).encode()
            for _ in range(paragraphs // 10_000):
                part.write(block)
            part.write(TAIL.encode())
    return buffer.getvalue()


def test_a_docx_bomb_is_refused_before_parsing():
    bomb = docx_with_body(3_000_000)  # ~18 MB of XML in a small file
    assert len(bomb) < 1_000_000
    tracemalloc.start()
    text = extract_text("docx", io.BytesIO(bomb))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert text == ""
    assert peak < 5 * 1024 * 1024


def test_inflated_bytes_are_counted_even_when_the_ratio_looks_fine(monkeypatch):
    monkeypatch.setattr(extract, "MAX_RATIO", 10_000)
    monkeypatch.setattr(extract, "MAX_XML_BYTES", 1024 * 1024)
    bomb = docx_with_body(1_000_000, "<w:p><w:r><w:t>字</w:t></w:r></w:p>")
    tracemalloc.start()
    text = extract_text("docx", io.BytesIO(bomb))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # Stopped at the budget: what was read so far is kept, bounded by MAX_TEXT.
    assert 0 < len(text) <= MAX_TEXT
    assert peak < 10 * 1024 * 1024


def test_text_is_capped_and_parsing_stops_there(monkeypatch):
    monkeypatch.setattr(extract, "MAX_RATIO", 10_000)  # repeated text compresses very well
    many = docx_with_body(500_000, "<w:p><w:r><w:t>通知</w:t></w:r></w:p>")
    text = extract_text("docx", io.BytesIO(many))
    assert len(text) == MAX_TEXT
    assert text.startswith("通知\n通知\n")


def test_entity_expansion_is_refused():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(DOCUMENT_XML, laughs)
    assert extract_text("docx", buffer) == ""


def test_time_budget_stops_a_slow_file():
    many = docx_with_body(200_000, "<w:p><w:r><w:t>a</w:t></w:r></w:p>")
    assert extract_text("docx", io.BytesIO(many), seconds=0) in ("", "a\n")


def test_a_plain_word_file_reads_back():
    text = extract_text("docx", io.BytesIO(docx_bytes("第一段")))
    assert text.strip() == "第一段"


@pytest.mark.django_db
def test_the_upload_does_not_parse(owner, clerk, django_capture_on_commit_callbacks, monkeypatch):
    called = []
    monkeypatch.setattr(
        "zhongshu.files.tasks.extract_text", lambda *args, **kwargs: called.append(1) or ""
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        attachment_create(owner=owner, upload=upload("bomb.docx", docx_with_body(10)), by=clerk)
    assert called == []
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_a_sensitive_owner_keeps_no_text(owner, clerk, django_capture_on_commit_callbacks):
    from zhongshu.org.models import Department

    register_attachment_owner(
        Department,
        can_view=lambda user, dept: True,
        can_attach=lambda user, dept: True,
        sensitive=lambda dept: True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        attachment = attachment_create(
            owner=owner, upload=upload("机密.txt", "机密正文".encode()), by=clerk
        )
    assert Attachment.objects.get(pk=attachment.pk).extracted_text == ""


@pytest.mark.django_db
def test_extraction_announces_the_text(owner, clerk, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, attachment, **kwargs):
        received.append(attachment.extracted_text)

    attachment_text_extracted.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            attachment_create(owner=owner, upload=upload("a.txt", "正文".encode()), by=clerk)
    finally:
        attachment_text_extracted.disconnect(receiver)
    assert received == ["正文"]
