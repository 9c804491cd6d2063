"""Hardening #6: files of sensitive owners are named in the audit log by the owner's safe label,
never by their own (classified) file names."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhongshu.audit.models import AuditEvent
from zhongshu.files.registry import register_attachment_owner
from zhongshu.files.services import attachment_create, attachment_download

pytestmark = pytest.mark.django_db


def _sensitive(owner, **extra):
    from zhongshu.org.models import Department

    register_attachment_owner(
        Department,
        can_view=lambda user, dept: True,
        can_attach=lambda user, dept: True,
        sensitive=lambda dept: True,
        **extra,
    )


def _upload(name="secret-plan SECRETMARK.txt"):
    return SimpleUploadedFile(name, "机密正文".encode(), "text/plain")


def test_events_of_a_sensitive_owners_file_carry_its_safe_label(owner, clerk):
    _sensitive(owner, safe_label=lambda dept: f"密-{dept.pk}")
    attachment = attachment_create(owner=owner, upload=_upload(), by=clerk)
    b"".join(attachment_download(attachment=attachment, by=clerk))
    events = AuditEvent.objects.filter(object_type="files.attachment")
    assert sorted(events.values_list("action", flat=True)) == ["download", "files.attachment_added"]
    assert set(events.values_list("object_repr", flat=True)) == {f"密-{owner.pk}"}
    assert events.get(action="files.attachment_added").after["name"] == "***"
    assert "SECRETMARK" not in str(list(events.values("object_repr", "before", "after", "note")))


def test_a_sensitive_owner_without_a_safe_label_is_named_by_type_and_id(owner, clerk):
    _sensitive(owner)
    attachment_create(owner=owner, upload=_upload(), by=clerk)
    event = AuditEvent.objects.get(action="files.attachment_added")
    assert event.object_repr == f"org.department#{owner.pk}"


def test_other_owners_files_keep_their_names(owner, clerk):
    attachment_create(owner=owner, upload=_upload("会议纪要.txt"), by=clerk)
    event = AuditEvent.objects.get(action="files.attachment_added")
    assert event.object_repr == "会议纪要.txt" and event.after["name"] == "会议纪要.txt"
