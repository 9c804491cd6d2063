"""Access rules of every meetings route, for tests/test_access_matrix.py."""

from datetime import timedelta

from django.utils import timezone

from tests.access import Route, only

# The meeting of the world: organised by the clerk, hosted by the leader, employee invited.
# Office staff, logistics, leaders and auditors see every meeting.
VIEWERS = only("supervisor", "clerk", "logistics", "leader", "auditor", "employee")
MANAGERS = only("supervisor", "clerk", "leader")
OFFICE = only("supervisor", "clerk")
REPORT_READERS = only("supervisor", "clerk", "leader")
STATS_READERS = only("supervisor", "clerk", "leader", "auditor")
ROOM_MANAGERS = only("supervisor", "logistics")


def meeting_pk(w):
    return {"pk": w["meetings_meeting"].pk}


def _action(w):
    return {"pk": w["meetings_action"].pk}


def world_factories():
    from zhongshu.meetings.services import minutes_save, minutes_submit
    from zhongshu.meetings.tests.conftest import at
    from zhongshu.meetings.tests.factories import (
        ActionItemFactory,
        AttendeeFactory,
        CalendarFeedFactory,
        MeetingFactory,
        RoomFactory,
    )

    def meeting(w):
        booked = MeetingFactory(
            title="行政例会",
            room=w["meetings_room"],
            start=at(hour=9),
            end=at(hour=10),
            host=w["leader"],
            organiser=w["clerk"],
        )
        AttendeeFactory(meeting=booked, user=w["employee"])
        return booked

    def submitted(w):
        minutes_save(meeting=w["meetings_meeting"], by=w["clerk"], body="纪要")
        minutes_submit(meeting=w["meetings_meeting"], by=w["clerk"])
        return w["meetings_meeting"]

    def minuted(w):
        minutes_save(meeting=w["meetings_meeting"], by=w["clerk"], body="纪要")
        return w["meetings_meeting"]

    return {
        "meetings_room": lambda w: RoomFactory(name="第一会议室"),
        "meetings_meeting": meeting,
        "meetings_minuted": minuted,
        "meetings_submitted": submitted,
        "meetings_attendee": lambda w: w["meetings_meeting"].attendees.get(user=w["employee"]),
        "meetings_action": lambda w: ActionItemFactory(
            meeting=w["meetings_meeting"], title="整理档案", owner=w["employee"]
        ),
        "meetings_feed": lambda w: CalendarFeedFactory(user=w["employee"]),
        "meetings_room_feed": lambda w: CalendarFeedFactory(
            user=w["employee"], room=w["meetings_room"]
        ),
    }


