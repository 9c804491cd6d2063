"""Meetings in the browser: a clerk books a recurring meeting, the invitation's ICS parses,
an attendee signs in by QR on a phone, the minutes are reviewed and published, and the weekly
report lists the action item."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from tests.conftest import screenshot
from tests.picker import pick

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PHONE = {"width": 390, "height": 844}


def log_in(page, username, password="pw-12345678"):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    expect(page.locator("input[name=password]")).to_have_count(0)


def log_out(page):
    page.context.clear_cookies()


def confirmed(page, text):
    """The dialog (if any) closed and the reloaded meeting starts with the confirmation."""
    expect(page.locator("#action-dialog")).to_be_hidden()
    expect(page.locator("#record .alert-success")).to_contain_text(text)


def test_book_invite_sign_in_minutes_and_report(browser_page, clerk, leader, employee):
    from zhongshu.meetings.models import Meeting
    from zhongshu.meetings.tests.factories import RoomFactory

    room = RoomFactory(name="第一会议室", capacity=12)
    page = browser_page
    start = timezone.localtime(timezone.now() + timedelta(minutes=10)).replace(
        second=0, microsecond=0
    )
    end = start + timedelta(hours=1)

    # 1. The clerk books a weekly meeting for three weeks.
    log_in(page, "clerk")
    page.goto(page.base_url + "/meetings/book/")
    page.fill("input[name=title]", "行政例会")
    page.select_option("select[name=room]", str(room.pk))
    page.fill("input[name=start]", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=end]", end.strftime("%Y-%m-%dT%H:%M"))
    pick(page, "host", "zhangzong", "张总")
    pick(page, "attendees", "刘员", "刘员工")
    page.fill("textarea[name=agenda]", "上周工作回顾\n本周重点")
    page.select_option("select[name=repeat]", "1")
    page.fill("input[name=count]", "3")
    screenshot(page, "meetings-book")
    page.get_by_test_id("book-submit").click()
    expect(page.get_by_test_id("meeting-title")).to_have_text("行政例会")
    expect(page.get_by_test_id("attendance")).to_contain_text("刘员工")
    screenshot(page, "meetings-detail")
    meetings = list(Meeting.objects.order_by("start"))
    assert len(meetings) == 3
    assert [(m.start - meetings[0].start).days for m in meetings] == [0, 7, 14]
    meeting = meetings[0]

    # 2. The attendees got the invitation; its ICS parses with a standard parser.
    to_employee = [m for m in mail.outbox if m.to == ["employee@example.com"]]
    assert to_employee, [m.to for m in mail.outbox]
    assert to_employee[0].attachments[0][0] == "invite.ics"
    _name, content, mimetype = to_employee[0].attachments[0]
    calendar = Calendar.from_ical(content)
    assert calendar["METHOD"] == "REQUEST" and "method=REQUEST" in mimetype
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["行政例会"] * 3
    assert events[0].decoded("DTSTART") == meeting.start

    # The employee answers in one click; the minutes are not theirs to open yet.
    log_out(page)
    log_in(page, "employee")
    page.goto(f"{page.base_url}/meetings/{meeting.pk}/")
    expect(page.get_by_test_id("minutes-link")).to_have_count(0)
    page.get_by_test_id("action-attend").click()
    confirmed(page, "您的答复：参加")
    expect(page.get_by_test_id("my-answer")).to_contain_text("参加")
    log_out(page)

    # The clerk cancels the last meeting of the series in its dialog.
    log_in(page, "clerk")
    page.goto(f"{page.base_url}/meetings/{meetings[2].pk}/")
    page.get_by_test_id("action-cancel").click()
    dialog = page.locator("#action-dialog")
    expect(dialog).to_be_visible()
    dialog.locator("textarea[name=reason]").fill("与季度总结会合并")
    screenshot(page, "meetings-cancel-dialog")
    dialog.get_by_test_id("dialog-submit").click()
    confirmed(page, "已取消：行政例会")
    expect(page.get_by_test_id("action-cancel")).to_have_count(0)
    page.goto(f"{page.base_url}/meetings/{meeting.pk}/")

    # 3. The clerk shows the QR code; the employee signs in on a phone.
    page.get_by_test_id("qr-link").click()
    expect(page.get_by_test_id("qr")).to_be_visible()
    checkin_url = page.get_by_test_id("checkin-url").get_attribute("href")
    screenshot(page, "meetings-qr")
    phone_context = page.context.browser.new_context(
        locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True
    )
    phone = phone_context.new_page()
    phone.set_default_timeout(15000)
    phone.base_url = page.base_url
    path = checkin_url.split("://", 1)[1].split("/", 1)[1]
    phone.goto(f"{page.base_url}/{path}")
    expect(phone).to_have_url(re.compile(r"/accounts/login/"))
    phone.fill("input[name=username]", "employee")
    phone.fill("input[name=password]", "pw-12345678")
    phone.press("input[name=password]", "Enter")
    phone.get_by_test_id("checkin-button").click()
    expect(phone.get_by_test_id("checkin-done")).to_be_visible()
    screenshot(phone, "meetings-checkin-phone")
    phone_context.close()
    page.goto(f"{page.base_url}/meetings/{meeting.pk}/")
    expect(page.get_by_test_id("signed-count")).to_have_text("1/1")

    # 4. Minutes: the clerk drafts and submits, adds an action item.
    page.get_by_test_id("minutes-link").click()
    page.fill("textarea[name=body]", "会议回顾了上周工作，布置了本周重点。")
    page.fill("textarea[name=decisions]", "本周五前完成档案整理。")
    page.get_by_test_id("minutes-save").click()
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    page.fill("input[name=title]", "整理部门档案")
    pick(page, "owner", "lyg", "刘员工")
    page.fill("input[name=due_date]", due)
    page.get_by_test_id("action-add").click()
    expect(page.get_by_test_id("action-list")).to_contain_text("整理部门档案")
    page.get_by_test_id("minutes-submit").click()
    expect(page.get_by_test_id("minutes-status")).to_have_attribute("data-status", "submitted")
    log_out(page)

    # 5. The host approves; the clerk publishes.
    log_in(page, "leader")
    page.goto(f"{page.base_url}/meetings/{meeting.pk}/minutes/")
    page.get_by_test_id("minutes-approve").click()
    log_out(page)
    log_in(page, "clerk")
    page.goto(f"{page.base_url}/meetings/{meeting.pk}/minutes/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("minutes-publish").click()
    expect(page.get_by_test_id("minutes-status")).to_have_attribute("data-status", "published")
    log_out(page)

    # 6. The employee reads the minutes from the meeting's page; the leader's weekly report
    # lists the action item.
    log_in(page, "employee")
    page.goto(f"{page.base_url}/meetings/{meeting.pk}/")
    expect(page.get_by_test_id("meeting-timeline")).to_contain_text("签到")
    page.get_by_test_id("minutes-link").click()
    expect(page.get_by_test_id("minutes-body")).to_contain_text("会议回顾了上周工作")
    log_out(page)
    log_in(page, "leader")
    page.goto(f"{page.base_url}/meetings/actions/report/")
    expect(page.get_by_test_id("report-table")).to_contain_text("整理部门档案")
    expect(page.get_by_test_id("report-table")).to_contain_text("刘员工")
    screenshot(page, "meetings-report")


def test_calendar_links_are_personal_and_revocable(browser_page, clerk, employee, driver):
    """An employee makes their own link to a room, sees it listed with their personal link,
    and revokes it; the room's bookings they may not open show as busy time only."""
    from zhongshu.meetings.services import meeting_book
    from zhongshu.meetings.tests.factories import RoomFactory

    room = RoomFactory(name="第二会议室", capacity=8)
    start = timezone.localtime(timezone.now() + timedelta(days=1)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    meeting_book(
        title="并购谈判",
        room=room,
        start=start,
        end=start + timedelta(hours=1),
        attendees=[driver.pk],
        by=clerk,
    )
    page = browser_page
    log_in(page, "employee")
    page.goto(page.base_url + f"/meetings/rooms/{room.pk}/")
    page.get_by_test_id("room-feed-create").click()
    link = page.get_by_test_id("room-feed-url").inner_text()
    assert link.endswith(".ics") and f"/rooms/{room.pk}/feed/" in link
    feed = page.request.get(page.base_url + link[link.index("/meetings/") :])
    assert feed.ok and "已预订" in feed.text() and "并购谈判" not in feed.text()

    page.goto(page.base_url + "/meetings/")
    page.goto(page.base_url + "/meetings/feeds/")
    rows = page.get_by_test_id("feed-row")
    expect(rows).to_have_count(2)
    screenshot(page, "meetings-feeds")
    page.once("dialog", lambda dialog: dialog.accept())
    rows.filter(has_text="第二会议室").get_by_role("button").click()
    expect(page.get_by_test_id("feed-row")).to_have_count(1)
    gone = page.request.get(page.base_url + link[link.index("/meetings/") :])
    assert gone.status == 404
