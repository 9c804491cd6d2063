"""Anchoring the chain head outside the database.

A key alone does not stop someone holding both the database and the key from rewriting the
whole log. So every AUDIT_ANCHOR_EVERY events (and on `zhongshu audit anchor`) the head — its
sequence number and hash — is appended to an append-only file outside the database
(AUDIT_ANCHOR_FILE) and written to the `zhongshu.audit.anchor` log, which production ships to
syslog or another host. `verify` checks every anchored head against the chain: a rewritten,
truncated or replaced log no longer holds the anchored hashes.
"""

import hashlib
import hmac
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .keys import audit_keys

logger = logging.getLogger("zhongshu.audit.anchor")


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    key_id: str
    mac: str


def anchor_path() -> Path:
    return Path(settings.AUDIT_ANCHOR_FILE)


def _mac(key: bytes, seq: int, event_hash: str) -> str:
    return hmac.new(key, f"{seq}:{event_hash}".encode(), hashlib.sha256).hexdigest()


def anchor_write(seq: int, event_hash: str) -> None:
    """Append one head to the anchor file (created 0600) and to the anchor log."""
    if seq <= 0:
        return
    key_id, key = next(iter(audit_keys().items()))
    line = (
        f"{seq}\t{event_hash}\t{timezone.now().isoformat()}\t{key_id}\t{_mac(key, seq, event_hash)}"
    )
    path = anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="ascii") as handle:
        handle.write(line + "\n")
    logger.info("audit head %s", line)


def anchors_read() -> tuple[list[Anchor], list[str]]:
    """The anchored heads of the file, and the problems with lines that are not valid anchors."""
    path = anchor_path()
    if not path.exists():
        return [], []
    keys = audit_keys()
    anchors, problems = [], []
    for number, line in enumerate(path.read_text(encoding="ascii").splitlines(), start=1):
        parts = line.split("\t")
        if len(parts) != 5 or not parts[0].isdigit():
            problems.append(f"anchor line {number} is malformed")
            continue
        seq, event_hash, _at, key_id, mac = int(parts[0]), parts[1], parts[2], parts[3], parts[4]
        key = keys.get(key_id)
        if key is None:
            problems.append(f"anchor line {number} uses key {key_id!r}, which is not configured")
            continue
        if not hmac.compare_digest(_mac(key, seq, event_hash), mac):
            problems.append(f"anchor line {number} does not carry a valid MAC")
            continue
        anchors.append(Anchor(seq, event_hash, key_id, mac))
    return anchors, problems
