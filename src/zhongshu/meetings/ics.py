"""iCalendar (RFC 5545) for invitations and feeds, built with the `icalendar` package.

Every text that people typed (titles, names, room names) passes `ics_text` on its way in:
RFC 5545 allows no control character but tab in a content line, and a strict parser rejects
the whole calendar for one "事项\\x02", so such characters are dropped here, at the writer.
"""

import re
from collections.abc import Container
from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
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
# RFC 5545 CONTROL: every C0 character but tab, and DEL; line breaks are kept (escaped as \n).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def ics_text(value: object) -> str:
    """`value` as text a strict iCalendar parser accepts: line breaks kept, no controls."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL.sub("", text)


PARTSTAT = {
    Response.PENDING: "NEEDS-ACTION",
    Response.ATTEND: "ACCEPTED",
    Response.DECLINE: "DECLINED",
    Response.DELEGATE: "DELEGATED",
}


def _address(email: str, name: str, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{ics_text(email)}")
    address.params["cn"] = vText(ics_text(name))
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
    event.add("summary", ics_text(meeting.title))
    event.add("location", ics_text(meeting.room))
    event.add("sequence", meeting.sequence)
    event.add("url", settings.SITE_URL + reverse("meetings:detail", args=[meeting.pk]))
    if meeting.description:
        event.add("description", ics_text(meeting.description))
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


def busy_event(meeting) -> Event:
    """A booking shown as busy time only: no title, description, organiser or attendees."""
    event = Event()
    event.add("uid", f"{meeting.uid}@zhongshu")
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", meeting.start.astimezone(UTC))
    event.add("dtend", meeting.end.astimezone(UTC))
    event.add("summary", _("Booked"))
    event.add("location", ics_text(meeting.room))
    event.add("class", "PRIVATE")
    event.add("transp", "OPAQUE")
    event.add("status", EVENT_STATUS[meeting.status])
    return event


def calendar_for(
    meetings,
    *,
    method: str | None = None,
    name: str = "",
    details: Container[int] | None = None,
) -> bytes:
    """A VCALENDAR of `meetings`; METHOD:REQUEST/CANCEL for invitations, none for feeds.

    With `details` (the ids of the meetings the reader may open) every other meeting is only
    busy time (`busy_event`).
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", ics_text(name))
    for meeting in meetings:
        if details is not None and meeting.pk not in details:
            calendar.add_component(busy_event(meeting))
        else:
            calendar.add_component(meeting_event(meeting, cancelled=method == "CANCEL"))
    return calendar.to_ical()


def invitation(meeting) -> tuple[bytes, str]:
    """The invitation and its METHOD: REQUEST while the meeting stands, CANCEL once it is off."""
    method = "CANCEL" if EVENT_STATUS[meeting.status] == "CANCELLED" else "REQUEST"
    return calendar_for([meeting], method=method), method
