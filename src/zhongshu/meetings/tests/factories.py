"""factory_boy factories of the meetings models, and helpers that move a meeting in time.

The factories write rows directly (no booking checks, deadlines or notices): use them for
objects a test needs to exist, and the services for what a test is about.
"""

from datetime import datetime, time, timedelta

import factory
from django.utils import timezone

from zhongshu.meetings.models import (
    ActionItem,
    Attendee,
    CalendarFeed,
    Equipment,
    Meeting,
    MeetingStatus,
    Room,
)
from zhongshu.org.tests.factories import UserFactory


def _tomorrow_at_nine() -> datetime:
    day = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(9)))


class RoomFactory(factory.django.DjangoModelFactory):
    """`RoomFactory(capacity=20, equipment=["video"])`: a bookable room with that equipment."""

    class Meta:
        model = Room

    class Params:
        equipment = (Equipment.PROJECTOR, Equipment.WHITEBOARD)

    name = factory.Sequence(lambda n: f"会议室{n}")
    building = "总部大楼"
    location = "3楼"
    capacity = 10
    checklist = "投影仪\n白板笔"
    has_projector = factory.LazyAttribute(lambda room: Equipment.PROJECTOR in room.equipment)
    has_video = factory.LazyAttribute(lambda room: Equipment.VIDEO in room.equipment)
    has_microphone = factory.LazyAttribute(lambda room: Equipment.MICROPHONE in room.equipment)
    has_whiteboard = factory.LazyAttribute(lambda room: Equipment.WHITEBOARD in room.equipment)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A scheduled one-hour meeting tomorrow at 09:00, organised and hosted by one person."""

    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"会议{n}")
    room = factory.SubFactory(RoomFactory)
    start = factory.LazyFunction(_tomorrow_at_nine)
    end = factory.LazyAttribute(lambda meeting: meeting.start + timedelta(hours=1))
    host = factory.SubFactory(UserFactory)
    organiser = factory.SelfAttribute("host")
    department = factory.SelfAttribute("organiser.department")
    status = MeetingStatus.SCHEDULED


class AttendeeFactory(factory.django.DjangoModelFactory):
    """An invited colleague who has not answered yet."""

    class Meta:
        model = Attendee

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)


class ActionItemFactory(factory.django.DjangoModelFactory):
    """An open action item due in three days, created by the meeting's organiser."""

    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"决议事项{n}")
    owner = factory.SubFactory(UserFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=3))
    created_by = factory.SelfAttribute("meeting.organiser")


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarFeed

    user = factory.SubFactory(UserFactory)


def shift(meeting: Meeting, *, minutes: int) -> Meeting:
    """Move a meeting in time without the service (to reach 'now' in tests)."""
    Meeting.objects.filter(pk=meeting.pk).update(
        start=meeting.start + timedelta(minutes=minutes),
        end=meeting.end + timedelta(minutes=minutes),
    )
    meeting.refresh_from_db()
    return meeting


def started_ago(meeting: Meeting, *, minutes: int, length: int = 60) -> Meeting:
    start = timezone.now() - timedelta(minutes=minutes)
    Meeting.objects.filter(pk=meeting.pk).update(start=start, end=start + timedelta(minutes=length))
    meeting.refresh_from_db()
    return meeting
