"""Appending to and verifying the audit chain.

Every event's link is an HMAC-SHA256, under a key kept outside the database (AUDIT_KEYS), of a
canonical JSON of its fields plus the previous event's link, so changing, removing or reordering
any event breaks the chain from that point on, and nobody without the key can forge a link.
Appends lock the single head row, so several servers writing at once still produce one unbroken
chain. Every AUDIT_ANCHOR_EVERY events the head is anchored outside the database (`anchor`).
Events written before the chain was keyed carry no key id and a plain SHA-256; they may only
precede the first keyed event.
"""

import datetime as dt
import enum
import hashlib
import hmac
import json
import math
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, TypeAlias

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise

from . import anchor
from .keys import active_key, audit_keys
from .models import AuditEvent, AuditHead

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from zhongshu.org.models import User

# What JSON holds, and so what `before`/`after` hold once made safe.
JSON: TypeAlias = bool | int | float | str | list["JSON"] | dict[str, "JSON"] | None

# Who did it: a user, or None for the system (commands, periodic jobs). An anonymous visitor's
# request.user is recorded as the system too.
Actor: TypeAlias = "User | AnonymousUser | None"

# The fields a hash covers, besides prev_hash; the order is irrelevant (keys are sorted).
HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "action",
    "category",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "note",
)


def json_safe(value: object) -> JSON:
    """`value` made of JSON types only: Decimal, dates, UUIDs and model instances become text/pk."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        # PostgreSQL's jsonb refuses NUL characters.
        return value.replace("\x00", "\ufffd")
    if isinstance(value, enum.Enum):
        return json_safe(value.value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, uuid.UUID | PurePath | Promise):
        return str(value)
    if isinstance(value, models.Model):
        return json_safe(value.pk)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((json_safe(item) for item in value), key=str)
    if isinstance(value, list | tuple) or hasattr(value, "__iter__"):
        return [json_safe(item) for item in value]
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, JSON]:
    """A JSON-safe dict of `obj`'s fields for `before`/`after`; relations are stored by pk."""
    data: dict[str, JSON] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            value = sorted(getattr(obj, name).values_list("pk", flat=True))
        elif field.is_relation and field.concrete:
            value = getattr(obj, field.attname)
        else:
            value = getattr(obj, name)
        data[name] = json_safe(value)
    return data


def _normalise_json(value: object) -> JSON:
    """The value exactly as it will read back from the database's JSON column."""
    if value is None:
        return None
    return json.loads(json.dumps(json_safe(value), allow_nan=False))


def _canonical_numbers(value: JSON) -> JSON:
    # PostgreSQL's jsonb may read 1e16 back as an integer: hash integral floats as integers.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _canonical_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_canonical_numbers(item) for item in value]
    return value


def compute_hash(fields: Mapping[str, Any], prev_hash: str, key: bytes | None = None) -> str:
    """HMAC-SHA256 hex under `key` (plain SHA-256 for legacy unkeyed events) over the canonical
    JSON of an event's fields and the previous hash."""
    at = fields["at"].astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    payload = {name: fields[name] for name in HASHED_FIELDS}
    payload["at"] = at
    payload["before"] = _canonical_numbers(payload["before"])
    payload["after"] = _canonical_numbers(payload["after"])
    payload["prev_hash"] = prev_hash
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    if key is None:
        return hashlib.sha256(text.encode("ascii")).hexdigest()
    return hmac.new(key, text.encode("ascii"), hashlib.sha256).hexdigest()


def _lock_head() -> AuditHead:
    try:
        return AuditHead.objects.select_for_update().get(pk=1)
    except AuditHead.DoesNotExist:
        # Only after a database wipe (flush); the migration creates the row.
        AuditHead.objects.get_or_create(pk=1)
        return AuditHead.objects.select_for_update().get(pk=1)


def _append(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None,
    before: object,
    after: object,
    note: str,
    category: AuditEvent.Category,
    label: str | None = None,
) -> AuditEvent:
    if not action or len(action) > 100:
        raise ValueError("an audit action is 1 to 100 characters long")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    fields = {
        "actor_id": actor.pk if actor else None,
        "actor_name": (getattr(actor, "display_name", "") or str(actor))[:150] if actor else "",
        "action": action,
        "category": category,
        "object_type": obj._meta.label_lower if obj is not None else "",
        "object_id": str(obj.pk)[:64] if obj is not None else "",
        "object_repr": (str(obj) if label is None else label)[:255] if obj is not None else "",
        "before": _normalise_json(before),
        "after": _normalise_json(after),
        "note": note or "",
    }
    with transaction.atomic():
        head = _lock_head()
        fields["seq"] = head.seq + 1
        fields["at"] = timezone.now()
        key_id, key = active_key()
        event_hash = compute_hash(fields, head.hash, key)
        event = AuditEvent.objects.create(
            prev_hash=head.hash, hash=event_hash, key_id=key_id, **fields
        )
        AuditHead.objects.filter(pk=1).update(seq=event.seq, hash=event_hash)
    if event.seq % settings.AUDIT_ANCHOR_EVERY == 0:
        transaction.on_commit(lambda: anchor.anchor_write(event.seq, event_hash))
    return event


