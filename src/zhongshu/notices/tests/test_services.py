import logging

import pytest
from django.core import mail
from django.db import transaction

from zhongshu.notices import services, tasks, webhooks
from zhongshu.notices.models import Notification, NotificationPreference

pytestmark = pytest.mark.django_db


# --- notify: in-app rows ------------------------------------------------------------------


def test_notify_creates_one_row_per_distinct_active_recipient(
    employee, clerk, make_user, django_assert_num_queries
):
    gone = make_user("gone", "employee", is_active=False)
    with django_assert_num_queries(2):  # one SELECT of active users, one INSERT
        rows = services.notify(
            recipients=[employee, clerk, employee.pk, gone, clerk],
            title="会议通知",
            body="明天上午九点",
            url="/meetings/1/",
            kind="meeting.invited",
            email=False,
        )
    assert sorted(r.recipient_id for r in rows) == sorted([employee.pk, clerk.pk])
    assert all(r.pk for r in rows)
    stored = Notification.objects.for_user(employee).get()
    assert (stored.title, stored.body, stored.url, stored.kind) == (
        "会议通知",
        "明天上午九点",
        "/meetings/1/",
        "meeting.invited",
    )
    assert stored.read_at is None
    assert not Notification.objects.filter(recipient=gone).exists()


def test_notify_accepts_a_user_queryset(employee, clerk, make_user, django_assert_num_queries):
    from zhongshu.org.models import User

    make_user("gone", "employee", is_active=False)
    with django_assert_num_queries(2):
        rows = services.notify(recipients=User.objects.all(), title="全员通知", email=False)
    assert {r.recipient_id for r in rows} == {employee.pk, clerk.pk}


def test_notify_with_nobody_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert services.notify(recipients=[], title="x") == []


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/x",
        "//evil.example/x",
        "javascript:alert(1)",
        "documents/1/",
        "/\\evil",
    ],
)
def test_notify_refuses_links_that_leave_the_site(employee, url):
    with pytest.raises(ValueError):
        services.notify(recipients=[employee], title="x", url=url)
    assert not Notification.objects.exists()


def test_notify_flattens_and_truncates_the_title(employee):
    [row] = services.notify(recipients=[employee], title="第一行\n第二行" + "长" * 300, email=False)
    assert "\n" not in row.title
    assert len(row.title) == 200
    assert row.title.startswith("第一行 第二行")
    assert row.title.endswith("…")


# --- notify: e-mail after commit ----------------------------------------------------------


def test_email_goes_after_commit_to_each_recipient_with_an_address(
    employee, clerk, make_user, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://oa.example.cn"
    nomail = make_user("nomail", "employee", email="")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notify(
            recipients=[employee, clerk, nomail],
            title="请审批：采购申请",
            body="金额 1,200.00 元",
            url="/workflow/requests/7/",
        )
        assert mail.outbox == []  # nothing before commit
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == ["clerk@example.com", "employee@example.com"]
    message = next(m for m in mail.outbox if m.to == ["employee@example.com"])
    assert message.subject == "[中枢] 请审批：采购申请"
    assert "金额 1,200.00 元" in message.body
    assert "https://oa.example.cn/workflow/requests/7/" in message.body
    assert message.content_subtype == "plain"
    assert not hasattr(message, "alternatives")  # no HTML part


def test_email_without_url_links_to_the_notification_list(
    employee, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://oa.example.cn"
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[employee], title="提示")
    assert "https://oa.example.cn/notices/" in mail.outbox[0].body


def test_rolled_back_transaction_sends_nothing(employee, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.notify(recipients=[employee], title="不会发出", webhook=True)
        raise RuntimeError("boom")
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_email_false_sends_no_mail(employee, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[employee], title="x", email=False)
    assert mail.outbox == []
    assert Notification.objects.count() == 1


def test_email_respects_the_preference(employee, clerk, django_capture_on_commit_callbacks):
    services.preference_update(email_enabled=False, by=employee)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[employee, clerk], title="x")
    assert [m.to for m in mail.outbox] == [["clerk@example.com"]]
    assert Notification.objects.count() == 2  # in-app is always on


def test_email_task_skips_users_deactivated_meanwhile(employee):
    [row] = services.notify(recipients=[employee], title="x", email=False)
    employee.is_active = False
    employee.save()
    assert tasks.send_notification_emails.call_local([row.pk]) == 0
    assert mail.outbox == []


def test_email_task_logs_a_failing_message_and_goes_on(employee, clerk, monkeypatch, caplog):
    rows = services.notify(recipients=[employee, clerk], title="x", email=False)
    from django.core.mail import EmailMessage

    original = EmailMessage.send

    def flaky(self, fail_silently=False):
        if self.to == ["employee@example.com"]:
            raise OSError("smtp down")
        return original(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", flaky)
    with caplog.at_level(logging.ERROR, logger="zhongshu.notices.tasks"):
        assert tasks.send_notification_emails.call_local([r.pk for r in rows]) == 1
    assert [m.to for m in mail.outbox] == [["clerk@example.com"]]
    assert "could not be sent" in caplog.text


# --- webhooks -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("dingtalk", {"msgtype": "text", "text": {"content": "标题\nhttp://x/"}}),
        ("feishu", {"msg_type": "text", "content": {"text": "标题\nhttp://x/"}}),
        ("wecom", {"msgtype": "text", "text": {"content": "标题\nhttp://x/"}}),
    ],
)
def test_build_payload(kind, expected):
    assert webhooks.build_payload(kind, "标题\nhttp://x/") == expected


