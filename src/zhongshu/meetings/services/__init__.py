"""Every state change of the meetings app (the only writers of its models)."""

from .actions import (
    action_create,
    action_progress,
    parse_week,
    week_label,
    weekly_report,
    weekly_report_send,
)
from .attendance import (
    attendee_check_in,
    attendee_respond,
    equipment_checks_for,
    meeting_equipment_checked,
    meetings_release_no_shows,
    no_show_grace,
)
from .booking import (
    Booking,
    RoomClash,
    expand_rrule,
    find_clash,
    meeting_book,
    meeting_cancel,
    meeting_update,
)
from .feeds import (
    calendar_feed_for,
    calendar_feed_revoke,
    feed_by_token,
    feed_calendar,
    feed_meetings,
    feeds_of,
)
from .minutes import minutes_publish, minutes_review, minutes_save, minutes_submit
from .notices import invitation_emails_send
from .reports import material_pack, meeting_stats, weekly_report_xlsx
from .rooms import parse_equipment, room_create, room_update, rooms_available

__all__ = [
    "Booking",
    "RoomClash",
    "action_create",
    "action_progress",
    "attendee_check_in",
    "attendee_respond",
    "calendar_feed_for",
    "calendar_feed_revoke",
    "equipment_checks_for",
    "expand_rrule",
    "feed_by_token",
    "feed_calendar",
    "feed_meetings",
    "feeds_of",
    "find_clash",
    "invitation_emails_send",
    "material_pack",
    "meeting_book",
    "meeting_cancel",
    "meeting_equipment_checked",
    "meeting_stats",
    "meeting_update",
    "meetings_release_no_shows",
    "minutes_publish",
    "minutes_review",
    "minutes_save",
    "minutes_submit",
    "no_show_grace",
    "parse_equipment",
    "parse_week",
    "room_create",
    "room_update",
    "rooms_available",
    "week_label",
    "weekly_report",
    "weekly_report_send",
    "weekly_report_xlsx",
]