ROUTES = [
    # --- pages -----------------------------------------------------------------------------
    Route("meetings:overview"),
    Route("meetings:index"),
    Route("meetings:book"),
    Route("meetings:grid"),
    Route("meetings:rooms"),
    Route("meetings:stats", allowed=STATS_READERS),
    Route("meetings:report", allowed=REPORT_READERS),
    Route("meetings:room_create", allowed=ROOM_MANAGERS),
    Route("meetings:room_detail", kwargs=lambda w: {"pk": w["meetings_room"].pk}),
    Route(
        "meetings:room_edit", allowed=ROOM_MANAGERS, kwargs=lambda w: {"pk": w["meetings_room"].pk}
    ),
    Route("meetings:feed", public=True, kwargs=lambda w: {"token": w["meetings_feed"].token}),
    Route(
        "meetings:room_feed",
        public=True,
        kwargs=lambda w: {
            "pk": w["meetings_room"].pk,
            "token": w["meetings_room_feed"].token,
        },
    ),
    Route("meetings:feeds"),
    Route(
        "meetings:feed_revoke",
        allowed=only("employee"),
        method="post",
        kwargs=lambda w: {"pk": w["meetings_feed"].pk},
    ),
    Route(
        "meetings:room_feed_create",
        method="post",
        kwargs=lambda w: {"pk": w["meetings_room"].pk},
    ),
    Route("meetings:detail", allowed=VIEWERS, kwargs=meeting_pk),
    Route("meetings:edit", allowed=MANAGERS, kwargs=meeting_pk),
    Route("meetings:cancel", allowed=MANAGERS, method="post", kwargs=meeting_pk),
    Route(
        "meetings:respond",
        allowed=VIEWERS,
        method="post",
        kwargs=meeting_pk,
        data=lambda w: {"response": "attend"},
    ),
    # The meeting's action forms (dialogs on its page, full pages without JavaScript).
    Route("meetings:cancel", allowed=MANAGERS, kwargs=meeting_pk),
    Route("meetings:respond", allowed=VIEWERS, kwargs=meeting_pk),
    Route("meetings:equipment_check", allowed=ROOM_MANAGERS, kwargs=meeting_pk),
    Route("meetings:invite", allowed=VIEWERS, kwargs=meeting_pk),
    Route("meetings:qr", allowed=OFFICE, kwargs=meeting_pk),
    Route("meetings:checkin", allowed=VIEWERS, kwargs=meeting_pk),
    Route(
        "meetings:sign_in_other",
        allowed=OFFICE,
        method="post",
        kwargs=lambda w: {
            "pk": w["meetings_meeting"].pk,
            "attendee_pk": w["meetings_attendee"].pk,
        },
    ),
    Route("meetings:equipment_check", allowed=ROOM_MANAGERS, method="post", kwargs=meeting_pk),
    Route("meetings:materials", allowed=VIEWERS, kwargs=meeting_pk),
    Route("meetings:minutes", allowed=MANAGERS, kwargs=meeting_pk),
    Route(
        "meetings:minutes_step",
        allowed=OFFICE,
        method="post",
        kwargs=lambda w: {"pk": w["meetings_minuted"].pk, "step": "submit"},
    ),
    Route(
        "meetings:action_add",
        allowed=OFFICE,
        method="post",
        kwargs=meeting_pk,
        data=lambda w: {
            "title": "整理档案",
            "owner": w["employee"].pk,
            "due_date": (timezone.localdate() + timedelta(days=3)).isoformat(),
        },
    ),
    Route("meetings:action_detail", allowed=VIEWERS, kwargs=_action),
    # --- API -------------------------------------------------------------------------------
    Route("meetings-room-list", api=True),
    Route(
        "meetings-room-available",
        api=True,
        query="?start=2030-01-07T09:00:00%2B08:00&end=2030-01-07T10:00:00%2B08:00",
    ),
    Route("meetings-room-detail", api=True, kwargs=lambda w: {"pk": w["meetings_room"].pk}),
    Route("meetings-meeting-list", api=True),
    Route("meetings-meeting-detail", api=True, allowed=VIEWERS, kwargs=meeting_pk),
    Route("meetings-meeting-invite", api=True, allowed=VIEWERS, kwargs=meeting_pk),
    # Only the invitee answers; others who see the meeting are told they are not invited.
    Route(
        "meetings-meeting-respond",
        api=True,
        allowed=only("employee"),
        method="post",
        kwargs=meeting_pk,
        data=lambda w: {"response": "attend"},
        denied=(400, 404),
    ),
    Route("meetings-meeting-checkin", api=True, allowed=VIEWERS, kwargs=meeting_pk),
    Route(
        "meetings-minutes",
        api=True,
        allowed=MANAGERS,
        kwargs=lambda w: {"pk": w["meetings_minuted"].pk},
    ),
    # Writers may submit; a second submit is a conflict, not a refusal.
    Route(
        "meetings-minutes-submit",
        api=True,
        allowed=OFFICE,
        method="post",
        kwargs=lambda w: {"pk": w["meetings_minuted"].pk},
        ok=(200, 409),
    ),
    Route(
        "meetings-minutes-approve",
        api=True,
        allowed=only("leader"),
        method="post",
        kwargs=lambda w: {"pk": w["meetings_submitted"].pk},
    ),
    Route(
        "meetings-minutes-return",
        api=True,
        allowed=only("leader"),
        method="post",
        kwargs=lambda w: {"pk": w["meetings_submitted"].pk},
        data=lambda w: {"comment": "补充决议"},
    ),
    # Publishing before review is refused with 409 for the writers, 403/404 for the rest.
    Route(
        "meetings-minutes-publish",
        api=True,
        allowed=OFFICE,
        method="post",
        kwargs=lambda w: {"pk": w["meetings_minuted"].pk},
        ok=(409,),
    ),
    Route("meetings-action-list", api=True, allowed=VIEWERS, kwargs=meeting_pk),
    Route("meetings-action-progress", api=True, allowed=VIEWERS, kwargs=_action),
    Route("meetings-action-report", api=True, allowed=REPORT_READERS),
]
