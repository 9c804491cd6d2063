"""No double booking under real concurrency, on SQLite (file) and PostgreSQL."""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, connections, transaction

from zhongshu.core.errors import Conflict
from zhongshu.meetings.models import Meeting, MeetingStatus
from zhongshu.meetings.services import RoomClash, meeting_book

from .conftest import at
from .factories import RoomFactory

THREADS = 24


def _race(users, room, start, end):
    barrier = threading.Barrier(len(users))
    outcomes = []
    lock = threading.Lock()

    def attempt(user):
        try:
            barrier.wait()
            meeting_book(title=f"{user.username} 的会", room=room, start=start, end=end, by=user)
            result = "booked"
        except RoomClash:
            result = "conflict"
        except Exception as error:
            result = repr(error)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_bookings_of_one_slot_yield_exactly_one(make_user):
    room = RoomFactory(capacity=50)
    users = [make_user(f"racer{n}", "employee") for n in range(THREADS)]
    start = at(days=3, hour=9)
    outcomes = _race(users, room, start, start + timedelta(hours=1))
    assert outcomes.count("booked") == 1, outcomes
    assert outcomes.count("conflict") == THREADS - 1, outcomes
    assert Meeting.objects.filter(room=room, status=MeetingStatus.SCHEDULED).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_overlapping_slots_yield_exactly_one(make_user):
    room = RoomFactory(capacity=50)
    users = [make_user(f"racer{n}", "employee") for n in range(8)]
    barrier = threading.Barrier(len(users))
    outcomes = []

    def attempt(index, user):
        start = at(days=3, hour=9, minute=index * 5)
        try:
            barrier.wait()
            meeting_book(
                title="会", room=room, start=start, end=start + timedelta(hours=1), by=user
            )
            outcomes.append("booked")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=pair) for pair in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked"] + ["conflict"] * 7


@pytest.mark.django_db
def test_postgresql_constraint_refuses_an_overlap_that_skips_the_service(clerk):
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL only")
    room = RoomFactory()
    start = at(days=2, hour=9)
    values = {"room": room, "host": clerk, "organiser": clerk, "title": "会"}
    Meeting.objects.create(start=start, end=start + timedelta(hours=1), **values)
    # A cancelled meeting does not hold the room.
    Meeting.objects.create(
        start=start, end=start + timedelta(hours=1), status=MeetingStatus.CANCELLED, **values
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(
            start=start + timedelta(minutes=30), end=start + timedelta(hours=2), **values
        )
