"""The archive format: names, manifest and its MAC, and verification without writing anything.

An archive is one uncompressed tar holding exactly `database.enc`, `files/ab/cd/<hex>.bin`
entries, `manifest.json` and `manifest.mac` (see README.md). Every member must be a regular
file with one of those names; the manifest must authenticate under a configured master key
and list exactly the other members, each with its size and SHA-256.
"""

import base64
import binascii
import hashlib
import hmac
import json
import os
import re
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from zhongshu.files import crypto

FORMAT = 1
MANIFEST = "manifest.json"
MANIFEST_MAC = "manifest.mac"
DATABASE = "database.enc"
FILES_PREFIX = "files/"
# The storage names files.services generates: ab/cd/abcd<28 more hex>.bin
FILE_NAME = re.compile(r"^files/([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{32})\.bin$")
MAX_MANIFEST_BYTES = 256 * 1024 * 1024
BLOCK = 256 * 1024
MAC_CONTEXT = b"zhongshu-backup-manifest"


class BackupError(Exception):
    """A backup that cannot be made, verified or restored; the message says why."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def manifest_mac(key: bytes, data: bytes) -> str:
    mac_key = hmac.new(key, MAC_CONTEXT, hashlib.sha256).digest()
    return hmac.new(mac_key, data, hashlib.sha256).hexdigest()


def is_storage_name(member_name: str) -> bool:
    match = FILE_NAME.match(member_name)
    return (
        bool(match)
        and match.group(3)[:2] == match.group(1)
        and match.group(3)[2:4] == (match.group(2))
    )


def read_blocks(handle) -> Iterator[bytes]:
    return iter(lambda: handle.read(BLOCK), b"")


class HashingReader:
    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


class BytesReader:
    def __init__(self, data: bytes):
        self.data = memoryview(data)
        self.offset = 0

    def read(self, size=-1):
        end = len(self.data) if size is None or size < 0 else self.offset + size
        chunk = bytes(self.data[self.offset : end])
        self.offset += len(chunk)
        return chunk


def tarinfo(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(mtime)
    info.mode = 0o600
    info.type = tarfile.REGTYPE
    return info


def _read_member(tar: tarfile.TarFile, member: tarfile.TarInfo, limit: int) -> bytes:
    if member.size > limit:
        raise BackupError(
            _("The entry %(name)s is too large.") % {"name": member.name}, code="too_large"
        )
    return tar.extractfile(member).read()


def _check_members(members: list[tarfile.TarInfo]) -> dict[str, tarfile.TarInfo]:
    by_name = {}
    for member in members:
        name = member.name
        if name not in (MANIFEST, MANIFEST_MAC, DATABASE) and not is_storage_name(name):
            raise BackupError(
                _("The archive holds an entry with an unexpected name: %(name)r.") % {"name": name},
                code="unsafe_name",
            )
        if not member.isreg() or member.issparse():
            raise BackupError(
                _("The archive entry %(name)s is not a regular file.") % {"name": name},
                code="not_regular",
            )
        if name in by_name:
            raise BackupError(
                _("The archive holds the entry %(name)s twice.") % {"name": name},
                code="duplicate",
            )
        by_name[name] = member
    for required in (MANIFEST, MANIFEST_MAC, DATABASE):
        if required not in by_name:
            raise BackupError(
                _("The archive has no %(name)s; it is not a Zhongshu backup or is incomplete.")
                % {"name": required},
                code="missing",
            )
    return by_name


def _authentic_manifest(data: bytes, mac: bytes) -> dict:
    """The manifest, once its MAC checks out under one of the configured master keys."""
    mac_text = mac.decode("ascii", errors="replace").strip()
    if not any(
        hmac.compare_digest(manifest_mac(key, data), mac_text)
        for key in crypto.master_keys().values()
    ):
        raise BackupError(
            _(
                "The manifest does not authenticate: it was changed, or the master key that "
                "made the backup is not configured."
            ),
            code="manifest_mac",
        )
    try:
        manifest = json.loads(data)
        if manifest["format"] != FORMAT:
            raise BackupError(
                _("Unknown backup format %(format)s.") % {"format": manifest["format"]},
                code="format",
            )
        manifest["backup_uuid"] = uuid.UUID(manifest["backup_id"])
        manifest["wrapped_bytes"] = base64.b64decode(manifest["wrapped_key"], validate=True)
        manifest["nonce_bytes"] = base64.b64decode(manifest["nonce_prefix"], validate=True)
        int(manifest["chunk_size"])
        int(manifest["audit_head"]["seq"])
        str(manifest["audit_head"]["hash"])
        for entry in manifest["entries"]:
            int(entry["size"]), str(entry["name"]), str(entry["sha256"])
    except BackupError:
        raise
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise BackupError(_("The manifest is malformed."), code="manifest_malformed") from None
    return manifest


def _verify_database(tar, member, manifest) -> None:
    try:
        data_key = crypto.unwrap_key(
            manifest["wrapped_bytes"], manifest["key_id"], manifest["backup_uuid"]
        )
    except crypto.FileIntegrityError:
        raise BackupError(
            _("The database key does not unwrap with the configured master keys."),
            code="database_key",
        ) from None
    for _chunk in decrypt(tar, member, manifest, data_key):
        pass


def decrypt(tar, member, manifest, data_key) -> Iterator[bytes]:
    handle = tar.extractfile(member)
    try:
        yield from crypto.decrypt_chunks(
            read_blocks(handle),
            data_key=data_key,
            nonce_prefix=manifest["nonce_bytes"],
            attachment_id=manifest["backup_uuid"],
            chunk_size=int(manifest["chunk_size"]),
        )
    except crypto.FileIntegrityError as exc:
        raise BackupError(
            _("The database dump does not decrypt: %(reason)s.") % {"reason": exc},
            code="database_corrupt",
        ) from None


def _hash_member(tar, member) -> str:
    digest = hashlib.sha256()
    for block in read_blocks(tar.extractfile(member)):
        digest.update(block)
    return digest.hexdigest()


def verify_archive(tar: tarfile.TarFile) -> tuple[dict, dict[str, tarfile.TarInfo]]:
    by_name = _check_members(tar.getmembers())
    data = _read_member(tar, by_name[MANIFEST], MAX_MANIFEST_BYTES)
    mac = _read_member(tar, by_name[MANIFEST_MAC], 256)
    manifest = _authentic_manifest(data, mac)
    listed = {entry["name"]: entry for entry in manifest["entries"]}
    present = set(by_name) - {MANIFEST, MANIFEST_MAC}
    unknown = sorted(present - set(listed))
    if unknown:
        raise BackupError(
            _("The archive entry %(name)s is not in the manifest.") % {"name": unknown[0]},
            code="unknown_entry",
        )
    missing = sorted(set(listed) - present)
    if missing:
        raise BackupError(
            _("The entry %(name)s named in the manifest is missing.") % {"name": missing[0]},
            code="missing_entry",
        )
    for name, entry in listed.items():
        member = by_name[name]
        if member.size != int(entry["size"]) or _hash_member(tar, member) != entry["sha256"]:
            raise BackupError(
                _("The entry %(name)s does not match its SHA-256 in the manifest.")
                % {"name": name},
                code="checksum",
            )
    _verify_database(tar, by_name[DATABASE], manifest)
    return manifest, by_name


def summary(manifest: dict) -> dict:
    entries = manifest["entries"]
    return {
        "format": manifest["format"],
        "created_at": manifest["created_at"],
        "vendor": manifest["vendor"],
        "backup_id": manifest["backup_id"],
        "key_id": manifest["key_id"],
        "audit_head": {
            "seq": int(manifest["audit_head"]["seq"]),
            "hash": manifest["audit_head"]["hash"],
        },
        "files": sum(1 for entry in entries if entry["name"].startswith(FILES_PREFIX)),
        "bytes": sum(int(entry["size"]) for entry in entries),
    }


def open_archive(archive: Path) -> tarfile.TarFile:
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(_("%(path)s is not a file.") % {"path": archive}, code="not_found")
    try:
        return tarfile.open(archive, mode="r:")
    except (tarfile.TarError, OSError, EOFError):
        raise BackupError(
            _("%(path)s is not a readable tar archive.") % {"path": archive}, code="not_tar"
        ) from None


def decrypt_to(tar, member, manifest, path: Path) -> None:
    data_key = crypto.unwrap_key(
        manifest["wrapped_bytes"], manifest["key_id"], manifest["backup_uuid"]
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        for chunk in decrypt(tar, member, manifest, data_key):
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
