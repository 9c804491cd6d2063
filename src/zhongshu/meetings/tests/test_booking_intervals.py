"""Property: whatever order people try to book one room in, the bookings that hold it never
overlap, and a booking is refused only when it overlaps one that holds the room."""

from datetime import timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhongshu.core.roles import Role
from zhongshu.meetings.models import Meeting
from zhongshu.meetings.services import RoomClash, meeting_book
from zhongshu.org.tests.factories import UserFactory

from .conftest import at
from .factories import RoomFactory

STEP = timedelta(minutes=30)
# (first half-hour step, length in steps) on a grid of one morning: clashes, gaps and
# back-to-back bookings all come up often.
ATTEMPT = st.tuples(st.integers(min_value=0, max_value=11), st.integers(min_value=1, max_value=4))


def overlap(a, b) -> bool:
    """Half-open intervals [start, end) share time."""
    return a[0] < b[1] and b[0] < a[1]


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(attempts=st.lists(ATTEMPT, min_size=1, max_size=8))
def test_bookings_holding_a_room_never_overlap(attempts):
    # Each example runs in its own savepoint, rolled back at the end, so examples start clean.
    with transaction.atomic():
        room = RoomFactory(capacity=50)
        user = UserFactory(roles=[Role.EMPLOYEE])
        first = at(days=2, hour=8)
        accepted: list[tuple] = []
        for step, length in attempts:
            slot = (first + step * STEP, first + (step + length) * STEP)
            try:
                meeting_book(title="会", room=room, start=slot[0], end=slot[1], by=user)
            except RoomClash as error:
                assert any(overlap(slot, held) for held in accepted), (slot, accepted)
                assert overlap(slot, (error.clash.start, error.clash.end))
            else:
                assert not any(overlap(slot, held) for held in accepted), (slot, accepted)
                accepted.append(slot)
        holding = list(Meeting.objects.holding_room().filter(room=room).values_list("start", "end"))
        assert sorted(holding) == sorted(accepted)
        assert not any(overlap(a, b) for i, a in enumerate(holding) for b in holding[i + 1 :])
        transaction.set_rollback(True)
