"""The meeting's actions as dialogs and one-click answers, the confirmations, the timeline, and
buttons only when allowed: 会议纪要 only once the user may open the minutes."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from zhongshu.meetings.models import Attendee, Meeting, MeetingStatus
from zhongshu.meetings.services import (
    minutes_publish,
    minutes_review,
    minutes_save,
    minutes_submit,
)

from .factories import RoomFactory, started_ago

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
BUTTONS = (
    "action-attend",
    "action-decline",
    "action-delegate",
    "minutes-link",
    "qr-link",
    "action-equipment",
    "edit-link",
    "action-cancel",
    "invite-link",
)


def web(user):
    client = Client()
    client.force_login(user)
    return client


def page(client, meeting, **headers):
    response = client.get(reverse("meetings:detail", args=[meeting.pk]), **headers)
    assert response.status_code == 200
    return response.content.decode()


def record(client, meeting):
    return page(client, meeting, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="record")


def buttons(client, meeting):
    html = page(client, meeting)
    return {testid for testid in BUTTONS if f'data-testid="{testid}"' in html}


def assert_done(response, meeting):
    assert response.status_code == 200 and response["HX-Trigger"] == "zs-dialog-done"
    location = json.loads(response["HX-Location"])
    assert location["path"] == reverse("meetings:detail", args=[meeting.pk])


def test_one_click_answer_and_delegate_dialog(room, book, employee, driver):
    meeting = book(room, attendees=[employee.pk])
    client = web(employee)
    url = reverse("meetings:respond", args=[meeting.pk])
    assert_done(client.post(url, {"response": "attend"}, **HTMX), meeting)
    assert "您的答复：参加" in record(client, meeting)
    fragment = client.get(url, **HTMX).content.decode()
    assert 'data-testid="delegate-form"' in fragment and "<html" not in fragment
    bad = client.post(url, {"delegate": 987654}, **HTMX).content.decode()
    assert "is-invalid" in bad
    assert Attendee.objects.get(user=employee).response == "attend"
    assert_done(client.post(url, {"delegate": driver.pk}, **HTMX), meeting)
    attendee = Attendee.objects.get(user=employee)
    assert (attendee.response, attendee.delegate) == ("delegate", driver)
    assert "已委托孙司机代为参会" in record(client, meeting)


def test_cancel_dialog(room, book, clerk):
    meeting = book(room)
    client = web(clerk)
    url = reverse("meetings:cancel", args=[meeting.pk])
    assert "<html" in client.get(url).content.decode()
    done = client.post(url, {"reason": "领导出差"}, **HTMX)
    assert_done(done, meeting)
    assert Meeting.objects.get().status == MeetingStatus.CANCELLED
    html = record(client, meeting)
    assert "已取消：周例会" in html
    assert "action-cancel" not in buttons(client, meeting)


def test_equipment_dialog_shows_the_checklist(book, logistics, clerk):
    room = RoomFactory(name="第二会议室", checklist="投影仪\n麦克风")
    meeting = book(room)
    client = web(logistics)
    fragment = client.get(
        reverse("meetings:equipment_check", args=[meeting.pk]), **HTMX
    ).content.decode()
    assert "投影仪" in fragment and "麦克风" in fragment
    done = client.post(
        reverse("meetings:equipment_check", args=[meeting.pk]), {"notes": "麦克风换了电池"}, **HTMX
    )
    assert_done(done, meeting)
    html = record(client, meeting)
    assert "设备已检查" in html and "麦克风换了电池" in html
    assert "action-equipment" not in buttons(client, meeting)


def test_sign_in_buttons_only_while_sign_in_is_open(room, book, clerk, employee):
    meeting = book(room, attendees=[employee.pk])
    attendee = Attendee.objects.get(user=employee)
    sign_in = reverse("meetings:sign_in_other", args=[meeting.pk, attendee.pk])
    client = web(clerk)
    assert sign_in not in page(client, meeting)  # tomorrow: not yet open
    started_ago(meeting, minutes=1)
    assert sign_in in page(client, meeting)
    assert_done(client.post(sign_in, **HTMX), meeting)
    html = record(client, meeting)
    assert "已签到：刘员工" in html and "由李文员代签" in html


def test_minutes_button_only_once_it_can_be_opened(room, book, clerk, leader, employee):
    meeting = book(room, host=leader, attendees=[employee.pk])
    assert "minutes-link" in buttons(web(clerk), meeting)
    assert "minutes-link" in buttons(web(leader), meeting)
    assert "minutes-link" not in buttons(web(employee), meeting)
    minutes_save(meeting=meeting, by=clerk, body="讨论了预算")
    minutes_submit(meeting=meeting, by=clerk)
    assert "minutes-link" not in buttons(web(employee), meeting)
    minutes_review(meeting=meeting, by=leader, decision="approve")
    minutes_publish(meeting=meeting, by=clerk)
    assert "minutes-link" in buttons(web(employee), meeting)
    minutes = reverse("meetings:minutes", args=[meeting.pk])
    assert web(employee).get(minutes).status_code == 200
    assert "会议纪要 · 已发布" in record(web(employee), meeting)


def test_buttons_by_role(room, book, clerk, leader, employee, logistics, auditor):
    meeting = book(room, host=leader, attendees=[employee.pk])
    assert buttons(web(employee), meeting) == {
        "action-attend",
        "action-decline",
        "action-delegate",
        "invite-link",
    }
    assert buttons(web(clerk), meeting) == {
        "minutes-link",
        "qr-link",
        "edit-link",
        "action-cancel",
        "invite-link",
    }
    assert buttons(web(logistics), meeting) == {"action-equipment", "invite-link"}
    assert buttons(web(auditor), meeting) == {"invite-link"}
    assert web(employee).get(reverse("meetings:cancel", args=[meeting.pk])).status_code == 403
    assert (
        web(auditor).get(reverse("meetings:equipment_check", args=[meeting.pk])).status_code == 403
    )


def test_timeline_oldest_first(room, book, clerk, employee):
    meeting = book(room, attendees=[employee.pk])
    web(employee).post(reverse("meetings:respond", args=[meeting.pk]), {"response": "decline"})
    html = page(web(clerk), meeting).split('data-testid="meeting-timeline"')[1]
    assert html.index("预订会议") < html.index("不参加")
