"""Storing, reading and re-keying attachments."""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from zhongshu.audit.services import record, record_access
from zhongshu.core.errors import Conflict, ServiceError

from . import crypto
from .checks import check_upload
from .extract import EXTRACTABLE
from .models import Attachment
from .registry import audit_label, can_attach, can_view

if TYPE_CHECKING:
    # Type hints only: files sits beside org in the platform layers, not above it.
    from zhongshu.org.models import User

logger = logging.getLogger(__name__)

READ_BLOCK = 256 * 1024
ROTATE_BATCH = 500
# What `_new_storage_name` makes; nothing else under FILES_ROOT is ever removed by housekeeping.
STORED_NAME = re.compile(r"[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{32}\.bin")
# A ciphertext is written just before its row is saved, and an upload never takes an hour:
# older files without a row, and older unfinished ones, were left by a failed upload.
ORPHAN_AGE_SECONDS = 24 * 3600
PART_AGE_SECONDS = 3600
ORPHAN_BATCH = 500


def storage_path(storage_name: str) -> Path:
    return Path(settings.FILES_ROOT) / storage_name


def _new_storage_name() -> str:
    """A random name, unrelated to the record id or the original name."""
    name = uuid.uuid4().hex
    return f"{name[:2]}/{name[2:4]}/{name}.bin"


