import base64
import hashlib
import os

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import ServiceError
from zhongshu.files.crypto import FileIntegrityError
from zhongshu.files.models import Attachment
from zhongshu.files.services import (
    attachment_create,
    attachments_for,
    keys_rotate,
    read_plaintext,
    storage_path,
)

from .conftest import PNG, docx_bytes, pdf_bytes, zip_bytes

pytestmark = pytest.mark.django_db


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_create_encrypts_and_records(owner, clerk, django_capture_on_commit_callbacks):
    data = "第一行\n第二行 保密内容\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        attachment = attachment_create(
            owner=owner, upload=upload("通知.txt", data), by=clerk, kind="draft"
        )

    stored = Attachment.objects.get(pk=attachment.pk)
    assert stored.owner == owner
    assert (stored.owner_id, stored.kind, stored.original_name) == (
        str(owner.pk),
        "draft",
        "通知.txt",
    )
    assert stored.mime_type == "text/plain"
    assert stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.key_id == "dev1"
    assert stored.created_by == clerk
    assert "通知" not in stored.storage_name and str(stored.pk) not in stored.storage_name
    on_disk = storage_path(stored.storage_name).read_bytes()
    assert data not in on_disk and "保密".encode() not in on_disk
    assert len(on_disk) == len(data) + 16
    assert read_plaintext(stored) == data
    assert "保密内容" in stored.extracted_text

    event = AuditEvent.objects.get(action="files.attachment_added")
    assert event.actor == clerk
    assert event.object_type == "files.attachment" and event.object_id == str(stored.pk)
    assert event.after["owner_type"] == "org.department"
    assert event.after["sha256"] == stored.sha256


def test_multi_chunk_round_trip(owner, clerk):
    data = zip_bytes(os.urandom(300_000))
    attachment = attachment_create(owner=owner, upload=upload("数据.zip", data), by=clerk)
    assert attachment.mime_type == "application/zip"
    assert read_plaintext(attachment) == data
    assert storage_path(attachment.storage_name).stat().st_size == len(data) + 16 * 5


def test_tampered_ciphertext_fails(owner, clerk):
    attachment = attachment_create(
        owner=owner, upload=upload("a.zip", zip_bytes(os.urandom(100_000))), by=clerk
    )
    path = storage_path(attachment.storage_name)
    blob = bytearray(path.read_bytes())
    blob[70_000] ^= 0x01
    path.write_bytes(bytes(blob))
    with pytest.raises(FileIntegrityError):
        read_plaintext(attachment)


def test_files_swapped_between_records_fail(owner, clerk):
    first = attachment_create(owner=owner, upload=upload("a.txt", b"first file"), by=clerk)
    second = attachment_create(owner=owner, upload=upload("b.txt", b"second file"), by=clerk)
    path_a, path_b = storage_path(first.storage_name), storage_path(second.storage_name)
    blob_a, blob_b = path_a.read_bytes(), path_b.read_bytes()
    path_a.write_bytes(blob_b)
    path_b.write_bytes(blob_a)
    for attachment in (first, second):
        with pytest.raises(FileIntegrityError):
            read_plaintext(attachment)


def test_wrapped_keys_swapped_between_records_fail(owner, clerk):
    first = attachment_create(owner=owner, upload=upload("a.txt", b"first"), by=clerk)
    second = attachment_create(owner=owner, upload=upload("b.txt", b"second"), by=clerk)
    first.wrapped_key = second.wrapped_key
    with pytest.raises(FileIntegrityError):
        read_plaintext(first)


def test_wrong_master_key_fails(owner, clerk, settings):
    attachment = attachment_create(owner=owner, upload=upload("a.txt", b"hello"), by=clerk)
    settings.FILES_MASTER_KEYS = "dev1:" + base64.b64encode(os.urandom(32)).decode()
    with pytest.raises(FileIntegrityError):
        read_plaintext(attachment)


def test_missing_file_fails(owner, clerk):
    attachment = attachment_create(owner=owner, upload=upload("a.txt", b"hello"), by=clerk)
    storage_path(attachment.storage_name).unlink()
    with pytest.raises(FileIntegrityError, match="missing"):
        read_plaintext(attachment)


def test_size_limit(owner, clerk, settings):
    settings.FILES_MAX_UPLOAD_MB = 1
    data = zip_bytes(b"x" * (1024 * 1024))
    with pytest.raises(ServiceError) as excinfo:
        attachment_create(owner=owner, upload=upload("big.zip", data), by=clerk)
    assert excinfo.value.code == "file_too_large"
    assert "1 MB" in str(excinfo.value.detail)
    assert Attachment.objects.count() == 0


