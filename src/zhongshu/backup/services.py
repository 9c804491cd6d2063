"""Encrypted backups and verified restores of the database and the stored files.

An archive is one uncompressed tar:

- `database.enc`: the database dump (SQLite online backup or `pg_dump -Fc`), sealed with
  `files.crypto.encrypt_chunks` under a fresh data key, the backup id as associated data; the
  data key is wrapped by the active master key (`files.crypto.wrap_key`).
- `files/ab/cd/<hex>.bin`: every stored file exactly as it is on disk (already encrypted).
- `manifest.json`: format, time, database vendor, backup id, key id, wrapped key, nonce prefix,
  the audit chain head of the dump, and every entry's name, size and SHA-256.
- `manifest.mac`: HMAC-SHA256 of manifest.json under a key derived from the master key.

The master keys are never written into an archive: without them it can neither be read nor
verified. Restore verifies everything before it writes anything.
"""

import hashlib
import json
import os
import tarfile
import tempfile
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit.services import record
from zhongshu.files import crypto

from .archive import (
    DATABASE,
    FILES_PREFIX,
    FORMAT,
    MANIFEST,
    MANIFEST_MAC,
    BackupError,
    BytesReader,
    HashingReader,
    is_storage_name,
    manifest_mac,
    open_archive,
    read_blocks,
    summary,
    tarinfo,
    verify_archive,
)
from .database import restore_database, seal_postgresql, seal_sqlite, vendor_of

__all__ = ["BackupError", "backup_create", "backup_restore", "backup_verify", "default_output_dir"]


def _stored_files(files_root: Path) -> list[str]:
    """Storage names under FILES_ROOT; unfinished uploads (.part) and strays are skipped."""
    names: list[str] = []
    if not files_root.is_dir():
        return names
    for folder, dirs, files in os.walk(files_root):
        dirs.sort()
        for filename in sorted(files):
            path = Path(folder) / filename
            relative = path.relative_to(files_root).as_posix()
            if (
                is_storage_name(FILES_PREFIX + relative)
                and path.is_file()
                and not (path.is_symlink())
            ):
                names.append(relative)
    return names


def backup_create(*, target_dir: Path) -> Path:
    """Write `zhongshu-backup-YYYYmmdd-HHMMSS.tar` into `target_dir` and return its path."""
    target_dir = Path(target_dir)
    target_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    now = timezone.now()
    name = f"zhongshu-backup-{timezone.localtime(now):%Y%m%d-%H%M%S}.tar"
    archive = target_dir / name
    if archive.exists():
        raise BackupError(
            _("%(path)s already exists; try again in a second.") % {"path": archive},
            code="exists",
        )
    database = connections["default"].settings_dict
    vendor = vendor_of(database)
    backup_id = uuid.uuid4()
    files_root = Path(settings.FILES_ROOT)

    with tempfile.TemporaryDirectory(dir=target_dir, prefix=".zhongshu-backup-") as tmp:
        work = Path(tmp)
        if vendor == "sqlite":
            sealed, head = seal_sqlite(database, work, backup_id)
        else:
            sealed, head = seal_postgresql(database, work, backup_id)
        entries = [sealed["entry"]]
        partial = work / (name + ".part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:") as tar:
            database_path = work / DATABASE
            with database_path.open("rb") as handle:
                tar.addfile(tarinfo(DATABASE, sealed["entry"]["size"], now.timestamp()), handle)
            database_path.unlink()
            for storage_name in _stored_files(files_root):
                path = files_root / storage_name
                with path.open("rb") as handle:
                    stat = os.fstat(handle.fileno())
                    reader = HashingReader(handle)
                    member = FILES_PREFIX + storage_name
                    tar.addfile(tarinfo(member, stat.st_size, stat.st_mtime), reader)
                entries.append(
                    {"name": member, "size": reader.size, "sha256": reader.digest.hexdigest()}
                )
            manifest = {
                "format": FORMAT,
                "created_at": now.isoformat(),
                "vendor": vendor,
                "backup_id": str(backup_id),
                "key_id": sealed["key_id"],
                "wrapped_key": sealed["wrapped_key"],
                "nonce_prefix": sealed["nonce_prefix"],
                "chunk_size": sealed["chunk_size"],
                "audit_head": head,
                "entries": entries,
            }
            data = json.dumps(manifest, ensure_ascii=True, indent=1, sort_keys=True).encode()
            mac = manifest_mac(crypto.master_keys()[sealed["key_id"]], data).encode()
            for member, payload in ((MANIFEST, data), (MANIFEST_MAC, mac)):
                tar.addfile(tarinfo(member, len(payload), now.timestamp()), BytesReader(payload))
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, archive)
    record(
        actor=None,
        action="backup.created",
        after={
            "archive": name,
            "backup_id": str(backup_id),
            "vendor": vendor,
            "files": len(entries) - 1,
            "audit_seq": head["seq"],
        },
    )
    return archive