def _write_sealed(path: Path, sealed: Iterator[bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in sealed:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def quota_bytes() -> int:
    """FILES_QUOTA_MB: what one person's uploads may take in all (0: no limit)."""
    return int(getattr(settings, "FILES_QUOTA_MB", 0)) * 1024 * 1024


def check_quota(by: User, size: int) -> None:
    """Refuse an upload that would take the uploader past their quota."""
    quota = quota_bytes()
    if not quota:
        return
    used = Attachment.objects.filter(created_by=by).aggregate(total=Sum("size"))["total"] or 0
    if used + size > quota:
        mb = 1024 * 1024
        raise ServiceError(
            _(
                "This file would take your uploads past your quota of %(quota)d MB "
                "(%(used)d MB used). Ask the admin office for more room."
            )
            % {"quota": quota // mb, "used": -(-used // mb)},
            code="quota_exceeded",
            field="file",
        )


def attachment_create(
    *, owner: models.Model, upload: UploadedFile, by: User, kind: str = ""
) -> Attachment:
    """Check, encrypt and store `upload` as an attachment of `owner`.

    The ciphertext is written before the row; if the row is not saved the file is removed. A
    caller's transaction rolled back later leaves an unreferenced ciphertext, never a dangling row.
    """
    if not can_attach(by, owner):
        raise PermissionDenied(_("You are not allowed to add files here."))
    ext, mime_type = check_upload(upload)
    check_quota(by, upload.size or 0)

    attachment_id = uuid.uuid4()
    data_key = AESGCM.generate_key(bit_length=256)
    nonce_prefix = os.urandom(8)
    key_id, wrapped = crypto.wrap_key(data_key, attachment_id)
    storage_name = _new_storage_name()
    digest = hashlib.sha256()
    size = 0

    def plaintext() -> Iterator[bytes]:
        nonlocal size
        upload.seek(0)
        for chunk in upload.chunks():
            digest.update(chunk)
            size += len(chunk)
            yield chunk

    path = storage_path(storage_name)
    _write_sealed(
        path,
        crypto.encrypt_chunks(
            plaintext(),
            data_key=data_key,
            nonce_prefix=nonce_prefix,
            attachment_id=attachment_id,
            chunk_size=crypto.CHUNK_SIZE,
        ),
    )
    try:
        with transaction.atomic():
            attachment = Attachment.objects.create(
                id=attachment_id,
                owner_type=ContentType.objects.get_for_model(owner),
                owner_id=str(owner.pk),
                kind=kind[:50],
                original_name=os.path.basename((upload.name or "").replace("\\", "/"))[:255],
                mime_type=mime_type,
                size=size,
                sha256=digest.hexdigest(),
                storage_name=storage_name,
                key_id=key_id,
                wrapped_key=wrapped,
                nonce_prefix=nonce_prefix,
                chunk_size=crypto.CHUNK_SIZE,
                created_by=by,
            )
            label = audit_label(owner)
            record(
                actor=by,
                action="files.attachment_added",
                obj=attachment,
                label=label,
                after={
                    "owner_type": owner._meta.label_lower,
                    "owner_id": str(owner.pk),
                    "name": attachment.original_name if label is None else "***",
                    "kind": attachment.kind,
                    "mime_type": mime_type,
                    "size": size,
                    "sha256": attachment.sha256,
                },
            )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if ext in EXTRACTABLE:
        # Parsing untrusted files is slow and must be budgeted: a background job does it
        # once the row is committed; the upload answers at once.
        from .tasks import extract_attachment_text

        transaction.on_commit(lambda: extract_attachment_text(str(attachment_id)))
    return attachment


def open_plaintext(attachment: Attachment) -> Iterator[bytes]:
    """The decrypted content in chunks, authenticated chunk by chunk and checked at the end.

    The data key is unwrapped and the file opened before the first chunk is asked for, so a
    wrong master key or a missing file fails here rather than halfway through a download.
    """
    data_key = crypto.unwrap_key(attachment.wrapped_key, attachment.key_id, attachment.id)
    path = storage_path(attachment.storage_name)
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise crypto.FileIntegrityError("the stored file is missing") from None
    return _stream(attachment, handle, data_key)


def _stream(attachment: Attachment, handle: BinaryIO, data_key: bytes) -> Iterator[bytes]:
    digest = hashlib.sha256()
    size = 0
    with handle:
        blocks = iter(lambda: handle.read(READ_BLOCK), b"")
        for chunk in crypto.decrypt_chunks(
            blocks,
            data_key=data_key,
            nonce_prefix=bytes(attachment.nonce_prefix),
            attachment_id=attachment.id,
            chunk_size=attachment.chunk_size,
        ):
            digest.update(chunk)
            size += len(chunk)
            yield chunk
    if size != attachment.size or digest.hexdigest() != attachment.sha256:
        raise crypto.FileIntegrityError("the content does not match its recorded SHA-256")


def read_plaintext(attachment: Attachment) -> bytes:
    return b"".join(open_plaintext(attachment))


def attachments_for(owner: models.Model, user: User) -> models.QuerySet[Attachment]:
    """The owner's attachments if `user` may see the owner, else none."""
    if not can_view(user, owner):
        return Attachment.objects.none()
    return Attachment.objects.for_owner(owner).select_related("created_by")


def attachment_download(*, attachment: Attachment, by: User) -> Iterator[bytes]:
    """Log the access and return the plaintext stream; refuses users who cannot see the owner."""
    owner = attachment.owner
    if owner is None or not can_view(by, owner):
        raise PermissionDenied(_("You are not allowed to see this file."))
    try:
        chunks = open_plaintext(attachment)
        # The first chunk is authenticated now, so a swapped or damaged file (or a missing
        # master key) is refused with a clear answer instead of a download cut short.
        first = next(chunks, b"")
    except crypto.FileIntegrityError as error:
        record(
            actor=by,
            action="files.integrity_failed",
            obj=attachment,
            note=str(error),
            label=audit_label(owner),
        )
        raise Conflict(
            _(
                "This file failed its integrity check and cannot be opened. "
                "Please report it to the admin office."
            ),
            code="file_damaged",
        ) from None
    record_access(actor=by, obj=attachment, action="download", label=audit_label(owner))
    return itertools.chain((first,), chunks)


def keys_rotate(*, by: User | None = None) -> int:
    """Re-wrap every data key not under the active master key; the file data is untouched.

    Idempotent: a second run finds nothing to do. Every old master key still referenced must
    stay configured until this has run.
    """
    active = crypto.active_key_id()
    total = 0
    while True:
        with transaction.atomic():
            batch = list(
                Attachment.objects.select_for_update()
                .exclude(key_id=active)
                .only("id", "key_id", "wrapped_key")[:ROTATE_BATCH]
            )
            if not batch:
                break
            for attachment in batch:
                data_key = crypto.unwrap_key(
                    attachment.wrapped_key, attachment.key_id, attachment.id
                )
                attachment.key_id, attachment.wrapped_key = crypto.wrap_key(data_key, attachment.id)
            Attachment.objects.bulk_update(batch, ["key_id", "wrapped_key"])
            total += len(batch)
    if total:
        record(actor=by, action="files.keys_rotated", after={"key_id": active, "count": total})
    return total


def orphan_files_remove(*, now: float | None = None) -> dict[str, int]:
    """Delete ciphertexts no attachment refers to (a day old) and unfinished uploads (an hour
    old) under FILES_ROOT; returns how many of each. Only names this module makes are
    considered, so nothing else an operator keeps there is touched."""
    now = time.time() if now is None else now
    root = Path(settings.FILES_ROOT)
    removed = {"orphans": 0, "partial": 0}
    candidates: dict[str, Path] = {}

    def settle() -> None:
        known = set(
            Attachment.objects.filter(storage_name__in=list(candidates)).values_list(
                "storage_name", flat=True
            )
        )
        for name, path in candidates.items():
            if name not in known:
                path.unlink(missing_ok=True)
                removed["orphans"] += 1
        candidates.clear()

    if not root.is_dir():
        return removed
    for path in root.glob("*/*/*"):
        name = path.relative_to(root).as_posix()
        partial = name.endswith(".part")
        if not STORED_NAME.fullmatch(name.removesuffix(".part")):
            continue
        try:
            age = now - path.stat().st_mtime
        except FileNotFoundError:
            continue
        if partial and age > PART_AGE_SECONDS:
            path.unlink(missing_ok=True)
            removed["partial"] += 1
        elif not partial and age > ORPHAN_AGE_SECONDS:
            candidates[name] = path
            if len(candidates) >= ORPHAN_BATCH:
                settle()
    settle()
    if any(removed.values()):
        logger.info("removed %(orphans)d orphan and %(partial)d unfinished files", removed)
        record(actor=None, action="files.orphans_removed", after=removed)
    return removed
