"""Meeting pages: list, booking, the meeting's page with its actions (dialogs, see
`core.dialogs`), answers, QR sign-in, equipment check, materials."""

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from django.views.decorators.http import require_POST

from zhongshu.core.dialogs import Action, Dialog, dialog, finished, posted, record_template
from zhongshu.core.errors import ServiceError, ensure
from zhongshu.core.web import filtered, put_error_on_form, run_service

from .. import services
from ..filters import MeetingFilter
from ..forms import BookingForm, DelegateForm, MeetingEditForm, StyledForm
from ..ics import invitation
from ..models import MEETING_FLOW, Attendee, Meeting, MeetingStatus, Minutes, Response, Room
from ..services.attendance import CHECKIN_OPENS
from .after import can_open_minutes
from .common import visible_meeting

PAGE_SIZE = 30


@login_required
def index(request):
    """My meetings (upcoming or past), or every visible one; `?q=` searches the topic."""
    scope = request.GET.get("scope", "upcoming")
    meetings = filtered(
        MeetingFilter,
        request.GET,
        Meeting.objects.visible_to(request.user).select_related("room", "host"),
    ).rows
    now = timezone.now()
    query = request.GET.get("q", "").strip()[:100]
    if scope == "past":
        meetings = meetings.filter(end__lte=now).order_by("-start", "-id")
    else:
        scope = "upcoming"
        meetings = meetings.filter(end__gt=now).order_by("start", "id")
    feed = services.calendar_feed_for(request.user)
    context = {
        "meetings": meetings[:PAGE_SIZE],
        "scope": scope,
        "query": query,
        "feed_url": settings.SITE_URL + reverse("meetings:feed", args=[feed.token]),
    }
    return render(request, "meetings/index.html", context)


@login_required
def book(request):
    initial = {}
    if request.GET.get("room", "").isdigit():
        initial["room"] = Room.objects.filter(pk=request.GET["room"]).first()
    for name in ("start", "end"):
        if request.GET.get(name):
            initial[name] = request.GET[name]
    form = BookingForm(request.POST or None, initial=initial)
    clash = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.meeting_book(
                title=data["title"],
                room=data["room"],
                start=data["start"],
                end=data["end"],
                host=data["host"],
                attendees=data["attendees"],
                guests=data["guests"],
                agenda=data["agenda"],
                description=data["description"],
                rrule=form.rrule(),
                by=request.user,
            )
        except ServiceError as error:
            put_error_on_form(form, error)
            if isinstance(error, services.RoomClash):
                clash = error.clash
        else:
            count = len(booking.meetings)
            if booking.meeting.status == MeetingStatus.PENDING_APPROVAL:
                message = _(
                    "Held %(n)d meeting(s) for approval; the notice goes out once approved."
                )
            else:
                message = _("Booked %(n)d meeting(s); the notice has been sent.")
            messages.success(request, message % {"n": count})
            for warning in booking.warnings:
                messages.warning(request, warning)
            return redirect("meetings:detail", pk=booking.meeting.pk)
    return render(request, "meetings/book.html", {"form": form, "clash": clash})


def detail_url(meeting: Meeting) -> str:
    return reverse("meetings:detail", args=[meeting.pk])


def _subject(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.start)
    return f"{meeting.title} · {start:%Y-%m-%d %H:%M} · {meeting.room}"


