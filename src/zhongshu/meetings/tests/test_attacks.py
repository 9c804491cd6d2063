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


# --- Calendar feeds (issue 11, finding 5) ---------------------------------------------------


def _events(payload: bytes) -> list:
    from icalendar import Calendar

    return Calendar.from_ical(payload).walk("VEVENT")


@pytest.fixture
def secret_and_open(room, book, clerk, driver, employee):
    """A meeting the employee may not open (driver invited, e-mail on file) and one they may."""
    secret = book(room, title="并购谈判", attendees=[driver.pk], description="报价底线")
    open_one = book(room, at(hour=14), title="部门周会", attendees=[employee.pk])
    return secret, open_one


@pytest.mark.django_db
def test_the_room_page_shows_no_shared_feed_address(employee, room, secret_and_open):
    from zhongshu.meetings.models import CalendarFeed

    client = _client(employee)
    page = client.get(f"/meetings/rooms/{room.pk}/").content.decode()
    assert ".ics" not in page
    assert 'data-testid="room-feed-create"' in page
    assert not hasattr(room, "feed_token")
    client.post(f"/meetings/rooms/{room.pk}/feed/")
    link = CalendarFeed.objects.get(user=employee, room=room)
    page = client.get(f"/meetings/rooms/{room.pk}/").content.decode()
    assert link.token in page


@pytest.mark.django_db
def test_a_room_feed_shows_busy_time_and_only_what_its_owner_may_open(
    employee, driver, room, secret_and_open
):
    from zhongshu.meetings.services import calendar_feed_for

    secret, open_one = secret_and_open
    assert _client(employee).get(f"/meetings/{secret.pk}/").status_code == 404
    link = calendar_feed_for(employee, room=room)
    response = Client().get(f"/meetings/rooms/{room.pk}/feed/{link.token}.ics")
    assert response.status_code == 200
    body = response.content.decode()
    for leaked in ("并购谈判", "报价底线", driver.email, driver.display_name):
        assert leaked not in body
    events = {str(event["UID"]): event for event in _events(response.content)}
    busy = events[f"{secret.uid}@zhongshu"]
    assert str(busy["SUMMARY"]) == "已预订"
    assert "ATTENDEE" not in busy and "ORGANIZER" not in busy and "DESCRIPTION" not in busy
    assert busy.decoded("DTSTART") == secret.start
    shown = events[f"{open_one.uid}@zhongshu"]
    assert str(shown["SUMMARY"]) == "部门周会"


@pytest.mark.django_db
def test_room_feed_links_are_personal(employee, leader, room, secret_and_open):
    from zhongshu.meetings.services import calendar_feed_for

    mine = calendar_feed_for(employee, room=room)
    theirs = calendar_feed_for(leader, room=room)
    assert mine.token != theirs.token
    leader_view = Client().get(f"/meetings/rooms/{room.pk}/feed/{theirs.token}.ics")
    assert "并购谈判" in leader_view.content.decode()
    other_room = Client().get(f"/meetings/rooms/{room.pk + 1}/feed/{mine.token}.ics")
    assert other_room.status_code == 404
    personal = Client().get(f"/meetings/feed/{mine.token}.ics")
    assert personal.status_code == 404


@pytest.mark.django_db
def test_a_feed_follows_what_its_owner_may_see_now(leader, room, secret_and_open):
    from zhongshu.core.roles import Role
    from zhongshu.meetings.services import calendar_feed_for

    link = calendar_feed_for(leader, room=room)
    url = f"/meetings/rooms/{room.pk}/feed/{link.token}.ics"
    assert "并购谈判" in Client().get(url).content.decode()
    leader.groups.remove(leader.groups.get(name=Role.LEADER))
    assert "并购谈判" not in Client().get(url).content.decode()


@pytest.mark.django_db
def test_links_are_listed_and_revoked_by_their_owner_only(employee, driver, room, secret_and_open):
    from zhongshu.meetings.models import CalendarFeed
    from zhongshu.meetings.services import calendar_feed_for

    personal = calendar_feed_for(employee)
    room_link = calendar_feed_for(employee, room=room)
    client = _client(employee)
    page = client.get("/meetings/feeds/").content.decode()
    assert personal.token in page and room_link.token in page
    assert _client(driver).post(f"/meetings/feeds/{room_link.pk}/revoke/").status_code == 404
    assert room_link.token not in _client(driver).get("/meetings/feeds/").content.decode()

    client.post(f"/meetings/feeds/{room_link.pk}/revoke/")
    assert not CalendarFeed.objects.filter(pk=room_link.pk).exists()
    gone = Client().get(f"/meetings/rooms/{room.pk}/feed/{room_link.token}.ics")
    assert gone.status_code == 404
    assert calendar_feed_for(employee, room=room).token != room_link.token

    client.post(f"/meetings/feeds/{personal.pk}/revoke/")
    assert Client().get(f"/meetings/feed/{personal.token}.ics").status_code == 404
    fresh = client.get("/meetings/")
    assert personal.token not in fresh.content.decode()


@pytest.mark.django_db
def test_a_disabled_owners_links_stop_working(employee, room, secret_and_open):
    from zhongshu.meetings.services import calendar_feed_for

    personal = calendar_feed_for(employee)
    room_link = calendar_feed_for(employee, room=room)
    urls = [
        f"/meetings/feed/{personal.token}.ics",
        f"/meetings/rooms/{room.pk}/feed/{room_link.token}.ics",
    ]
    assert [Client().get(url).status_code for url in urls] == [200, 200]
    employee.is_active = False
    employee.save(update_fields=["is_active"])
    assert [Client().get(url).status_code for url in urls] == [404, 404]