def test_build_payload_refuses_unknown_kinds():
    with pytest.raises(ValueError):
        webhooks.build_payload("slack", "x")


def test_configured_ignores_unknown_kinds_and_non_http_urls(settings):
    settings.NOTICES_WEBHOOKS = {
        "dingtalk": "https://oapi.dingtalk.com/robot/send?access_token=a",
        "slack": "https://hooks.slack.com/x",
        "feishu": "file:///etc/passwd",
    }
    assert webhooks.configured() == {
        "dingtalk": "https://oapi.dingtalk.com/robot/send?access_token=a"
    }


def test_webhook_gets_title_and_link_but_never_the_body(
    employee, robot, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://oa.example.cn"
    settings.NOTICES_WEBHOOKS = {"dingtalk": robot.url, "feishu": robot.url, "wecom": robot.url}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notify(
            recipients=[employee],
            title="本周安全检查安排",
            body="机密：详见附件 http://internal.example/secret",
            url="/safety/plans/3/",
            email=False,
            webhook=True,
        )
        assert robot.received == []
    for callback in callbacks:
        callback()
    text = "【中枢】本周安全检查安排\nhttps://oa.example.cn/safety/plans/3/"
    assert sorted(robot.received, key=str) == sorted(
        [
            {"msgtype": "text", "text": {"content": text}},
            {"msg_type": "text", "content": {"text": text}},
            {"msgtype": "text", "text": {"content": text}},
        ],
        key=str,
    )
    assert "机密" not in str(robot.received)
    assert robot.headers[0]["Content-Type"] == "application/json; charset=utf-8"


def test_webhook_false_posts_nothing(employee, robot, settings, django_capture_on_commit_callbacks):
    settings.NOTICES_WEBHOOKS = {"dingtalk": robot.url}
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[employee], title="x", email=False)
    assert robot.received == []


def test_post_reports_http_errors_robot_refusals_and_dead_servers(robot, caplog):
    robot.answers = [(500, {}), (200, {"errcode": 310000, "errmsg": "keywords not in content"})]
    with caplog.at_level(logging.WARNING, logger="zhongshu.notices.webhooks"):
        assert webhooks.post(robot.url, {"a": 1}) is False
        assert webhooks.post(robot.url, {"a": 1}) is False
        assert webhooks.post(robot.url, {"a": 1}) is True
        assert webhooks.post("http://127.0.0.1:9/nothing-listens", {"a": 1}) is False
        assert webhooks.post("file:///etc/passwd", {"a": 1}) is False
    assert "HTTP Error 500" in caplog.text
    assert "310000 keywords not in content" in caplog.text
    assert len(robot.received) == 3


def test_webhook_task_retries_once_then_gives_up(robot, settings, huey_immediate, caplog):
    settings.NOTICES_WEBHOOKS = {"feishu": robot.url}
    robot.answers = [(500, {}), (200, {"code": 19021, "msg": "sign match fail"})]
    tasks.deliver_webhook("feishu", "hello")  # first attempt fails, retry is scheduled
    assert len(robot.received) == 1
    [retry] = huey_immediate.scheduled()
    assert retry.retries == 0
    assert huey_immediate.read_schedule(retry.eta) == [retry]  # take it off the schedule
    with caplog.at_level(logging.ERROR, logger="zhongshu.notices.tasks"):
        huey_immediate.execute(retry, timestamp=retry.eta)  # fails again: logged, not rescheduled
    assert len(robot.received) == 2
    assert huey_immediate.scheduled() == []
    assert "giving up" in caplog.text


def test_webhook_task_succeeds_without_retry(robot, settings, huey_immediate):
    settings.NOTICES_WEBHOOKS = {"wecom": robot.url}
    tasks.deliver_webhook("wecom", "hello")
    assert robot.received == [{"msgtype": "text", "text": {"content": "hello"}}]
    assert huey_immediate.scheduled() == []


# --- read marks and preferences -----------------------------------------------------------


def test_mark_read_is_own_only_and_idempotent(employee, clerk):
    [mine] = services.notify(recipients=[employee], title="x", email=False)
    with pytest.raises(Notification.DoesNotExist):
        services.notification_mark_read(notification_id=mine.pk, by=clerk)
    assert Notification.objects.get(pk=mine.pk).read_at is None
    first = services.notification_mark_read(notification_id=mine.pk, by=employee).read_at
    assert first is not None
    again = services.notification_mark_read(notification_id=mine.pk, by=employee).read_at
    assert again == first == Notification.objects.get(pk=mine.pk).read_at


def test_mark_all_read_touches_only_my_unread(employee, clerk):
    services.notify(recipients=[employee, clerk], title="a", email=False)
    services.notify(recipients=[employee], title="b", email=False)
    assert services.notification_mark_all_read(by=employee) == 2
    assert Notification.objects.for_user(employee).unread().count() == 0
    assert Notification.objects.for_user(clerk).unread().count() == 1
    assert services.notification_mark_all_read(by=employee) == 0


def test_preference_defaults_then_update(employee, clerk):
    assert services.preference_for(employee).email_enabled is True
    assert services.preference_for(employee).pk is None
    services.preference_update(email_enabled=False, by=employee)
    assert NotificationPreference.objects.get(user=employee).email_enabled is False
    assert services.preference_for(clerk).email_enabled is True
    services.preference_update(email_enabled=True, by=employee)
    assert NotificationPreference.objects.get(user=employee).email_enabled is True
    assert NotificationPreference.objects.count() == 1