def meeting_actions(
    user,
    meeting: Meeting,
    *,
    mine: Attendee | None,
    minutes: Minutes | None,
) -> list[Action]:
    """The meeting's buttons: only what `user` may do now (rules predicates, MEETING_FLOW and
    the states the services accept). 会议纪要 only once the user may open it."""
    scheduled = meeting.status == MeetingStatus.SCHEDULED
    actions = []
    respond_url = reverse("meetings:respond", args=[meeting.pk])
    if mine is not None and scheduled and not meeting.is_past:
        actions += [
            Action(
                _("Attend"), respond_url, "action-attend", "success", post={"response": "attend"}
            ),
            Action(
                _("Decline"),
                respond_url,
                "action-decline",
                "outline-danger",
                post={"response": "decline"},
            ),
            Action(pgettext("meeting answer", "Delegate"), respond_url, "action-delegate"),
        ]
    if can_open_minutes(user, meeting, minutes):
        label = _("Minutes")
        if minutes is not None:
            label = f"{label} · {minutes.get_status_display()}"
        actions.append(
            Action(
                label,
                reverse("meetings:minutes", args=[meeting.pk]),
                "minutes-link",
                "outline-primary",
                dialog=False,
            )
        )
    if scheduled and user.has_perm("meetings.sign_in_others", meeting):
        actions.append(
            Action(
                _("Sign-in QR code"),
                reverse("meetings:qr", args=[meeting.pk]),
                "qr-link",
                "outline-primary",
                dialog=False,
            )
        )
    if (
        scheduled
        and not meeting.equipment_checked_at
        and user.has_perm("meetings.check_equipment", meeting)
    ):
        actions.append(
            Action(
                _("Equipment check"),
                reverse("meetings:equipment_check", args=[meeting.pk]),
                "action-equipment",
            )
        )
    if user.has_perm("meetings.manage_meeting", meeting):
        if scheduled:
            actions.append(
                Action(
                    _("Change"),
                    reverse("meetings:edit", args=[meeting.pk]),
                    "edit-link",
                    "outline-secondary",
                    dialog=False,
                )
            )
        if MeetingStatus.CANCELLED in MEETING_FLOW[meeting.status]:
            actions.append(
                Action(
                    _("Cancel meeting"),
                    reverse("meetings:cancel", args=[meeting.pk]),
                    "action-cancel",
                    "outline-danger",
                )
            )
    actions.append(
        Action(
            _("Add to calendar (.ics)"),
            reverse("meetings:invite", args=[meeting.pk]),
            "invite-link",
            "outline-secondary",
            dialog=False,
        )
    )
    return actions


def meeting_timeline(
    meeting: Meeting, attendees: list[Attendee], minutes: Minutes | None, *, with_minutes: bool
) -> list[dict]:
    """What happened to the meeting, oldest first: booked, answers, sign-ins, the equipment
    check and (for those who may read them) the minutes' steps."""
    entries = [
        {
            "at": meeting.created_at,
            "what": pgettext("meeting timeline", "Booked"),
            "who": meeting.organiser.display_name,
        }
    ]
    for attendee in attendees:
        if attendee.responded_at:
            what = attendee.get_response_display()
            if attendee.delegate:
                what = f"{what} → {attendee.delegate.display_name}"
            entries.append(
                {"at": attendee.responded_at, "what": what, "who": attendee.display_name}
            )
        if attendee.checked_in_at:
            entries.append(
                {
                    "at": attendee.checked_in_at,
                    "what": pgettext("meeting timeline", "Signed in"),
                    "who": attendee.display_name,
                    "note": _("by %(name)s") % {"name": attendee.checked_in_by.display_name}
                    if attendee.checked_in_by_id
                    and attendee.checked_in_by_id not in (attendee.user_id, attendee.delegate_id)
                    else "",
                }
            )
    if meeting.equipment_checked_at:
        entries.append(
            {
                "at": meeting.equipment_checked_at,
                "what": _("Equipment check"),
                "who": meeting.equipment_checked_by.display_name,
                "note": meeting.equipment_notes,
            }
        )
    if minutes is not None and with_minutes:
        for event in minutes.events.select_related("actor"):
            entries.append(
                {
                    "at": event.at,
                    "what": f"{_('Minutes')} · {event.get_to_status_display()}",
                    "who": event.actor.display_name,
                    "note": event.comment,
                }
            )
    entries.sort(key=lambda entry: entry["at"])
    return entries


