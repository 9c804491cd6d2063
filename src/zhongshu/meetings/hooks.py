"""Every registration the meetings app makes with the platform, made once from `ready()`:
the room-booking approval type, the inbox providers (my meeting deadlines, equipment checks),
the attachment owners (agenda materials, room photos) and the demo loader."""

from datetime import timedelta

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhongshu.files.registry import register_attachment_owner
from zhongshu.home.registry import register_dashboard_panel
from zhongshu.org.demo import register_demo_loader
from zhongshu.workflow.inbox import InboxItem, register_inbox_provider
from zhongshu.workflow.models import Deadline
from zhongshu.workflow.registry import register_request_type

from . import dashboard, demo
from .models import Meeting, Room
from .services.approval import (
    REQUEST_TYPE,
    booking_approved,
    booking_rejected,
    booking_withdrawn,
)
from .services.attendance import equipment_checks_for
from .services.common import ACTION_DEADLINE, MINUTES_DEADLINE, MINUTES_DUE, REVIEW_DEADLINE

KIND = "meetings"
LABEL = _("Meetings")
CHECK_KIND = "meeting_equipment"
CHECK_LABEL = _("Equipment checks")


def _deadlines(user):
    # The minutes deadline exists from booking on; it is a to-do only once the meeting is over.
    ended = timezone.now() + MINUTES_DUE
    return Deadline.objects.filter(owner=user, done_at__isnull=True).filter(
        Q(kind=MINUTES_DEADLINE, due_at__lte=ended) | Q(kind__in=[REVIEW_DEADLINE, ACTION_DEADLINE])
    )


def meeting_items(user, limit=None) -> list[InboxItem]:
    rows = (
        _deadlines(user)
        .order_by(F("due_at").asc(), "id")
        .values("title", "url", "due_at", "created_at")
    )
    if limit is not None:
        rows = rows[:limit]
    return [
        InboxItem(
            kind=KIND,
            kind_label=str(LABEL),
            title=row["title"],
            url=row["url"],
            due_at=row["due_at"],
            created_at=row["created_at"],
        )
        for row in rows
    ]


def meeting_count(user) -> int:
    return _deadlines(user).count()


def check_items(user, limit=None) -> list[InboxItem]:
    return [
        InboxItem(
            kind=CHECK_KIND,
            kind_label=str(CHECK_LABEL),
            title=str(
                _("Check the equipment of %(room)s for “%(title)s”")
                % {"room": meeting.room, "title": meeting.title}
            ),
            url=reverse("meetings:detail", args=[meeting.pk]),
            api_url=reverse("meetings-meeting-detail", args=[meeting.pk]),
            due_at=meeting.start - timedelta(minutes=30),
            created_at=meeting.created_at,
        )
        for meeting in equipment_checks_for(user, limit)
    ]


def check_count(user) -> int:
    return equipment_checks_for(user).count()


def register() -> None:
    register_inbox_provider(KIND, LABEL, items=meeting_items, count=meeting_count)
    register_inbox_provider(CHECK_KIND, CHECK_LABEL, items=check_items, count=check_count)
    register_request_type(
        REQUEST_TYPE,
        _("Meeting room booking"),
        on_approved=booking_approved,
        on_rejected=booking_rejected,
        on_returned=booking_rejected,
        on_withdrawn=booking_withdrawn,
    )
    register_demo_loader(demo.load)
    register_dashboard_panel(
        "meetings", LABEL, build=dashboard.meetings_panel, order=30, icon="calendar"
    )
    # Agenda materials: everyone invited reads them, the organiser and office staff add them.
    register_attachment_owner(
        Meeting,
        can_view=lambda user, obj: user.has_perm("meetings.view_meeting", obj),
        can_attach=lambda user, obj: user.has_perm("meetings.manage_meeting", obj),
    )
    # Room photos.
    register_attachment_owner(
        Room,
        can_view=lambda user, obj: user.is_active,
        can_attach=lambda user, obj: user.has_perm("meetings.manage_rooms"),
    )
