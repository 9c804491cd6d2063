"""Upload housekeeping (issue 11, finding 14): orphan ciphertexts are removed, quotas hold."""

import os
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhongshu.core.errors import ServiceError
from zhongshu.files.models import Attachment
from zhongshu.files.services import attachment_create, orphan_files_remove, storage_path

pytestmark = pytest.mark.django_db

DAY = 24 * 3600


def _text(name: str, size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"x" * size, "text/plain")


def _aged(path: Path, seconds: float) -> Path:
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def _stray(root: Path, name: str, seconds: float) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"ciphertext")
    return _aged(path, seconds)


def test_an_upload_whose_row_is_never_saved_leaves_an_orphan_that_the_job_removes(
    settings, owner, clerk, monkeypatch
):
    """A transaction rolled back after the file was written (a failed form, a killed worker)
    leaves ciphertext nobody refers to."""
    from django.db import transaction

    class Interrupted(Exception):
        pass

    with pytest.raises(Interrupted), transaction.atomic():
        attachment_create(owner=owner, upload=_text("草稿.txt", 100), by=clerk)
        raise Interrupted
    root = Path(settings.FILES_ROOT)
    (orphan,) = [path for path in root.glob("*/*/*.bin")]
    assert not Attachment.objects.exists()

    kept = attachment_create(owner=owner, upload=_text("正式.txt", 100), by=clerk)
    _aged(storage_path(kept.storage_name), 2 * DAY)
    assert orphan_files_remove() == {"orphans": 0, "partial": 0}
    _aged(orphan, 2 * DAY)

    from huey.contrib.djhuey import HUEY

    from zhongshu.files.tasks import remove_orphan_files

    assert HUEY.immediate
    remove_orphan_files()
    assert not orphan.exists()
    assert storage_path(kept.storage_name).exists()


def test_only_old_orphans_and_old_unfinished_uploads_go(settings, owner, clerk):
    from zhongshu.audit.models import AuditEvent

    root = Path(settings.FILES_ROOT)
    referenced = attachment_create(owner=owner, upload=_text("保留.txt", 10), by=clerk)
    _aged(storage_path(referenced.storage_name), 3 * DAY)
    old_orphan = _stray(root, "ab/cd/" + "a" * 32 + ".bin", 2 * DAY)
    young_orphan = _stray(root, "ab/cd/" + "b" * 32 + ".bin", 3600)
    old_part = _stray(root, "ab/cd/" + "c" * 32 + ".bin.part", 2 * 3600)
    young_part = _stray(root, "ab/cd/" + "d" * 32 + ".bin.part", 60)
    operator_note = _stray(root, "README.txt", 30 * DAY)
    other_layout = _stray(root, "ab/cd/notes.bin", 30 * DAY)

    assert orphan_files_remove() == {"orphans": 1, "partial": 1}
    assert not old_orphan.exists() and not old_part.exists()
    for kept in (young_orphan, young_part, operator_note, other_layout):
        assert kept.exists()
    assert storage_path(referenced.storage_name).exists()
    event = AuditEvent.objects.filter(action="files.orphans_removed").get()
    assert event.after == {"orphans": 1, "partial": 1}
    assert orphan_files_remove() == {"orphans": 0, "partial": 0}


def test_many_orphans_are_checked_in_batches(settings, owner, clerk, django_assert_max_num_queries):
    root = Path(settings.FILES_ROOT)
    for n in range(1200):
        _stray(root, f"{n % 256:02x}/00/{n:032x}.bin", 2 * DAY)
    with django_assert_max_num_queries(12):
        assert orphan_files_remove()["orphans"] == 1200


def test_the_per_uploader_quota_refuses_with_a_clear_error(settings, owner, clerk, supervisor):
    settings.FILES_QUOTA_MB = 1
    attachment_create(owner=owner, upload=_text("一.txt", 700 * 1024), by=clerk)
    with pytest.raises(ServiceError) as refused:
        attachment_create(owner=owner, upload=_text("二.txt", 400 * 1024), by=clerk)
    assert refused.value.code == "quota_exceeded"
    assert refused.value.field == "file"
    assert "1 MB" in str(refused.value.detail)
    assert Attachment.objects.count() == 1
    assert list(Path(settings.FILES_ROOT).glob("*/*/*")) == [
        storage_path(Attachment.objects.get().storage_name)
    ]
    attachment_create(owner=owner, upload=_text("三.txt", 400 * 1024), by=supervisor)
    settings.FILES_QUOTA_MB = 0
    attachment_create(owner=owner, upload=_text("四.txt", 400 * 1024), by=clerk)
