"""iCalendar (RFC 5545) for invitations and feeds, built with the `icalendar` package."""

from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event, vCalAddress, vText

from .models import MeetingStatus, Response

PRODID = "-//Zhongshu//Meetings//ZH"
# A booking awaiting approval is still an invitation, only a tentative one.
EVENT_STATUS = {
    MeetingStatus.PENDING_APPROVAL: "TENTATIVE",
    MeetingStatus.SCHEDULED: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
    MeetingStatus.RELEASED: "CANCELLED",
}
PARTSTAT = {
    Response.PENDING: "NEEDS-ACTION",
    Response.ATTEND: "ACCEPTED",
    Response.DECLINE: "DECLINED",
    Response.DELEGATE: "DELEGATED",
}


def _address(email: str, name: str, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def meeting_event(meeting, *, cancelled: bool = False) -> Event:
    """One VEVENT; SEQUENCE grows with every change so calendars replace the old copy."""
    event = Event()
    event.add("uid", f"{meeting.uid}@zhongshu")
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", meeting.start.astimezone(UTC))
    event.add("dtend", meeting.end.astimezone(UTC))
    event.add("summary", meeting.title)
    event.add("location", str(meeting.room))
    event.add("sequence", meeting.sequence)
    event.add("url", settings.SITE_URL + reverse("meetings:detail", args=[meeting.pk]))
    if meeting.description:
        event.add("description", meeting.description)
    event.add("status", "CANCELLED" if cancelled else EVENT_STATUS[meeting.status])
    organiser = meeting.organiser
    event.add(
        "organizer",
        _address(organiser.email or f"{organiser.username}@invalid", organiser.display_name),
    )
    for attendee in meeting.attendees.all():
        email = attendee.user.email if attendee.user_id else attendee.guest_email
        if not email:
            continue
        event.add(
            "attendee",
            _address(
                email,
                attendee.display_name,
                ROLE="REQ-PARTICIPANT",
                PARTSTAT=PARTSTAT[attendee.response],
                RSVP="TRUE",
            ),
            encode=0,
        )
    return event


def calendar_for(meetings, *, method: str | None = None, name: str = "") -> bytes:
    """A VCALENDAR of `meetings`; METHOD:REQUEST/CANCEL for invitations, none for feeds."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, cancelled=method == "CANCEL"))
    return calendar.to_ical()


def invitation(meeting) -> tuple[bytes, str]:
    """The invitation and its METHOD: REQUEST while the meeting stands, CANCEL once it is off."""
    method = "CANCEL" if EVENT_STATUS[meeting.status] == "CANCELLED" else "REQUEST"
    return calendar_for([meeting], method=method), method