# --- Control characters in iCalendar (issue 11, finding 18) ---------------------------------


def strict_parse(payload: bytes) -> list[dict[str, str]]:
    """The VEVENTs of an iCalendar stream, read by the rules of RFC 5545 (what the `ics`
    package enforces): CRLF line ends, folding by one space or tab, every content line
    `name *(;param) : value` with no CONTROL character (any C0 but tab, and DEL), and every
    BEGIN matched by its END. Raises ValueError on any breach, as a strict parser rejects the
    whole calendar."""
    import re

    text = payload.decode("utf-8")
    if not text.endswith("\r\n") or re.search(r"(?<!\r)\n|\r(?!\n)", text):
        raise ValueError("line ends must be CRLF")
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    events: list[dict[str, str]] = []
    stack: list[str] = []
    content_line = re.compile(
        r'([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)*):(.*)'
    )
    for line in unfolded.split("\r\n")[:-1]:
        if re.search("[\x00-\x08\x0a-\x1f\x7f]", line):
            raise ValueError(f"control character in {line!r}")
        match = content_line.fullmatch(line)
        if match is None:
            raise ValueError(f"not a content line: {line!r}")
        name, _params, value = match.groups()
        if name.upper() == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                events.append({})
        elif name.upper() == "END":
            if not stack or stack.pop() != value:
                raise ValueError(f"unbalanced END:{value}")
        elif stack and stack[-1] == "VEVENT":
            events[-1][name.upper()] = value
    if stack:
        raise ValueError("unclosed component")
    return events


@pytest.mark.django_db
def test_control_characters_never_reach_an_ics_feed(employee, driver, room, book):
    from zhongshu.meetings.ics import invitation
    from zhongshu.meetings.services import calendar_feed_for

    driver.name = "孙\u0007司机"
    driver.save(update_fields=["name"])
    meeting = book(
        room,
        title="事项\u0002",
        attendees=[employee.pk, driver.pk],
        description="第一行\r\n第二行\u001b",
    )
    link = calendar_feed_for(employee)
    feed = Client().get(f"/meetings/feed/{link.token}.ics").content
    events = strict_parse(feed)
    assert [event["SUMMARY"] for event in events] == ["事项"]
    assert events[0]["DESCRIPTION"] == "第一行\\n第二行"
    payload, _method = invitation(meeting)
    (invite,) = strict_parse(payload)
    assert invite["SUMMARY"] == "事项"


def test_the_strict_parser_rejects_what_the_writer_used_to_emit():
    raw = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:\xe4\xba\x8b\xe9\xa1\xb9\x02\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(ValueError):
        strict_parse(raw)


# --- The material pack is streamed (issue 11, finding 14) -----------------------------------


@pytest.mark.django_db
def test_the_material_pack_streams_with_flat_memory(clerk, room, book):
    import os
    import tempfile
    import tracemalloc
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhongshu.files.services import attachment_create

    meeting = book(room)
    contents = [b"%PDF-1.4\n" + os.urandom(3 * 1024 * 1024) for _ in range(3)]
    for index, content in enumerate(contents):
        attachment_create(
            owner=meeting,
            upload=SimpleUploadedFile(f"材料{index}.pdf", content, "application/pdf"),
            by=clerk,
        )
    response = _client(clerk).get(f"/meetings/{meeting.pk}/materials.zip")
    assert response.status_code == 200 and response.streaming
    with tempfile.TemporaryFile() as received:
        tracemalloc.start()
        tracemalloc.reset_peak()
        largest = 0
        for piece in response.streaming_content:
            received.write(piece)
            largest = max(largest, len(piece))
            del piece
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert largest < 512 * 1024
        assert peak < 2 * 1024 * 1024, peak
        with zipfile.ZipFile(received) as archive:
            assert archive.namelist() == ["01-材料0.pdf", "02-材料1.pdf", "03-材料2.pdf"]
            assert [archive.read(name) for name in archive.namelist()] == contents


# --- The weekly report is ready to print (issue 11, finding 21) ------------------------------


@pytest.mark.django_db
def test_the_weekly_report_is_print_ready_and_survives_control_characters(
    leader, clerk, employee, room, book
):
    import io

    from django.utils import timezone
    from openpyxl import load_workbook

    from zhongshu.core.excel import DATE, INTEGER
    from zhongshu.meetings.services import (
        action_create,
        week_label,
        weekly_report,
        weekly_report_xlsx,
    )

    meeting = book(room, title="周例会\u0002")
    due = timezone.localdate() + timedelta(days=3)
    action_create(meeting=meeting, by=clerk, title="事项\u0002", owner=employee, due_date=due)
    report = weekly_report(week=week_label(timezone.localdate()), by=leader)
    response = _client(leader).get(f"/meetings/actions/report/?week={report.week}&format=xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(weekly_report_xlsx(report)))
    summary, items = workbook.worksheets
    for sheet, widths in ((summary, {"A": 16, "B": 10}), (items, {"A": 16, "B": 40, "D": 12})):
        for letter, width in widths.items():
            assert sheet.column_dimensions[letter].width == width
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth in (1, "1")
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert items.print_title_rows == "$1:$1"
    assert items.freeze_panes == "A2"
    header, row = list(items.iter_rows())
    assert header[0].font.b
    assert row[1].value == "事项" and row[2].value == "周例会"
    assert row[3].number_format == DATE and row[3].value.date() == due
    assert row[4].number_format == INTEGER
    totals = [line for line in summary.iter_rows() if line[0].value == employee.display_name]
    assert totals[0][1].number_format == INTEGER
