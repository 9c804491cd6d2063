import base64
import json
import os
import tarfile
from pathlib import Path

import pytest
from django.db import connection

from zhongshu.audit.models import AuditEvent, AuditHead
from zhongshu.audit.services import record
from zhongshu.backup import archive as archive_format
from zhongshu.backup.services import BackupError, backup_create, backup_restore, backup_verify
from zhongshu.files import crypto
from zhongshu.files.services import read_plaintext
from zhongshu.files.tests.factories import AttachmentFactory
from zhongshu.org.models import User

from .conftest import flip_byte, rewrite

BIG_TEXT = ("第一章 总则\n" * 20000).encode()  # about 300 KB: several 64 KiB chunks


def names(archive: Path) -> list[str]:
    with tarfile.open(archive, "r:") as tar:
        return tar.getnames()


def member_bytes(archive: Path, name: str) -> bytes:
    with tarfile.open(archive, "r:") as tar:
        return tar.extractfile(name).read()


@pytest.fixture
def archive(tmp_path, owner, clerk):
    """A backup of the test database with one stored file."""
    AttachmentFactory(owner=owner, by=clerk, name="note.txt", content="会议通知".encode())
    return backup_create(target_dir=tmp_path / "backups")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_round_trip_restores_rows_audit_head_and_files(
    tmp_path, settings, owner, clerk, supervisor, target
):
    small = AttachmentFactory(
        owner=owner, by=clerk, name="note.txt", content="会议通知：周一上午九点".encode()
    )
    big = AttachmentFactory(owner=owner, by=supervisor, name="long.txt", content=BIG_TEXT)
    record(actor=supervisor, action="test.before_backup", obj=big, after={"n": 1})
    head = AuditHead.objects.get(pk=1)

    path = backup_create(target_dir=tmp_path / "backups")

    assert path.name.startswith("zhongshu-backup-") and path.suffix == ".tar"
    assert os.stat(path).st_mode & 0o077 == 0
    assert AuditEvent.objects.order_by("-seq").first().action == "backup.created"
    files_root = tmp_path / "restored-files"
    summary = backup_restore(archive=path, database=target.database, files_root=files_root)

    assert summary["audit_head"] == {"seq": head.seq, "hash": head.hash}
    assert summary["files"] == 2
    assert target.query("SELECT seq, hash FROM audit_audithead WHERE id = 1") == [
        (head.seq, head.hash)
    ]
    assert sorted(row[0] for row in target.query("SELECT username FROM org_user")) == sorted(
        User.objects.values_list("username", flat=True)
    )
    assert sorted(row[0] for row in target.query("SELECT sha256 FROM files_attachment")) == sorted(
        [small.sha256, big.sha256]
    )
    assert target.query("SELECT count(*) FROM audit_auditevent") == [(head.seq,)]
    settings.FILES_ROOT = files_root
    assert read_plaintext(small) == "会议通知：周一上午九点".encode()
    assert read_plaintext(big) == BIG_TEXT


@pytest.mark.django_db
def test_archive_holds_the_manifest_and_no_master_key(archive, settings):
    members = names(archive)
    assert members[0] == "database.enc"
    assert members[-2:] == ["manifest.json", "manifest.mac"]
    files = [name for name in members if name.startswith("files/")]
    assert len(files) == 1 and files[0].endswith(".bin")
    manifest = json.loads(member_bytes(archive, "manifest.json"))
    assert manifest["format"] == 1
    assert manifest["vendor"] == connection.vendor
    assert manifest["key_id"] == crypto.active_key_id()
    assert {entry["name"] for entry in manifest["entries"]} == {"database.enc", *files}
    # The dump holds what was committed (this test's rows are not): the head read with it.
    assert set(manifest["audit_head"]) == {"seq", "hash"}
    raw = archive.read_bytes()
    for key in crypto.master_keys().values():
        assert key not in raw and base64.b64encode(key) not in raw
    assert backup_verify(archive=archive)["files"] == 1


@pytest.mark.django_db
def test_a_file_still_being_uploaded_is_left_out(tmp_path, settings, owner, clerk):
    stored = AttachmentFactory(owner=owner, by=clerk, name="note.txt", content=b"hello")
    partial = Path(settings.FILES_ROOT) / (stored.storage_name + "x.part")
    partial.write_bytes(b"half")
    archive = backup_create(target_dir=tmp_path)
    assert [name for name in names(archive) if name.startswith("files/")] == [
        f"files/{stored.storage_name}"
    ]


def _symlink(name, target="/etc/passwd"):
    info = tarfile.TarInfo(name)
    info.type = tarfile.SYMTYPE
    info.linkname = target
    return info


def _hardlink(name, target="database.enc"):
    info = tarfile.TarInfo(name)
    info.type = tarfile.LNKTYPE
    info.linkname = target
    return info


def _regular(name):
    return tarfile.TarInfo(name)


def _change_member(wanted, change):
    def apply(info, data):
        if info.name == wanted or (wanted == "files/" and info.name.startswith("files/")):
            return change(info, data)
        return info, data

    return apply


def _rename(new_name):
    def apply(info, data):
        info.name = new_name
        return info, data

    return apply


SAFE_NAME = "files/ab/cd/abcd0123456789abcdef0123456789ab.bin"

