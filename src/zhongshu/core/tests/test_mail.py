"""Without EMAIL_URL, each e-mail is one log line (recipient, subject) and nothing is sent."""

import logging
import os

from django.core import mail
from django.core.mail import EmailMessage

import zhongshu.settings as project_settings


def test_development_mail_is_one_line_per_message(settings, caplog):
    settings.EMAIL_BACKEND = "zhongshu.core.mail.LogEmailBackend"
    invitation = EmailMessage(
        "会议通知：周例会\n（第 3 周）", "正文" * 500, to=["a@example.com", "b@example.com"]
    )
    invitation.attach("invite.ics", "BEGIN:VCALENDAR\n" * 200, "text/calendar")
    crowd = EmailMessage("待办提醒", "正文", to=[f"u{n}@example.com" for n in range(6)])
    with caplog.at_level(logging.INFO, logger="zhongshu.mail"):
        assert mail.get_connection().send_messages([invitation, crowd]) == 2
    lines = [record.getMessage() for record in caplog.records if record.name == "zhongshu.mail"]
    assert lines == [
        "e-mail (not sent) to a@example.com, b@example.com: 会议通知：周例会 （第 3 周）",
        "e-mail (not sent) to u0@example.com, u1@example.com, u2@example.com (+3): 待办提醒",
    ]


def test_the_log_backend_is_the_default_and_is_shown():
    configured = project_settings.env("EMAIL_URL", default="") or os.environ.get("EMAIL_BACKEND")
    if not configured:
        assert project_settings.EMAIL_BACKEND == "zhongshu.core.mail.LogEmailBackend"
    # The console shows INFO for e-mail lines even when LOG_LEVEL keeps the rest at WARNING.
    assert logging.getLogger("zhongshu.mail").getEffectiveLevel() == logging.INFO
