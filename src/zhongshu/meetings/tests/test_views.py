"""The pages: status, what they show, the state they change through the services."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from openpyxl import load_workbook

from zhongshu.files.services import attachment_create
from zhongshu.meetings.models import Attendee, CalendarFeed, Meeting, MeetingStatus, Room
from zhongshu.meetings.services import action_create

from .conftest import at
from .factories import started_ago

pytestmark = pytest.mark.django_db


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_book_by_form_with_repeat(client, clerk, employee, room):
    client.force_login(clerk)
    response = client.post(
        reverse("meetings:book"),
        {
            "title": "行政例会",
            "room": room.pk,
            "start": _local(at(hour=9)),
            "end": _local(at(hour=10)),
            "attendees": [employee.pk],
            "guests": "王顾问 <wang@partner.example>",
            "agenda": "回顾\n计划",
            "repeat": "1",
            "count": "3",
        },
    )
    assert response.status_code == 302
    meetings = Meeting.objects.order_by("start")
    assert meetings.count() == 3
    first = meetings[0]
    assert response.headers["Location"] == reverse("meetings:detail", args=[first.pk])
    assert Attendee.objects.filter(meeting=first, guest_email="wang@partner.example").exists()
    clash = client.post(
        reverse("meetings:book"),
        {"title": "冲突", "room": room.pk, "start": _local(at(hour=9)), "end": _local(at(hour=10))},
    )
    assert clash.status_code == 200
    assert 'data-testid="clash"' in clash.content.decode()
    assert Meeting.objects.count() == 3


def test_book_form_refuses_unknown_people_and_endless_nothing(client, clerk, room):
    client.force_login(clerk)
    response = client.post(
        reverse("meetings:book"),
        {
            "title": "会",
            "room": room.pk,
            "start": _local(at(hour=9)),
            "end": _local(at(hour=10)),
            "attendees": [987654],
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["attendees"]
    assert not Meeting.objects.exists()


def test_index_detail_and_feed(client, employee, room, book):
    meeting = book(room, attendees=[employee.pk], title="预算评审")
    client.force_login(employee)
    page = client.get(reverse("meetings:index"))
    assert "预算评审" in page.content.decode()
    feed = CalendarFeed.objects.get(user=employee)
    detail = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert detail.status_code == 200 and 'data-testid="action-attend"' in detail.content.decode()
    client.logout()
    ics = client.get(reverse("meetings:feed", args=[feed.token]))
    assert ics.status_code == 200
    events = Calendar.from_ical(ics.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["预算评审"]
    assert client.get(reverse("meetings:feed", args=["wrong"])).status_code == 404
    room_link = CalendarFeed.objects.create(user=employee, room=room)
    room_ics = client.get(reverse("meetings:room_feed", args=[room.pk, room_link.token]))
    assert len(Calendar.from_ical(room_ics.content).walk("VEVENT")) == 1
    assert client.get(reverse("meetings:room_feed", args=[room.pk, "x"])).status_code == 404


def test_respond_and_delegate_pages(client, employee, driver, room, book):
    meeting = book(room, attendees=[employee.pk])
    client.force_login(employee)
    client.post(
        reverse("meetings:respond", args=[meeting.pk]),
        {"response": "delegate", "delegate": driver.pk},
    )
    attendee = Attendee.objects.get(meeting=meeting, user=employee)
    assert (attendee.response, attendee.delegate) == ("delegate", driver)


def test_qr_and_phone_checkin(client, clerk, employee, room, book):
    meeting = book(room, attendees=[employee.pk])
    started_ago(meeting, minutes=-5)
    client.force_login(clerk)
    qr = client.get(reverse("meetings:qr", args=[meeting.pk]))
    assert qr.status_code == 200 and "data:image/svg+xml" in qr.content.decode()
    client.force_login(employee)
    assert client.get(reverse("meetings:qr", args=[meeting.pk])).status_code == 403
    url = reverse("meetings:checkin", args=[meeting.pk])
    page = client.get(url, {"t": meeting.checkin_token})
    assert page.status_code == 200
    assert Attendee.objects.get(user=employee).checked_in_at is None  # GET changes nothing
    done = client.post(url, {"t": meeting.checkin_token})
    assert "checkin-done" in done.content.decode()
    assert Attendee.objects.get(user=employee).checked_in_at is not None


def test_clerk_signs_in_from_the_list(client, clerk, employee, room, book):
    meeting = book(room, attendees=[employee.pk])
    started_ago(meeting, minutes=1)
    attendee = Attendee.objects.get(user=employee)
    client.force_login(clerk)
    client.post(reverse("meetings:sign_in_other", args=[meeting.pk, attendee.pk]))
    attendee.refresh_from_db()
    assert attendee.checked_in_by == clerk


def test_cancel_page(client, clerk, room, book):
    meeting = book(room)
    client.force_login(clerk)
    client.post(reverse("meetings:cancel", args=[meeting.pk]))
    assert Meeting.objects.get().status == MeetingStatus.CANCELLED


def test_minutes_pages(client, clerk, leader, employee, room, book):
    meeting = book(room, host=leader, attendees=[employee.pk])
    url = reverse("meetings:minutes", args=[meeting.pk])
    client.force_login(employee)
    assert client.get(url).status_code == 404
    client.force_login(clerk)
    client.post(url, {"body": "讨论了预算", "decisions": ""})
    client.post(reverse("meetings:minutes_step", args=[meeting.pk, "submit"]))
    client.force_login(leader)
    assert "minutes-approve" in client.get(url).content.decode()
    client.post(reverse("meetings:minutes_step", args=[meeting.pk, "approve"]))
    client.force_login(clerk)
    client.post(reverse("meetings:minutes_step", args=[meeting.pk, "publish"]))
    client.force_login(employee)
    assert "讨论了预算" in client.get(url).content.decode()


def test_action_pages_and_report(client, clerk, leader, employee, room, book):
    meeting = book(room, host=leader, attendees=[employee.pk])
    client.force_login(clerk)
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    client.post(
        reverse("meetings:action_add", args=[meeting.pk]),
        {"title": "整理档案", "owner": employee.pk, "due_date": due},
    )
    action = meeting.actions.get()
    client.force_login(employee)
    client.post(
        reverse("meetings:action_detail", args=[action.pk]), {"note": "进行中", "percent": "40"}
    )
    action.refresh_from_db()
    assert action.percent == 40
    assert client.get(reverse("meetings:report")).status_code == 403
    client.force_login(leader)
    page = client.get(reverse("meetings:report"))
    assert "整理档案" in page.content.decode()
    xlsx = client.get(reverse("meetings:report"), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).worksheets[1].iter_rows(values_only=True))
    assert rows[1][1] == "整理档案"


def test_rooms_grid_stats_and_materials(client, clerk, logistics, employee, room, book):
    meeting = book(room, attendees=[employee.pk], title="周会")
    client.force_login(employee)
    rooms = client.get(
        reverse("meetings:rooms"),
        {"start": _local(at(hour=9)), "end": _local(at(hour=10))},
    )
    assert (
        rooms.status_code == 200
        and "第一会议室" not in rooms.content.decode().split("room-table")[1]
    )
    grid = client.get(reverse("meetings:grid"), {"date": at().date().isoformat()})
    assert "周会" in grid.content.decode()
    week = client.get(
        reverse("meetings:room_detail", args=[room.pk]), {"date": at().date().isoformat()}
    )
    assert "周会" in week.content.decode()
    assert client.get(reverse("meetings:stats")).status_code == 403
    attachment_create(
        owner=meeting,
        upload=SimpleUploadedFile("议程.txt", "第一项".encode(), "text/plain"),
        by=clerk,
    )
    pack = client.get(reverse("meetings:materials", args=[meeting.pk]))
    names = zipfile.ZipFile(io.BytesIO(b"".join(pack.streaming_content))).namelist()
    assert names == ["01-议程.txt"]
    client.force_login(logistics)
    client.post(
        reverse("meetings:room_create"),
        {"name": "新会议室", "capacity": "6", "status": "available", "equipment": ["video"]},
    )
    assert Room.objects.get(name="新会议室").has_video
    client.force_login(clerk)
    stats = client.get(reverse("meetings:stats"))
    assert stats.status_code == 200


def test_actions_visible_to_owner_only(client, clerk, employee, outsider, room, book):
    meeting = book(room)
    action = action_create(
        meeting=meeting, by=clerk, title="x", owner=employee, due_date=timezone.localdate()
    )
    client.force_login(outsider)
    assert client.get(reverse("meetings:action_detail", args=[action.pk])).status_code == 404
    client.force_login(employee)
    assert client.get(reverse("meetings:action_detail", args=[action.pk])).status_code == 200


def test_building_week_grid_shows_each_day_of_its_rooms(client, employee, outsider, room, book):
    """The week grid lists a building's rooms by day; others' meetings show only as booked."""
    from .factories import RoomFactory

    tuesday = 8 - timezone.localdate().weekday()  # days from today to next week's Tuesday
    elsewhere = RoomFactory(name="分部会议室", building="分部大楼")
    book(room, at(days=tuesday, hour=9), title="预算评审", attendees=[employee.pk])
    book(room, at(days=tuesday + 1, hour=14), title="秘密会商")
    book(elsewhere, at(days=tuesday, hour=9), title="分部例会")
    client.force_login(employee)
    page = client.get(
        reverse("meetings:grid"),
        {"building": "总部大楼", "span": "week", "date": at(days=tuesday).date().isoformat()},
    )
    html = page.content.decode()
    table = html.split('data-testid="week-grid"')[1]
    assert "第一会议室" in table and "分部会议室" not in table
    assert "09:00–10:00" in table and "预算评审" in table
    assert "14:00–15:00" in table and "秘密会商" not in table and "已预订" in table
    next_week = client.get(
        reverse("meetings:grid"),
        {"building": "总部大楼", "span": "week", "date": at(days=tuesday + 7).date().isoformat()},
    )
    assert "预算评审" not in next_week.content.decode()