@login_required
def detail(request, pk):
    """The meeting: when, where, who; attendance, agenda, materials, action items, and its
    timeline oldest first (booked → answers → sign-ins → minutes), with the user's actions."""
    meeting = visible_meeting(request.user, pk)
    user = request.user
    attendees = list(
        meeting.attendees.select_related("user", "delegate", "checked_in_by").order_by("id")
    )
    for attendee in attendees:
        attendee.meeting = meeting
    mine = next((a for a in attendees if a.user_id == user.pk), None)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    now = timezone.now()
    context = {
        "meeting": meeting,
        "attendees": attendees,
        "signed_in": sum(1 for a in attendees if a.checked_in_at),
        "agenda": meeting.agenda_items.all(),
        "actions": meeting_actions(user, meeting, mine=mine, minutes=minutes),
        "action_items": list(meeting.actions.select_related("owner")),
        "mine": mine,
        # The clerk's sign-in buttons, while the service accepts them.
        "can_sign_in_others": meeting.status == MeetingStatus.SCHEDULED
        and meeting.start - CHECKIN_OPENS <= now <= meeting.end
        and user.has_perm("meetings.sign_in_others", meeting),
        "timeline": meeting_timeline(
            meeting,
            attendees,
            minutes,
            with_minutes=can_open_minutes(user, meeting, minutes),
        ),
    }
    return render(request, record_template(request, "meetings/detail.html"), context)


@login_required
def edit(request, pk):
    meeting = visible_meeting(request.user, pk)
    if not request.user.has_perm("meetings.manage_meeting", meeting):
        raise PermissionDenied
    initial = {
        "title": meeting.title,
        "room": meeting.room,
        "start": timezone.localtime(meeting.start),
        "end": timezone.localtime(meeting.end),
        "description": meeting.description,
    }
    form = MeetingEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        booking = run_service(
            request,
            lambda: services.meeting_update(meeting=meeting, by=request.user, **form.cleaned_data),
            form=form,
            success=_("Meeting changed; attendees were told."),
        )
        if booking is not None:
            for warning in booking.warnings:
                messages.warning(request, warning)
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/edit.html", {"form": form, "meeting": meeting})


