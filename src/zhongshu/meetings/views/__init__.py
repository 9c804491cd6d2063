"""Web pages of the meetings app: thin wrappers around the services."""

from .after import action_add, action_detail, minutes, minutes_step, report, stats
from .meetings import (
    book,
    cancel,
    checkin,
    detail,
    edit,
    equipment_check,
    index,
    invite,
    materials,
    qr,
    respond,
    sign_in_other,
)
from .rooms import feed, grid, room_create, room_detail, room_edit, room_feed, rooms

__all__ = [
    "action_add",
    "action_detail",
    "book",
    "cancel",
    "checkin",
    "detail",
    "edit",
    "equipment_check",
    "feed",
    "grid",
    "index",
    "invite",
    "materials",
    "minutes",
    "minutes_step",
    "qr",
    "report",
    "respond",
    "room_create",
    "room_detail",
    "room_edit",
    "room_feed",
    "rooms",
    "sign_in_other",
    "stats",
]
