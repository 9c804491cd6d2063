import uuid
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from zhongshu.audit.models import AuditEvent
from zhongshu.files.models import Attachment
from zhongshu.files.services import attachment_create
from zhongshu.files.views import content_disposition

from .conftest import PNG, docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def word(owner, clerk):
    return attachment_create(
        owner=owner, upload=SimpleUploadedFile("会议纪要 2026.docx", docx_bytes()), by=clerk
    )


def _download(client, user, attachment_id):
    client.force_login(user)
    return client.get(reverse("files:download", args=[attachment_id]))


def test_download_streams_the_plaintext_as_attachment(client, clerk, word):
    response = _download(client, clerk, word.pk)
    assert response.status_code == 200
    assert response.streaming
    assert b"".join(response.streaming_content) == docx_bytes_of(word)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(word.size)
    assert response["Content-Disposition"] == (
        "attachment; filename=\"download.docx\"; filename*=UTF-8''"
        + quote("会议纪要 2026.docx", safe="")
    )


def docx_bytes_of(attachment):
    from zhongshu.files.services import read_plaintext

    return read_plaintext(attachment)


def test_download_is_logged(client, clerk, word):
    _download(client, clerk, word.pk)
    event = AuditEvent.objects.get(category="access")
    assert (event.actor, event.action) == (clerk, "download")
    assert (event.object_type, event.object_id) == ("files.attachment", str(word.pk))


def test_pdf_keeps_its_type_but_is_still_an_attachment(client, owner, clerk):
    pdf = attachment_create(owner=owner, upload=SimpleUploadedFile("a.pdf", pdf_bytes()), by=clerk)
    response = _download(client, clerk, pdf.pk)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="a.pdf"'


@pytest.mark.parametrize("role", ["employee", "outsider", "dept_head", "auditor"])
def test_download_is_404_for_users_who_cannot_see_the_owner(client, personas, word, role):
    assert _download(client, personas[role], word.pk).status_code == 404
    assert not AuditEvent.objects.filter(category="access").exists()


def test_download_of_an_unknown_id_is_404(client, clerk, owner):
    assert _download(client, clerk, uuid.uuid4()).status_code == 404


def test_download_of_an_unregistered_owner_is_404(client, clerk, word):
    from zhongshu.files.registry import unregister_attachment_owner
    from zhongshu.org.models import Department

    unregister_attachment_owner(Department)
    assert _download(client, clerk, word.pk).status_code == 404


def test_download_needs_login(client, word):
    response = client.get(reverse("files:download", args=[word.pk]))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("plain.pdf", 'attachment; filename="plain.pdf"'),
        ('evil"\r\nX: y.pdf', 'attachment; filename="evil___X: y.pdf"'),
        ("../../etc/passwd", 'attachment; filename=".._.._etc_passwd"'),
        ("报告", "attachment; filename=\"download\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A"),
    ],
)
def test_content_disposition(name, header):
    assert content_disposition(name) == header


def _post(client, user, owner, data, name="a.txt", htmx=True, **extra):
    client.force_login(user)
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        reverse("files:upload"),
        {
            "owner_type": "org.department",
            "owner_id": str(owner.pk),
            "file": SimpleUploadedFile(name, data),
            **extra,
        },
        headers=headers,
    )


def test_upload_returns_the_refreshed_fragment(client, clerk, owner):
    response = _post(client, clerk, owner, "通知内容".encode(), name="通知.txt", kind="draft")
    assert response.status_code == 200
    attachment = Attachment.objects.get()
    assert attachment.kind == "draft"
    body = response.content.decode()
    assert "通知.txt" in body
    assert reverse("files:download", args=[attachment.pk]) in body
    assert 'data-testid="attachments"' in body


def test_upload_error_is_shown_in_the_fragment(client, clerk, owner):
    response = _post(client, clerk, owner, PNG, name="report.pdf")
    assert response.status_code == 200
    assert Attachment.objects.count() == 0
    assert "alert-danger" in response.content.decode()


def test_upload_without_htmx_redirects_back(client, clerk, owner):
    response = _post(client, clerk, owner, b"hello", htmx=False, next="/org/directory/")
    assert response.status_code == 302
    assert response["Location"] == "/org/directory/"
    assert Attachment.objects.count() == 1


def test_upload_refuses_an_offsite_next(client, clerk, owner):
    response = _post(client, clerk, owner, b"hello", htmx=False, next="https://evil.example/")
    assert response["Location"] == reverse("dashboard")


def test_upload_without_can_attach_is_403(client, logistics, owner):
    assert _post(client, logistics, owner, b"hello").status_code == 403
    assert Attachment.objects.count() == 0


def test_upload_to_an_owner_out_of_sight_is_404(client, employee, owner):
    assert _post(client, employee, owner, b"hello").status_code == 404


@pytest.mark.parametrize(
    ("owner_type", "owner_id"),
    [
        ("org.clearancelevel", "1"),
        ("org.department", "abc"),
        ("org.department", "999999"),
        ("nonsense", "1"),
    ],
)
def test_upload_to_unknown_owners_is_404(client, clerk, owner, owner_type, owner_id):
    client.force_login(clerk)
    response = client.post(
        reverse("files:upload"),
        {"owner_type": owner_type, "owner_id": owner_id, "file": SimpleUploadedFile("a.txt", b"x")},
    )
    assert response.status_code == 404


def test_attachments_for_tag(clerk, logistics, owner):
    attachment_create(owner=owner, upload=SimpleUploadedFile("图.png", PNG), by=clerk)
    template = Template("{% load files_tags %}{% attachments_for obj %}")

    def render(user):
        request = RequestFactory().get("/org/x/")
        request.user = user
        return template.render(Context({"request": request, "obj": owner, "csrf_token": "t"}))

    as_clerk = render(clerk)
    assert "图.png" in as_clerk
    assert reverse("files:upload") in as_clerk
    as_logistics = render(logistics)
    assert "图.png" in as_logistics
    assert reverse("files:upload") not in as_logistics


def test_a_swapped_ciphertext_gets_a_clear_page_and_an_audit_event(client, owner, clerk, word):
    from zhongshu.files.services import storage_path

    other = attachment_create(owner=owner, upload=SimpleUploadedFile("b.txt", b"other"), by=clerk)
    # Someone with disk access puts another file's ciphertext in place of this one.
    storage_path(word.storage_name).write_bytes(storage_path(other.storage_name).read_bytes())
    response = _download(client, clerk, word.pk)
    assert response.status_code == 409
    assert "完整性校验" in response.content.decode()
    event = AuditEvent.objects.get(action="files.integrity_failed")
    assert event.object_id == str(word.pk) and event.actor == clerk
    assert not AuditEvent.objects.filter(action="download", object_id=str(word.pk)).exists()


def test_a_missing_stored_file_gets_the_same_clear_page(client, clerk, word):
    from zhongshu.files.services import storage_path

    storage_path(word.storage_name).unlink()
    response = _download(client, clerk, word.pk)
    assert response.status_code == 409
    assert AuditEvent.objects.filter(action="files.integrity_failed").count() == 1