def test_empty_file_refused(owner, clerk):
    with pytest.raises(ServiceError) as excinfo:
        attachment_create(owner=owner, upload=upload("a.txt", b""), by=clerk)
    assert excinfo.value.code == "file_empty"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.pdf", PNG),
        ("photo.png", b"just some text, not an image"),
        ("minutes.docx", zip_bytes(b"a plain zip, not a Word file")),
        ("sheet.xlsx", docx_bytes()),
        ("notes.txt", b"text with a \x00 NUL byte"),
        ("notes.txt", PNG),
        ("notes.txt", b"\xff\xfe\xfa\xfb invalid in both encodings \x81\x30"),
        ("photo.jpg", PNG),
    ],
)
def test_content_must_match_extension(owner, clerk, name, data):
    with pytest.raises(ServiceError) as excinfo:
        attachment_create(owner=owner, upload=upload(name, data), by=clerk)
    assert excinfo.value.code == "file_type_mismatch"
    assert Attachment.objects.count() == 0


@pytest.mark.parametrize("name", ["logo.svg", "page.html", "page.htm", "run.exe", "noext"])
def test_types_outside_the_allow_list(owner, clerk, name):
    with pytest.raises(ServiceError) as excinfo:
        attachment_create(owner=owner, upload=upload(name, b"<svg></svg>"), by=clerk)
    assert excinfo.value.code == "file_type_not_allowed"


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        ("报告.PDF", pdf_bytes(), "application/pdf"),
        (
            "纪要.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("图.png", PNG, "image/png"),
        ("gbk.txt", "国标编码的文本".encode("gb18030"), "text/plain"),
    ],
)
def test_accepted_types(owner, clerk, name, data, mime):
    attachment = attachment_create(owner=owner, upload=upload(name, data), by=clerk)
    assert attachment.mime_type == mime
    assert read_plaintext(attachment) == data


def _stored(owner, clerk, name, data, capture):
    """Upload, then run what waits for the commit (the extraction job) and read the row back."""
    with capture(execute=True):
        attachment = attachment_create(owner=owner, upload=upload(name, data), by=clerk)
    return Attachment.objects.get(pk=attachment.pk)


def test_text_is_extracted_for_search(owner, clerk, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    pdf = _stored(owner, clerk, "a.pdf", pdf_bytes("Budget 2026"), capture)
    word = _stored(owner, clerk, "b.docx", docx_bytes("会议纪要 第一条"), capture)
    gbk = _stored(owner, clerk, "c.txt", "国标编码".encode("gb18030"), capture)
    assert "Budget 2026" in pdf.extracted_text
    assert "会议纪要 第一条" in word.extracted_text
    assert gbk.extracted_text == "国标编码"


def test_extraction_waits_for_the_commit(owner, clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        attachment = attachment_create(owner=owner, upload=upload("a.txt", b"later"), by=clerk)
    assert Attachment.objects.get(pk=attachment.pk).extracted_text == ""
    assert len(callbacks) == 1


def test_extraction_failure_is_not_fatal(owner, clerk, django_capture_on_commit_callbacks):
    broken = b"%PDF-1.4\n" + b"garbage" * 100
    attachment = _stored(owner, clerk, "broken.pdf", broken, django_capture_on_commit_callbacks)
    assert attachment.extracted_text == ""
    assert read_plaintext(attachment) == broken


def test_extracted_text_is_capped(owner, clerk, django_capture_on_commit_callbacks):
    data = ("字" * 250_000).encode()
    attachment = _stored(owner, clerk, "long.txt", data, django_capture_on_commit_callbacks)
    assert len(attachment.extracted_text) == 200_000


def test_refused_without_can_attach(owner, logistics):
    with pytest.raises(PermissionDenied):
        attachment_create(owner=owner, upload=upload("a.txt", b"hi"), by=logistics)
    assert Attachment.objects.count() == 0


def test_refused_for_an_unregistered_owner(clerk, levels):
    with pytest.raises(PermissionDenied):
        attachment_create(owner=levels["internal"], upload=upload("a.txt", b"hi"), by=clerk)


def test_attachments_for_respects_can_view(owner, clerk, employee):
    attachment_create(owner=owner, upload=upload("a.txt", b"hi"), by=clerk)
    assert [a.original_name for a in attachments_for(owner, clerk)] == ["a.txt"]
    assert list(attachments_for(owner, employee)) == []


def _b64(key):
    return base64.b64encode(key).decode()


def test_rotation_rewraps_keys_and_old_key_can_go(owner, clerk, settings, capsys):
    old = settings.FILES_MASTER_KEYS
    data = zip_bytes(os.urandom(100_000))
    first = attachment_create(owner=owner, upload=upload("a.zip", data), by=clerk)
    second = attachment_create(owner=owner, upload=upload("b.txt", b"second"), by=clerk)
    ciphertext_before = storage_path(first.storage_name).read_bytes()

    new_key = "k2026:" + _b64(os.urandom(32))
    settings.FILES_MASTER_KEYS = f"{new_key},{old}"
    call_command("keys", "rotate")
    assert "Re-wrapped 2 data keys" in capsys.readouterr().out
    assert keys_rotate() == 0  # idempotent

    settings.FILES_MASTER_KEYS = new_key
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.key_id == second.key_id == "k2026"
    assert read_plaintext(first) == data
    assert read_plaintext(second) == b"second"
    assert storage_path(first.storage_name).read_bytes() == ciphertext_before
    event = AuditEvent.objects.get(action="files.keys_rotated")
    assert event.after == {"key_id": "k2026", "count": 2}