class CancelForm(StyledForm):
    reason = forms.CharField(
        label=pgettext_lazy("meeting cancellation", "Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@login_required
def cancel(request, pk):
    meeting = visible_meeting(request.user, pk)
    ensure(request.user, "meetings.manage_meeting", meeting)
    return dialog(
        request,
        CancelForm(posted(request)),
        Dialog(
            _("Cancel meeting"),
            _("Cancel meeting"),
            subject=_subject(meeting),
            style="danger",
            notice=_("The room is released and every attendee is told."),
            testid="cancel-form",
        ),
        run=lambda data: services.meeting_cancel(
            meeting=meeting, by=request.user, reason=data["reason"]
        ),
        success=_("Cancelled: %(title)s; %(room)s is free again.")
        % {"title": meeting.title, "room": meeting.room},
        done=detail_url(meeting),
    )


@login_required
def respond(request, pk):
    """Attend or decline in one click; delegating names the colleague in a dialog."""
    meeting = visible_meeting(request.user, pk)
    response = request.POST.get("response", Response.DELEGATE)
    if request.method == "POST" and response != Response.DELEGATE:
        run_service(
            request,
            lambda: services.attendee_respond(meeting=meeting, by=request.user, response=response),
            success=lambda attendee: (
                _("Your answer: %(answer)s") % {"answer": attendee.get_response_display()}
            ),
        )
        return finished(request, detail_url(meeting))
    return dialog(
        request,
        DelegateForm(posted(request)),
        Dialog(
            _("Send a colleague in your place"),
            pgettext("meeting answer", "Delegate"),
            subject=_subject(meeting),
            testid="delegate-form",
        ),
        run=lambda data: services.attendee_respond(
            meeting=meeting,
            by=request.user,
            response=Response.DELEGATE,
            delegate=data["delegate"],
        ),
        success=lambda attendee: (
            _("%(name)s is invited in your place.") % {"name": attendee.delegate.display_name}
        ),
        done=detail_url(meeting),
    )


def checkin_url(meeting: Meeting) -> str:
    return (
        settings.SITE_URL
        + reverse("meetings:checkin", args=[meeting.pk])
        + f"?t={meeting.checkin_token}"
    )


@login_required
def qr(request, pk):
    """The sign-in QR code to show in the room (organiser and office staff)."""
    meeting = visible_meeting(request.user, pk)
    if not request.user.has_perm("meetings.sign_in_others", meeting):
        raise PermissionDenied
    url = checkin_url(meeting)
    context = {
        "meeting": meeting,
        "qr": segno.make(url, error="m").svg_data_uri(scale=8),
        "url": url,
    }
    return render(request, "meetings/qr.html", context)


@login_required
def checkin(request, pk):
    """Where the QR code leads: a phone-sized page; POST signs the person in."""
    meeting = visible_meeting(request.user, pk)
    token = request.POST.get("t") or request.GET.get("t", "")
    attendee = None
    error = None
    if request.method == "POST":
        try:
            attendee = services.attendee_check_in(meeting=meeting, by=request.user, token=token)
        except ServiceError as failure:
            error = failure.detail
    return render(
        request,
        "meetings/checkin.html",
        {"meeting": meeting, "token": token, "attendee": attendee, "error": error},
    )


@login_required
@require_POST
def sign_in_other(request, pk, attendee_pk):
    """The clerk signs a colleague or guest in from the attendance list."""
    meeting = visible_meeting(request.user, pk)
    if not request.user.has_perm("meetings.sign_in_others", meeting):
        raise PermissionDenied
    attendee = (
        Attendee.objects.filter(meeting=meeting, pk=attendee_pk)
        .select_related("user", "delegate")
        .first()
    )
    if attendee is None:
        messages.error(request, _("This person is not an attendee of this meeting."))
        return finished(request, detail_url(meeting))
    if attendee.is_guest:
        who = {"guest": attendee.pk}
    else:
        who = {
            "user": attendee.delegate if attendee.response == Response.DELEGATE else attendee.user
        }
    run_service(
        request,
        lambda: services.attendee_check_in(meeting=meeting, by=request.user, **who),
        success=_("Signed in: %(name)s") % {"name": attendee.display_name},
    )
    return finished(request, detail_url(meeting))


class EquipmentCheckForm(StyledForm):
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@login_required
def equipment_check(request, pk):
    meeting = visible_meeting(request.user, pk)
    ensure(request.user, "meetings.check_equipment", meeting)
    return dialog(
        request,
        EquipmentCheckForm(posted(request)),
        Dialog(
            _("Equipment check"),
            _("Checklist done"),
            subject=_subject(meeting),
            intro="meetings/_checklist.html",
            style="success",
            testid="equipment-form",
            extra={"checklist": meeting.room.checklist_items},
        ),
        run=lambda data: services.meeting_equipment_checked(
            meeting=meeting, by=request.user, notes=data["notes"]
        ),
        success=_("Equipment checked for %(title)s in %(room)s.")
        % {"title": meeting.title, "room": meeting.room},
        done=detail_url(meeting),
    )


@login_required
def materials(request, pk):
    """材料包: the meeting's materials in one zip."""
    meeting = visible_meeting(request.user, pk)
    response = StreamingHttpResponse(
        services.material_pack(meeting=meeting, by=request.user), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}-materials.zip"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def invite(request, pk):
    meeting = visible_meeting(request.user, pk)
    body, method = invitation(meeting)
    response = HttpResponse(body, content_type=f"text/calendar; charset=utf-8; method={method}")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response
