"""Meeting rooms: create, update, maintenance status; the free-room search."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from zhongshu.audit.services import record, snapshot
from zhongshu.core.errors import ServiceError, ensure
from zhongshu.org.models import User

from ..models import EQUIPMENT_FIELDS, Equipment, Room, RoomQuerySet, RoomStatus

ROOM_FIELDS = (
    "name",
    "building",
    "location",
    "capacity",
    "status",
    "requires_approval",
    "checklist",
)
AUDIT_FIELDS = (*ROOM_FIELDS, *EQUIPMENT_FIELDS.values())


def parse_equipment(codes: str | Iterable[str]) -> list[str]:
    """Equipment codes from a list or a comma-separated text; unknown codes are refused."""
    if isinstance(codes, str):
        codes = [code for code in codes.replace(" ", "").split(",") if code]
    unknown = sorted(set(codes) - set(Equipment.values))
    if unknown:
        raise ServiceError(
            _("Unknown equipment: %(codes)s.") % {"codes": ", ".join(unknown)},
            code="unknown_equipment",
            field="equipment",
        )
    return list(dict.fromkeys(codes))


def _apply(room: Room, values: dict[str, Any]) -> None:
    for name in ROOM_FIELDS:
        if name in values:
            setattr(room, name, values[name])
    if "equipment" in values:
        codes = set(parse_equipment(values["equipment"]))
        for code, field in EQUIPMENT_FIELDS.items():
            setattr(room, field, code in codes)
    if not (room.name or "").strip():
        raise ServiceError(_("A room needs a name."), code="invalid", field="name")
    if room.capacity is None or int(room.capacity) < 1:
        raise ServiceError(_("Capacity must be at least 1."), code="invalid", field="capacity")
    if room.status not in RoomStatus.values:
        raise ServiceError(_("Unknown room status."), code="invalid", field="status")


@transaction.atomic
def room_create(*, by: User, **values: Any) -> Room:
    ensure(by, "meetings.manage_rooms")
    room = Room()
    _apply(room, values)
    room.save()
    record(actor=by, action="meetings.room_created", obj=room, after=snapshot(room, AUDIT_FIELDS))
    return room


@transaction.atomic
def room_update(*, room: Room, by: User, **values: Any) -> Room:
    ensure(by, "meetings.manage_rooms")
    room = Room.objects.select_for_update().get(pk=room.pk)
    before = snapshot(room, AUDIT_FIELDS)
    _apply(room, values)
    room.save()
    record(
        actor=by,
        action="meetings.room_updated",
        obj=room,
        before=before,
        after=snapshot(room, AUDIT_FIELDS),
    )
    return room


def rooms_available(
    *,
    start: datetime,
    end: datetime,
    capacity: int | None = None,
    equipment: str | Iterable[str] = (),
) -> RoomQuerySet:
    """Bookable rooms with no meeting holding them between `start` and `end` (smallest first)."""
    return Room.objects.available(
        start, end, capacity=capacity, equipment=parse_equipment(equipment)
    )
