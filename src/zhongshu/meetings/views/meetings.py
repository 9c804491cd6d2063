"""Meeting pages: list, booking, detail, answers, QR sign-in, equipment check, materials."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhongshu.core.errors import ServiceError
from zhongshu.core.web import filtered, form_errors_as_messages, put_error_on_form, run_service

from .. import services
from ..filters import MeetingFilter
from ..forms import BookingForm, DelegateForm, MeetingEditForm
from ..ics import invitation
from ..models import Attendee, Meeting, MeetingStatus, Minutes, Response, Room
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


@login_required
def detail(request, pk):
    meeting = visible_meeting(request.user, pk)
    attendees = list(meeting.attendees.select_related("user", "delegate", "checked_in_by"))
    for attendee in attendees:
        attendee.meeting = meeting
    mine = next((a for a in attendees if a.user_id == request.user.pk), None)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    user = request.user
    can_manage = user.has_perm("meetings.manage_meeting", meeting)
    context = {
        "meeting": meeting,
        "attendees": attendees,
        "signed_in": sum(1 for a in attendees if a.checked_in_at),
        "agenda": meeting.agenda_items.all(),
        "actions": meeting.actions.select_related("owner"),
        "minutes": minutes,
        "mine": mine,
        "can_answer": mine is not None
        and meeting.status == MeetingStatus.SCHEDULED
        and not meeting.is_past,
        "can_manage": can_manage and meeting.status == MeetingStatus.SCHEDULED,
        "can_sign_in_others": user.has_perm("meetings.sign_in_others", meeting)
        and meeting.status == MeetingStatus.SCHEDULED,
        "can_write": user.has_perm("meetings.write_minutes", meeting),
        "can_check": user.has_perm("meetings.check_equipment", meeting)
        and meeting.status == MeetingStatus.SCHEDULED,
        "delegate_form": DelegateForm(),
        "Response": Response,
    }
    return render(request, "meetings/detail.html", context)


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


@login_required
@require_POST
def cancel(request, pk):
    meeting = visible_meeting(request.user, pk)
    run_service(
        request,
        lambda: services.meeting_cancel(
            meeting=meeting, by=request.user, reason=request.POST.get("reason", "")
        ),
        success=_("Meeting cancelled; the room is free again."),
    )
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
@require_POST
def respond(request, pk):
    meeting = visible_meeting(request.user, pk)
    response = request.POST.get("response", "")
    delegate = None
    if response == Response.DELEGATE:
        form = DelegateForm(request.POST)
        if not form.is_valid():
            form_errors_as_messages(request, form)
            return redirect("meetings:detail", pk=meeting.pk)
        delegate = form.cleaned_data["delegate"]
    run_service(
        request,
        lambda: services.attendee_respond(
            meeting=meeting, by=request.user, response=response, delegate=delegate
        ),
        success=_("Your answer has been recorded."),
    )
    return redirect("meetings:detail", pk=meeting.pk)


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
    attendee = Attendee.objects.filter(meeting=meeting, pk=attendee_pk).first()
    if attendee is None:
        messages.error(request, _("This person is not an attendee of this meeting."))
        return redirect("meetings:detail", pk=meeting.pk)
    if attendee.is_guest:
        who = {"guest": attendee.pk}
    else:
        who = {
            "user": attendee.delegate if attendee.response == Response.DELEGATE else attendee.user
        }
    run_service(
        request,
        lambda: services.attendee_check_in(meeting=meeting, by=request.user, **who),
        success=_("Signed in."),
    )
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
@require_POST
def equipment_check(request, pk):
    meeting = visible_meeting(request.user, pk)
    run_service(
        request,
        lambda: services.meeting_equipment_checked(
            meeting=meeting, by=request.user, notes=request.POST.get("notes", "")[:2000]
        ),
        success=_("Equipment check recorded."),
    )
    return redirect("meetings:detail", pk=meeting.pk)


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