TAMPERING = {
    "database byte": (
        {"change": _change_member("database.enc", lambda i, d: (i, flip_byte(d)))},
        "checksum",
    ),
    "file byte": (
        {"change": _change_member("files/", lambda i, d: (i, flip_byte(d)))},
        "checksum",
    ),
    "manifest byte": (
        {"change": _change_member("manifest.json", lambda i, d: (i, flip_byte(d, 5)))},
        "manifest_mac",
    ),
    "manifest mac": (
        {"change": _change_member("manifest.mac", lambda i, d: (i, b"0" * 64))},
        "manifest_mac",
    ),
    "extra member": ({"extra": [(_regular(SAFE_NAME), b"extra")]}, "unknown_entry"),
    "unknown name": ({"extra": [(_regular("notes.txt"), b"hi")]}, "unsafe_name"),
    "parent escape": ({"extra": [(_regular("../evil"), b"evil")]}, "unsafe_name"),
    "absolute path": ({"extra": [(_regular("/etc/x"), b"evil")]}, "unsafe_name"),
    "escape in files": ({"extra": [(_regular("files/../../x"), b"evil")]}, "unsafe_name"),
    "symlink member": ({"extra": [(_symlink(SAFE_NAME), b"")]}, "not_regular"),
    "hardlink member": ({"extra": [(_hardlink(SAFE_NAME), b"")]}, "not_regular"),
    "file renamed to escape": (
        {"change": _change_member("files/", _rename("files/../../x"))},
        "unsafe_name",
    ),
    "duplicate member": (
        {"extra": [(_regular("database.enc"), b"replaced")]},
        "duplicate",
    ),
    "file missing": ({"change": _change_member("files/", lambda i, d: None)}, "missing_entry"),
    "manifest missing": (
        {"change": _change_member("manifest.json", lambda i, d: None)},
        "missing",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(TAMPERING))
def test_tampering_is_refused_and_nothing_is_written(case, archive, tmp_path, target):
    kwargs, code = TAMPERING[case]
    bad = rewrite(archive, tmp_path / "bad.tar", **kwargs)
    with pytest.raises(BackupError) as verified:
        backup_verify(archive=bad)
    assert verified.value.code == code
    files_root = tmp_path / "restored-files"
    with pytest.raises(BackupError) as restored:
        backup_restore(archive=bad, database=target.database, files_root=files_root)
    assert restored.value.code == code
    assert not target.written()
    assert not files_root.exists()
    assert not (tmp_path / "x").exists() and not Path("/etc/x").exists()


@pytest.mark.django_db
def test_a_database_dump_from_another_backup_does_not_decrypt(tmp_path, archive, settings):
    """Swapping in another backup's database.enc (and re-signing) still fails: the backup id
    is bound into every chunk and into the wrapped key."""
    other = backup_create(target_dir=tmp_path / "other")
    manifest = json.loads(member_bytes(archive, "manifest.json"))
    other_db = member_bytes(other, "database.enc")
    manifest["entries"][0]["size"] = len(other_db)
    manifest["entries"][0]["sha256"] = __import__("hashlib").sha256(other_db).hexdigest()
    data = json.dumps(manifest).encode()
    mac = archive_format.manifest_mac(crypto.master_keys()[manifest["key_id"]], data).encode()
    replaced = {"database.enc": other_db, "manifest.json": data, "manifest.mac": mac}
    bad = rewrite(
        archive,
        tmp_path / "bad.tar",
        change=lambda info, d: (info, replaced.get(info.name, d)),
    )
    with pytest.raises(BackupError) as exc:
        backup_verify(archive=bad)
    assert exc.value.code == "database_corrupt"


@pytest.mark.django_db
def test_without_the_master_key_the_backup_does_not_verify(archive, settings):
    settings.FILES_MASTER_KEYS = "other:" + base64.b64encode(b"k" * 32).decode()
    with pytest.raises(BackupError) as exc:
        backup_verify(archive=archive)
    assert exc.value.code == "manifest_mac"


@pytest.mark.django_db
def test_a_rotated_master_key_still_verifies_when_the_old_one_is_kept(archive, settings):
    old = settings.FILES_MASTER_KEYS
    settings.FILES_MASTER_KEYS = "new:" + base64.b64encode(b"n" * 32).decode() + "," + old
    assert backup_verify(archive=archive)["key_id"] != "new"


@pytest.mark.django_db
def test_not_an_archive(tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar at all" * 100)
    with pytest.raises(BackupError) as exc:
        backup_verify(archive=junk)
    assert exc.value.code == "not_tar"
    with pytest.raises(BackupError) as exc:
        backup_verify(archive=tmp_path / "missing.tar")
    assert exc.value.code == "not_found"


@pytest.mark.django_db
def test_wrong_vendor_is_refused(archive, tmp_path):
    if connection.vendor == "sqlite":
        other = {"ENGINE": "django.db.backends.postgresql", "NAME": "zhongshu_never_created"}
    else:
        other = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "x.sqlite3")}
    files_root = tmp_path / "restored-files"
    with pytest.raises(BackupError) as exc:
        backup_restore(archive=archive, database=other, files_root=files_root)
    assert exc.value.code == "vendor"
    assert not (tmp_path / "x.sqlite3").exists()
    assert not files_root.exists()


@pytest.mark.django_db
def test_non_empty_files_root_needs_force(archive, tmp_path, target):
    files_root = tmp_path / "restored-files"
    files_root.mkdir()
    (files_root / "keep.bin").write_bytes(b"old")
    with pytest.raises(BackupError) as exc:
        backup_restore(archive=archive, database=target.database, files_root=files_root)
    assert exc.value.code == "files_root_not_empty"
    assert not target.written()
    assert [p.name for p in files_root.iterdir()] == ["keep.bin"]

    summary = backup_restore(
        archive=archive, database=target.database, files_root=files_root, force=True
    )
    assert summary["files"] == 1
    assert target.written()
    stored = [p for p in files_root.rglob("*.bin") if p.name != "keep.bin"]
    assert len(stored) == 1 and not list(files_root.rglob("*.part"))
