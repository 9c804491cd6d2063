"""Fixtures of the meetings tests: rooms and a helper that books at a time relative to now."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone


def at(days=1, hour=9, minute=0):
    """An aware local time `days` from today at hour:minute."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def room(db):
    from .factories import RoomFactory

    return RoomFactory(name="第一会议室")


@pytest.fixture
def hall(db):
    from .factories import RoomFactory

    return RoomFactory(name="大礼堂", capacity=200, equipment=["projector", "video", "microphone"])


@pytest.fixture
def book(clerk):
    """Book a meeting (as the clerk by default); returns the first Meeting."""
    from zhongshu.meetings.services import meeting_book

    def make(room, start=None, end=None, *, by=None, **extra):
        start = start or at()
        return meeting_book(
            title=extra.pop("title", "周例会"),
            room=room,
            start=start,
            end=end or start + timedelta(hours=1),
            by=by or clerk,
            **extra,
        ).meeting

    return make
