"""Calendar feed links: personal, revocable, and showing only what their owner may see.

A feed is fetched by a calendar app without a session, so the secret key in its URL is the
credential. Each key belongs to one person (their own meetings, or one room's bookings); the
person sees and revokes their keys on the feeds page, and a disabled person's keys stop working.
A room feed shows every booking of the room as busy time, with the title, description and
attendees only of the meetings its owner may open (`Meeting.objects.visible_to(owner)`).
"""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhongshu.audit.services import record
from zhongshu.core.rules import is_active_user
from zhongshu.org.models import User

from ..ics import calendar_for
from ..models import CalendarFeed, Meeting, MeetingStatus, Response, Room

FEED_LIMIT = 1000


@transaction.atomic
def calendar_feed_for(user: User, room: Room | None = None) -> CalendarFeed:
    """The person's link to their own meetings, or to `room`'s bookings; made on first use."""
    if not is_active_user(user):
        raise PermissionDenied(_("Only active people may have calendar links."))
    feed, created = CalendarFeed.objects.get_or_create(user=user, room=room)
    if created:
        record(
            actor=user,
            action="meetings.feed_created",
            obj=feed,
            after={"room": room.pk if room else None},
        )
    return feed


@transaction.atomic
def calendar_feed_revoke(*, feed: CalendarFeed, by: User) -> None:
    """Delete the link: calendars subscribed to it get nothing more. Only its owner may."""
    if not is_active_user(by) or feed.user_id != by.pk:
        raise PermissionDenied(_("Only the owner of a calendar link may revoke it."))
    record(
        actor=by,
        action="meetings.feed_revoked",
        obj=feed,
        before={"room": feed.room_id},
    )
    feed.delete()


def feeds_of(user: User) -> QuerySet[CalendarFeed]:
    """The person's own links, the personal one first."""
    return CalendarFeed.objects.filter(user=user).select_related("room").order_by("-room", "id")


def feed_by_token(token: str, *, room_id: int | None = None) -> CalendarFeed | None:
    """The working link with this key: personal when `room_id` is None, else of that room."""
    feeds = CalendarFeed.objects.usable().select_related("user", "room")
    if room_id is None:
        return feeds.filter(token=token, room__isnull=True).first()
    return feeds.filter(token=token, room_id=room_id).first()


def feed_meetings(
    *, user: User | None = None, room: Room | None = None, today: date | None = None
) -> QuerySet[Meeting]:
    """Scheduled meetings from 30 days back to a year ahead for a person or a room."""
    today = today or timezone.localdate()
    start = timezone.make_aware(datetime.combine(today - timedelta(days=30), time.min))
    meetings = Meeting.objects.filter(
        status=MeetingStatus.SCHEDULED, start__gte=start, start__lt=start + timedelta(days=400)
    )
    if room is not None:
        meetings = meetings.filter(room=room)
    if user is not None:
        meetings = meetings.filter(
            Q(host=user)
            | Q(organiser=user)
            | Q(attendees__user=user, attendees__response__in=[Response.PENDING, Response.ATTEND])
            | Q(attendees__delegate=user, attendees__response=Response.DELEGATE)
        ).distinct()
    return (
        meetings.select_related("room", "organiser")
        .prefetch_related("attendees__user")
        .order_by("start")[:FEED_LIMIT]
    )


def feed_calendar(feed: CalendarFeed) -> bytes:
    """The iCalendar a link answers with, as its owner may see it now."""
    owner = feed.user
    if feed.room is None:
        name = f"{owner.display_name} · {pgettext('calendar name', 'Meetings')}"
        return calendar_for(feed_meetings(user=owner), name=name)
    meetings = list(feed_meetings(room=feed.room))
    visible = set(
        Meeting.objects.visible_to(owner)
        .filter(pk__in=[meeting.pk for meeting in meetings])
        .values_list("pk", flat=True)
    )
    return calendar_for(meetings, name=str(feed.room), details=visible)
