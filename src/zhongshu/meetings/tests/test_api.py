"""The /api/v1/meetings/ contract: status codes, JSON shapes, database state."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from zhongshu.meetings.models import Meeting, MeetingStatus, Minutes, Room
from zhongshu.meetings.services import minutes_save

from .conftest import at
from .factories import started_ago

pytestmark = pytest.mark.django_db
BASE = "/api/v1/meetings/"


def _booking(room, **extra):
    start = extra.pop("start", at(hour=9))
    return {
        "title": "项目周会",
        "room": room.pk,
        "start": start.isoformat(),
        "end": extra.pop("end", start + timedelta(hours=1)).isoformat(),
        **extra,
    }


def test_rooms_list_and_create(api_client_for, logistics, employee):
    response = api_client_for(logistics).post(
        f"{BASE}rooms/",
        {"name": "大礼堂", "location": "1楼", "capacity": 200, "equipment": ["projector", "video"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["equipment"] == ["projector", "video"]
    room = Room.objects.get(name="大礼堂")
    assert (room.has_projector, room.has_video, room.has_whiteboard) == (True, True, False)
    listed = api_client_for(employee).get(f"{BASE}rooms/").json()["results"]
    assert [r["name"] for r in listed] == ["大礼堂"]
    denied = api_client_for(employee).post(f"{BASE}rooms/", {"name": "x", "capacity": 3})
    assert denied.status_code == 403
    bad = api_client_for(logistics).post(
        f"{BASE}rooms/", {"name": "x", "capacity": 3, "equipment": ["laser"]}, format="json"
    )
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"
    patched = api_client_for(logistics).patch(
        f"{BASE}rooms/{room.pk}/", {"status": "maintenance"}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["status"] == "maintenance"


def test_available(api_client_for, employee, room, hall, book):
    book(room, at(hour=9), at(hour=10))
    client = api_client_for(employee)
    query = {"start": at(hour=9).isoformat(), "end": at(hour=10).isoformat()}
    names = [r["name"] for r in client.get(f"{BASE}rooms/available/", query).json()["results"]]
    assert names == ["大礼堂"]
    query["equipment"] = "whiteboard"
    assert client.get(f"{BASE}rooms/available/", query).json()["results"] == []
    naive = client.get(
        f"{BASE}rooms/available/", {"start": "2030-01-01T09:00", "end": "2030-01-01T10:00"}
    )
    assert naive.status_code == 400
    backwards = client.get(
        f"{BASE}rooms/available/", {"start": at(hour=10).isoformat(), "end": at(hour=9).isoformat()}
    )
    assert backwards.status_code == 400


def test_book_then_conflict_409_with_the_clash(api_client_for, clerk, employee, room):
    response = api_client_for(clerk).post(
        BASE,
        _booking(
            room,
            attendees=[employee.pk],
            guests=[{"name": "王顾问", "email": "wang@partner.example"}],
            agenda=["开场", {"title": "进度", "presenter": "李文员", "minutes": 20}],
        ),
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["start"].endswith("+08:00")
    assert [a["title"] for a in body["agenda"]] == ["开场", "进度"]
    assert {a["guest_name"] or a["user"]["username"] for a in body["attendees"]} == {
        "employee",
        "王顾问",
    }
    clash = api_client_for(employee).post(
        BASE, _booking(room, start=at(hour=9, minute=30)), format="json"
    )
    assert clash.status_code == 409
    assert clash.json()["code"] == "room_booked"
    assert clash.json()["clash"]["id"] == body["id"]
    assert Meeting.objects.count() == 1


def test_recurring_booking(api_client_for, clerk, room):
    response = api_client_for(clerk).post(
        BASE, _booking(room, rrule="FREQ=WEEKLY;INTERVAL=2;COUNT=3"), format="json"
    )
    assert response.status_code == 201
    assert len(response.json()["occurrences"]) == 3
    assert response.json()["rrule"] == "FREQ=WEEKLY;INTERVAL=2;COUNT=3"
    never = api_client_for(clerk).post(
        BASE, _booking(room, start=at(days=2), rrule="FREQ=WEEKLY"), format="json"
    )
    assert never.status_code == 400 and never.json()["code"] == "rrule_never_ends"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"end": at(hour=8).isoformat()}, "end_before_start"),
        ({"end": at(hour=9).isoformat()}, "end_before_start"),
        ({"start": at(days=-1).isoformat(), "end": at(days=-1, hour=10).isoformat()}, "in_past"),
        ({"start": "2030-01-01T09:00:00"}, "invalid"),
    ],
)
def test_bad_bookings_change_nothing(api_client_for, clerk, room, change, code):
    response = api_client_for(clerk).post(BASE, {**_booking(room), **change}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert not Meeting.objects.exists()


def test_capacity_and_maintenance(api_client_for, clerk, make_user, room):
    people = [make_user(f"p{n}", "employee").pk for n in range(10)]
    full = api_client_for(clerk).post(BASE, _booking(room, attendees=people), format="json")
    assert full.status_code == 400 and full.json()["code"] == "capacity_exceeded"
    Room.objects.filter(pk=room.pk).update(status="maintenance")
    closed = api_client_for(clerk).post(BASE, _booking(room), format="json")
    assert closed.status_code == 409 and closed.json()["code"] == "room_unavailable"
    assert not Meeting.objects.exists()


def test_list_search_detail_and_scope(api_client_for, employee, outsider, room, book):
    meeting = book(room, attendees=[employee.pk], title="预算评审会")
    book(room, at(hour=14), title="招聘面试")
    client = api_client_for(employee)
    assert [m["title"] for m in client.get(BASE, {"search": "预算"}).json()["results"]] == [
        "预算评审会"
    ]
    assert client.get(f"{BASE}{meeting.pk}/").json()["title"] == "预算评审会"
    assert api_client_for(outsider).get(f"{BASE}{meeting.pk}/").status_code == 404
    assert api_client_for(outsider).get(BASE).json()["results"] == []


def test_patch_and_delete(api_client_for, clerk, employee, room, book):
    meeting = book(room, attendees=[employee.pk])
    client = api_client_for(clerk)
    moved = client.patch(
        f"{BASE}{meeting.pk}/",
        {"start": at(hour=15).isoformat(), "end": at(hour=16).isoformat()},
        format="json",
    )
    assert moved.status_code == 200 and moved.json()["sequence"] == 1
    assert api_client_for(employee).delete(f"{BASE}{meeting.pk}/").status_code == 403
    assert client.delete(f"{BASE}{meeting.pk}/").status_code == 204
    assert Meeting.objects.get().status == MeetingStatus.CANCELLED
    assert client.delete(f"{BASE}{meeting.pk}/").status_code == 409


def test_invite_ics_parses(api_client_for, employee, room, book):
    meeting = book(room, attendees=[employee.pk])
    response = api_client_for(employee).get(f"{BASE}{meeting.pk}/invite.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar["METHOD"] == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "周例会"
    assert event.decoded("DTEND") == meeting.end


def test_respond_and_checkin(api_client_for, employee, outsider, clerk, room, book, driver):
    meeting = book(room, attendees=[employee.pk])
    client = api_client_for(employee)
    answer = client.post(f"{BASE}{meeting.pk}/respond/", {"response": "attend"}, format="json")
    assert answer.status_code == 200 and answer.json()["response"] == "attend"
    started_ago(meeting, minutes=3)
    wrong = client.post(f"{BASE}{meeting.pk}/checkin/", {"token": "nope"}, format="json")
    assert wrong.status_code == 400 and wrong.json()["code"] == "bad_token"
    done = client.post(
        f"{BASE}{meeting.pk}/checkin/", {"token": meeting.checkin_token}, format="json"
    )
    assert done.status_code == 200 and done.json()["late"] is True
    assert (
        api_client_for(outsider)
        .post(f"{BASE}{meeting.pk}/checkin/", {"token": meeting.checkin_token}, format="json")
        .status_code
        == 404
    )
    listed = api_client_for(clerk).get(f"{BASE}{meeting.pk}/checkin/").json()["results"]
    assert [a["checked_in_at"] is not None for a in listed] == [True]


def test_minutes_endpoints(api_client_for, clerk, leader, employee, room, book):
    meeting = book(room, host=leader, attendees=[employee.pk])
    url = f"{BASE}{meeting.pk}/minutes/"
    assert api_client_for(employee).get(url).status_code == 404
    saved = api_client_for(clerk).put(url, {"body": "纪要正文", "decisions": "决议"}, format="json")
    assert saved.status_code == 200 and saved.json()["status"] == "draft"
    early = api_client_for(clerk).post(f"{url}publish/")
    assert early.status_code == 409 and early.json()["code"] == "not_reviewed"
    assert api_client_for(clerk).post(f"{url}submit/").json()["status"] == "submitted"
    assert api_client_for(clerk).post(f"{url}approve/").status_code == 403
    returned = api_client_for(leader).post(f"{url}return/", {"comment": "补充"}, format="json")
    assert returned.json()["status"] == "returned"
    minutes_save(meeting=meeting, by=clerk, body="修改后")
    api_client_for(clerk).post(f"{url}submit/")
    assert api_client_for(leader).post(f"{url}approve/").json()["status"] == "approved"
    assert api_client_for(clerk).post(f"{url}publish/").json()["status"] == "published"
    assert api_client_for(employee).get(url).json()["body"] == "修改后"
    assert Minutes.objects.get().status == "published"


def test_actions_progress_and_report(api_client_for, clerk, leader, employee, room, book):
    meeting = book(room, host=leader, attendees=[employee.pk])
    due = (timezone.localdate() + timedelta(days=2)).isoformat()
    created = api_client_for(clerk).post(
        f"{BASE}{meeting.pk}/actions/",
        {"title": "提交方案", "owner": employee.pk, "due_date": due},
        format="json",
    )
    assert created.status_code == 201
    action_id = created.json()["id"]
    listed = api_client_for(employee).get(f"{BASE}{meeting.pk}/actions/").json()["results"]
    assert [a["title"] for a in listed] == ["提交方案"]
    progress = api_client_for(employee).post(
        f"{BASE}actions/{action_id}/progress/", {"note": "初稿完成", "percent": 60}, format="json"
    )
    assert progress.status_code == 201 and progress.json()["percent"] == 60
    history = api_client_for(employee).get(f"{BASE}actions/{action_id}/progress/").json()
    assert [p["note"] for p in history["results"]] == ["初稿完成"]
    report = api_client_for(leader).get(f"{BASE}actions/report/")
    assert report.status_code == 200
    owners = report.json()["owners"]
    assert owners[0]["owner"]["name"] == "刘员工" and owners[0]["on_track"] == 1
    assert api_client_for(employee).get(f"{BASE}actions/report/").status_code == 403
    bad_week = api_client_for(leader).get(f"{BASE}actions/report/", {"week": "2026-99"})
    assert bad_week.status_code == 400