def anchor_head() -> tuple[int, str]:
    """Anchor the current head outside the database now (`zhongshu audit anchor`)."""
    head = AuditHead.objects.filter(pk=1).first()
    seq, head_hash = (head.seq, head.hash) if head else (0, "")
    anchor.anchor_write(seq, head_hash)
    return seq, head_hash


def record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    before: object = None,
    after: object = None,
    note: str = "",
    label: str | None = None,
) -> AuditEvent:
    """Append a change event ("app.thing_done") inside the caller's transaction.

    `label` is kept as the object's name instead of `str(obj)`: the safe name of classified
    material (e.g. a registration number instead of a file name), since the log is read by
    people outside its knowledge scope and can never be changed afterwards.
    """
    return _append(
        actor=actor,
        action=action,
        obj=obj,
        before=before,
        after=after,
        note=note,
        category=AuditEvent.Category.CHANGE,
        label=label,
    )


def record_access(
    *,
    actor: Actor,
    obj: models.Model,
    action: str = "view",
    note: str = "",
    label: str | None = None,
) -> AuditEvent:
    """Append an access event (a read of sensitive material) to the same chain; `label` as for
    `record`."""
    return _append(
        actor=actor,
        action=action,
        obj=obj,
        before=None,
        after=None,
        note=note,
        category=AuditEvent.Category.ACCESS,
        label=label,
    )


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""


def verify_chain(*, batch_size: int = 2000) -> VerifyResult:
    """Walk the chain in order and report the first link that does not hold.

    A changed event fails its own MAC; a removed event leaves a gap in `seq`; events removed
    from the end leave the head pointing past the last event; an event sealed with a key that is
    not configured, or unkeyed after keyed events, is refused; and every head anchored outside
    the database must still be in the chain with the same hash.
    """
    keys = audit_keys()
    anchors, problems = anchor.anchors_read()
    if problems:
        return VerifyResult(False, 0, None, problems[0])
    anchored = {item.seq: item.hash for item in anchors}
    columns = (*HASHED_FIELDS, "prev_hash", "hash", "key_id")
    expected_seq = 1
    prev_hash = ""
    keyed = False
    checked = 0
    rows = AuditEvent.objects.order_by("seq").values(*columns).iterator(chunk_size=batch_size)
    for row in rows:
        seq = row["seq"]
        broken = _broken_link(row, expected_seq, prev_hash, keys, keyed, anchored)
        if broken:
            return VerifyResult(False, checked, min(seq, expected_seq), broken)
        keyed = keyed or bool(row["key_id"])
        prev_hash = row["hash"]
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, "")
    if head_seq != checked or head_hash != prev_hash:
        return VerifyResult(
            False,
            checked,
            checked + 1,
            f"the chain head names event {head_seq} but the last event is {checked}",
        )
    beyond = [seq for seq in anchored if seq > checked]
    if beyond:
        return VerifyResult(
            False,
            checked,
            checked + 1,
            f"event {max(beyond)} was anchored but the chain ends at event {checked} "
            "(the log was cut, or restored from an older backup)",
        )
    return VerifyResult(True, checked)


def _broken_link(
    row: Mapping[str, Any],
    expected_seq: int,
    prev_hash: str,
    keys: Mapping[str, bytes],
    keyed: bool,
    anchored: Mapping[int, str],
) -> str:
    """Why this event does not hold in the chain, or "" when it does."""
    seq = row["seq"]
    if seq != expected_seq:
        if seq > expected_seq:
            return f"event {expected_seq} is missing"
        return f"event {seq} is out of order"
    if row["prev_hash"] != prev_hash:
        return f"event {seq} does not link to the previous event"
    key_id = row["key_id"]
    if not key_id and keyed:
        return f"event {seq} is not keyed, after keyed events"
    if key_id and key_id not in keys:
        return f"event {seq} is sealed with key {key_id!r}, which is not configured"
    if compute_hash(row, prev_hash, keys[key_id] if key_id else None) != row["hash"]:
        return f"event {seq} was altered"
    if seq in anchored and anchored[seq] != row["hash"]:
        return f"event {seq} differs from its anchored hash"
    return ""