def backup_verify(*, archive: Path) -> dict[str, Any]:
    """Check names, types, MAC, sizes, SHA-256 and the database's decryption; write nothing."""
    with open_archive(archive) as tar:
        try:
            manifest, _members = verify_archive(tar)
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(
                _("The archive cannot be read: %(reason)s") % {"reason": exc}, code="not_tar"
            ) from None
    return summary(manifest)


def _extract_files(
    tar: tarfile.TarFile,
    by_name: Mapping[str, tarfile.TarInfo],
    manifest: Mapping[str, Any],
    files_root: Path,
) -> None:
    root = files_root.resolve()
    for entry in manifest["entries"]:
        name = entry["name"]
        if not name.startswith(FILES_PREFIX):
            continue
        destination = (root / name[len(FILES_PREFIX) :]).resolve()
        if root not in destination.parents:
            raise BackupError(
                _("The archive holds an entry with an unexpected name: %(name)r.") % {"name": name},
                code="unsafe_name",
            )
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(destination.name + ".part")
        digest = hashlib.sha256()
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as out:
                for block in read_blocks(tar.extractfile(by_name[name])):
                    digest.update(block)
                    out.write(block)
                out.flush()
                os.fsync(out.fileno())
            if digest.hexdigest() != entry["sha256"]:
                raise BackupError(
                    _("The entry %(name)s does not match its SHA-256 in the manifest.")
                    % {"name": name},
                    code="checksum",
                )
            os.replace(partial, destination)
        finally:
            partial.unlink(missing_ok=True)


def backup_restore(
    *,
    archive: Path,
    database: Mapping[str, Any] | None = None,
    files_root: Path | None = None,
    force: bool = False,
) -> dict[str, Any]:
    """Verify `archive`, then replace the database and write the files; returns the summary.

    Stop the web servers and background workers first. Nothing is written unless the whole
    archive verifies; the target's vendor must be the backup's; a non-empty `files_root` is
    refused unless `force` (files of the archive then replace same-named ones).
    """
    database = dict(database if database is not None else settings.DATABASES["default"])
    files_root = Path(files_root if files_root is not None else settings.FILES_ROOT)
    with open_archive(archive) as tar:
        try:
            manifest, by_name = verify_archive(tar)
            target_vendor = vendor_of(database)
            if manifest["vendor"] != target_vendor:
                raise BackupError(
                    _(
                        "This backup is of a %(backup)s database; the target is %(target)s. "
                        "Restore it into a %(backup)s database."
                    )
                    % {"backup": manifest["vendor"], "target": target_vendor},
                    code="vendor",
                )
            if files_root.exists() and not files_root.is_dir():
                raise BackupError(
                    _("%(path)s is not a directory.") % {"path": files_root}, code="files_root"
                )
            if files_root.is_dir() and any(files_root.iterdir()) and not force:
                raise BackupError(
                    _(
                        "%(path)s is not empty. Restore into an empty directory, or use --force "
                        "to write over it."
                    )
                    % {"path": files_root},
                    code="files_root_not_empty",
                )
            restore_database(tar, by_name[DATABASE], manifest, database)
            _extract_files(tar, by_name, manifest, files_root)
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(
                _("The restore stopped: %(reason)s") % {"reason": exc}, code="io"
            ) from None
    return summary(manifest)


def default_output_dir() -> Path:
    return Path(settings.DATA_DIR) / "backups"
