"""Small builders shared by the meetings tests and the access matrix."""

from datetime import timedelta

from django.utils import timezone

from zhongshu.meetings.models import EQUIPMENT_FIELDS, Meeting, Room


def make_room(name="第一会议室", capacity=10, equipment=("projector", "whiteboard"), **extra):
    flags = {field: code in equipment for code, field in EQUIPMENT_FIELDS.items()}
    return Room.objects.create(
        name=name,
        building=extra.pop("building", "总部大楼"),
        location=extra.pop("location", "3楼"),
        capacity=capacity,
        checklist=extra.pop("checklist", "投影仪\n白板笔"),
        **flags,
        **extra,
    )


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
