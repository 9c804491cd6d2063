"""The meeting notice (会议通知): in-app notifications plus e-mail with an iCalendar invitation."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from zhongshu.notices.services import notify, preference_for
from zhongshu.org.models import User

from ..ics import calendar_for
from ..models import Attendee, Meeting, Response


def expected_user_ids(meeting: Meeting) -> set[int]:
    """Colleagues to tell about the meeting: host, invitees who did not decline, delegates."""
    ids = {meeting.host_id}
    for attendee in meeting.attendees.all():
        if attendee.response == Response.DELEGATE and attendee.delegate_id:
            ids.add(attendee.delegate_id)
        if attendee.user_id and attendee.response != Response.DECLINE:
            ids.add(attendee.user_id)
    return ids


def _when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.start)
    end = timezone.localtime(meeting.end)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


def send_notice(
    meetings: list[Meeting], *, method: str, user_ids: Iterable[int] | None = None
) -> None:
    """Tell attendees about new/changed (REQUEST) or cancelled (CANCEL) meetings.

    In-app rows are written now; the e-mails with the .ics leave after commit (huey).
    """
    first = meetings[0]
    if user_ids is None:
        user_ids = expected_user_ids(first)
    with override(settings.LANGUAGE_CODE):
        if method == "CANCEL":
            title = _("Meeting cancelled: %(title)s") % {"title": first.title}
        elif first.sequence:
            title = _("Meeting changed: %(title)s") % {"title": first.title}
        else:
            title = _("Meeting notice: %(title)s") % {"title": first.title}
        body = _("%(when)s, room %(room)s") % {"when": _when(first), "room": first.room}
        if len(meetings) > 1:
            body += " " + _("(%(count)d occurrences)") % {"count": len(meetings)}
    notify(
        recipients=sorted(user_ids),
        title=title,
        body=body,
        url=reverse("meetings:detail", args=[first.pk]),
        kind="meetings.notice",
        email=False,
    )
    ids = [meeting.pk for meeting in meetings]

    def queue() -> None:
        from ..tasks import send_invitation_emails

        send_invitation_emails(ids, method)

    transaction.on_commit(queue)


def invitation_emails_send(*, meeting_ids: list[int], method: str) -> int:
    """One e-mail per recipient with `invite.ics` (text/calendar; method=...). Returns the count."""
    meetings = list(
        Meeting.objects.filter(pk__in=meeting_ids)
        .select_related("room", "organiser", "host")
        .prefetch_related("attendees__user")
        .order_by("start")
    )
    if not meetings:
        return 0
    first = meetings[0]
    ics = calendar_for(meetings, method=method)
    addresses = []
    users: set[User] = {first.host}
    attendees = Attendee.objects.filter(meeting=first).select_related("user", "delegate")
    for attendee in attendees:
        if attendee.user is not None and attendee.response != Response.DECLINE:
            users.add(attendee.user)
        if attendee.response == Response.DELEGATE and attendee.delegate is not None:
            users.add(attendee.delegate)
        if attendee.is_guest and attendee.guest_email:
            addresses.append(attendee.guest_email)
    for user in users:
        if user.is_active and user.email and preference_for(user).email_enabled:
            addresses.append(user.email)
    link = settings.SITE_URL + reverse("meetings:detail", args=[first.pk])
    with override(settings.LANGUAGE_CODE):
        if method == "CANCEL":
            subject = _("Meeting cancelled: %(title)s") % {"title": first.title}
        else:
            subject = _("Meeting notice: %(title)s") % {"title": first.title}
        body = "\n".join(
            [
                first.title,
                _("Time: %(when)s") % {"when": _when(first)},
                _("Room: %(room)s") % {"room": first.room},
                _("Host: %(name)s") % {"name": first.host.display_name},
                link,
            ]
        )
    sent = 0
    for address in dict.fromkeys(addresses):
        message = EmailMessage(subject=f"[中枢] {subject}", body=body, to=[address])
        message.attach("invite.ics", ics, f"text/calendar; charset=utf-8; method={method}")
        sent += message.send(fail_silently=False)
    return sent
