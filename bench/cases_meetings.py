"""Benchmarks of the meetings app: room availability for a day at 500 rooms and 50,000
meetings, and 200 concurrent attempts to book one slot (exactly one may win)."""

import threading
import time
from datetime import datetime, timedelta
from datetime import time as clock

from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections
from django.test import Client, override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from zhongshu.meetings.models import EQUIPMENT_FIELDS, Meeting, MeetingStatus, Room
from zhongshu.meetings.services import RoomClash, meeting_book, rooms_available
from zhongshu.org.models import User
from zhongshu.workflow.models import Deadline

from .measure import query_count, timed

ATTEMPTS = 200
# PostgreSQL allows 100 connections by default: at most this many threads hold one at a time.
PG_CONNECTIONS = 60
BENCH_TITLE = "bench-concurrent-booking"


def _day_window():
    day = timezone.localdate() + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(day, clock(9, 0)))
    return start, start + timedelta(hours=9)


def room_availability() -> dict:
    """GET /api/v1/meetings/rooms/available/ for tomorrow's working day (09:00-18:00)."""
    user = User.objects.get(username="clerk")
    client = APIClient()
    client.force_authenticate(user)
    start, end = _day_window()
    params = {"start": start.isoformat(), "end": end.isoformat()}
    url = "/api/v1/meetings/rooms/available/"

    def api():
        response = client.get(url, params)
        assert response.status_code == 200, response.content

    # The bare query: the very SQL the API runs, executed on a cursor (same rows, same plan).
    columns = ("id", "name", "building", "location", "capacity", *EQUIPMENT_FIELDS.values())
    rooms = rooms_available(start=start, end=end).values_list(*columns)[:50]
    sql, sql_params = rooms.query.sql_with_params()

    def bare_sql():
        with connection.cursor() as cursor:
            cursor.execute(sql, sql_params)
            cursor.fetchall()

    browser = Client()
    browser.force_login(user)

    def minimal_view():
        """The minimal view through the same middleware as the API, with no framework."""
        response = browser.get("/bench/minimal-rooms-available/", params)
        assert response.status_code == 200

    free = len(client.get(url, params).json()["results"])
    result = {
        "name": "room availability for a day (/api/v1/meetings/rooms/available/)",
        "rooms": Room.objects.count(),
        "meetings": Meeting.objects.count(),
        "free_rooms_returned": free,
        "api": timed(api),
        "api_queries": query_count(api),
        "baseline_bare_sql": timed(bare_sql),
    }
    with override_settings(ROOT_URLCONF="bench.urls"):
        # Last, so the printed ratio is against it (the bare SQL ratio is kept below).
        result["baseline_minimal_view"] = timed(minimal_view)
    result["ratio_api_to_bare_sql_p95"] = round(
        result["api"]["p95_ms"] / max(result["baseline_bare_sql"]["p95_ms"], 0.01), 2
    )
    return result


def _race(users, room, start, end, *, distinct_slots=False):
    barrier = threading.Barrier(len(users))
    outcomes = []
    lock = threading.Lock()
    seats = threading.BoundedSemaphore(
        PG_CONNECTIONS if connection.vendor == "postgresql" else len(users)
    )

    def attempt(index, user):
        offset = timedelta(hours=index) if distinct_slots else timedelta()
        barrier.wait()
        try:
            seats.acquire()
            meeting_book(
                title=BENCH_TITLE,
                room=room,
                start=start + offset,
                end=end + offset,
                by=user,
            )
            outcome = "booked"
        except RoomClash:
            outcome = "conflict"
        except Exception as error:  # counted and shown in the results
            outcome = type(error).__name__
        finally:
            connections.close_all()
            seats.release()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt, args=pair) for pair in enumerate(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, time.perf_counter() - started


def _clean_up() -> None:
    ids = list(Meeting.objects.filter(title=BENCH_TITLE).values_list("pk", flat=True))
    Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(Meeting), object_id__in=ids
    ).delete()
    Meeting.objects.filter(pk__in=ids).delete()


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def concurrent_booking() -> dict:
    """200 threads book the same slot of one room; then 200 threads book 200 distinct slots."""
    _clean_up()
    users = list(User.objects.filter(is_active=True).order_by("pk")[:ATTEMPTS])
    room = Room.objects.filter(status="available").order_by("-capacity", "pk").first()
    day = timezone.localdate() + timedelta(days=400)
    start = timezone.make_aware(datetime.combine(day, clock(3, 0)))
    # The far-future slot is outside the dataset; the service refuses > 1 year only for series.
    try:
        same, same_seconds = _race(users, room, start, start + timedelta(minutes=30))
        distinct, distinct_seconds = _race(
            users,
            room,
            start + timedelta(days=2),
            start + timedelta(days=2, minutes=30),
            distinct_slots=True,
        )
        held = Meeting.objects.filter(
            title=BENCH_TITLE, room=room, status=MeetingStatus.SCHEDULED
        ).count()
    finally:
        _clean_up()
    return {
        "name": f"{ATTEMPTS} concurrent bookings ({connection.vendor})",
        "same_slot_booked": same.count("booked"),
        "same_slot_conflicts": same.count("conflict"),
        "same_slot_errors": len(same) - same.count("booked") - same.count("conflict"),
        "same_slot_attempts_per_second": round(len(same) / same_seconds, 1),
        "distinct_slots_booked": distinct.count("booked"),
        "bookings_per_second": round(distinct.count("booked") / distinct_seconds, 1),
        "meetings_held_after_both_races": held,
    }


CASES = [room_availability, concurrent_booking]
