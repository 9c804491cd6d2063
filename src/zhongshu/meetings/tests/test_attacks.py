"""What an attacker or a careless user tried against the meetings module, and must keep failing."""

from datetime import timedelta

import pytest
from django.test import Client

from .conftest import at


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


# --- Impossible or extreme dates on the pages (issue 11, finding 10) --------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "date=0001-01-01",
        "date=9999-12-31",
        "date=0001-01-01&span=week",
        "date=9999-12-31&span=week",
        "date=2027-02-30",
    ],
)
def test_the_room_grid_clamps_extreme_dates(leader, room, query):
    page = _client(leader).get(f"/meetings/grid/?{query}")
    assert page.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_room_week_clamps_extreme_dates(employee, room, day):
    page = _client(employee).get(f"/meetings/rooms/{room.pk}/?date={day}")
    assert page.status_code == 200


@pytest.mark.django_db
def test_a_free_room_search_in_year_one_is_a_form_error(employee, room):
    page = _client(employee).get("/meetings/rooms/?start=0001-01-01T00:00&end=9999-12-31T23:59")
    assert page.status_code == 200
    assert "1900" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("week", ["9999-W52", "0001-W01"])
def test_the_weekly_report_refuses_weeks_out_of_range(leader, week):
    page = _client(leader).get(f"/meetings/actions/report/?week={week}")
    assert page.status_code == 200
    assert "2999" in page.content.decode()
    workbook = _client(leader).get(f"/meetings/actions/report/?week={week}&format=xlsx")
    assert workbook.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("start", ["9999-12-31T23:00", "0001-01-01T09:00"])
def test_booking_in_year_9999_or_one_is_a_form_error(clerk, room, start):
    from zhongshu.meetings.models import Meeting

    page = _client(clerk).post(
        "/meetings/book/",
        {"title": "千年大会", "room": room.pk, "start": start, "end": start[:-5] + "23:59"},
    )
    assert page.status_code == 200
    assert "1900" in page.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_booking_page_with_a_huge_room_id(clerk, room):
    page = _client(clerk).get("/meetings/book/?room=99999999999999999999")
    assert page.status_code == 200


@pytest.mark.django_db
def test_moving_a_meeting_to_year_9999_is_a_form_error(clerk, room, book):
    meeting = book(room)
    page = _client(clerk).post(
        f"/meetings/{meeting.pk}/edit/",
        {"title": "改期", "room": room.pk, "start": "9999-12-31T22:00", "end": "9999-12-31T23:00"},
    )
    assert page.status_code == 200
    meeting.refresh_from_db()
    assert meeting.start == at()
    assert meeting.end == at() + timedelta(hours=1)
