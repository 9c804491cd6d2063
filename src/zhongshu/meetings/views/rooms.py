"""Room pages: list and free-room search, room detail with its week, day grid, iCal feeds."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhongshu.core.web import date_param, run_service

from .. import services
from ..filters import RoomAvailabilityFilter
from ..forms import RoomForm
from ..models import CalendarFeed, Meeting, Room

GRID_HOURS = range(8, 21)
GRID_ROOMS = 60


def _bounds(first: date, days: int):
    start = timezone.make_aware(datetime.combine(first, time.min))
    return start, start + timedelta(days=days)


def _cells(meetings, day: date, visible_ids) -> list:
    """One cell per grid hour: the meeting holding the room then (title if visible), or None."""
    cells = []
    for hour in GRID_HOURS:
        start = timezone.make_aware(datetime.combine(day, time(hour)))
        end = start + timedelta(hours=1)
        taken = next((m for m in meetings if m.start < end and m.end > start), None)
        cells.append({"meeting": taken, "visible": taken is not None and taken.pk in visible_ids})
    return cells


@login_required
def rooms(request):
    """All rooms; with `start` and `end` the free ones (capacity, equipment filters).

    A search that cannot run (a missing or bad time, unknown equipment) shows its errors on the
    form above all the rooms.
    """
    search = RoomAvailabilityFilter(
        request.GET if "start" in request.GET else None,
        queryset=Room.objects.all(),
        local_times=True,
    )
    found = None
    if search.is_valid():
        found = run_service(request, lambda: search.qs, form=search.form)
    searching = found is not None
    if found is None:
        found = Room.objects.all()
    buildings = Room.objects.order_by("building").values_list("building", flat=True).distinct()
    context = {
        "form": search.form,
        "rooms": found[:200],
        "searching": searching,
        "buildings": [b for b in buildings if b][:100],
        "can_manage": request.user.has_perm("meetings.manage_rooms"),
        "start_value": request.GET.get("start", ""),
        "end_value": request.GET.get("end", ""),
    }
    return render(request, "meetings/rooms.html", context)


def _room_form_view(request, room=None):
    if not request.user.has_perm("meetings.manage_rooms"):
        raise PermissionDenied
    initial = None
    if room is not None:
        initial = {
            "name": room.name,
            "building": room.building,
            "location": room.location,
            "capacity": room.capacity,
            "equipment": room.equipment,
            "status": room.status,
            "requires_approval": room.requires_approval,
            "checklist": room.checklist,
        }
    form = RoomForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():

        def save() -> Room:
            if room is None:
                return services.room_create(by=request.user, **form.cleaned_data)
            return services.room_update(room=room, by=request.user, **form.cleaned_data)

        saved = run_service(request, save, form=form, success=_("Room saved."))
        if saved is not None:
            return redirect("meetings:room_detail", pk=saved.pk)
    return render(request, "meetings/room_form.html", {"form": form, "room": room})


@login_required
def room_create(request):
    return _room_form_view(request)


@login_required
def room_edit(request, pk):
    return _room_form_view(request, get_object_or_404(Room, pk=pk))


@login_required
def room_detail(request, pk):
    """The room, its photos and checklist, and its week grid (`?date=` any day of the week)."""
    room = get_object_or_404(Room, pk=pk)
    day = date_param(request, "date")
    monday = day - timedelta(days=day.weekday())
    start, end = _bounds(monday, 7)
    meetings = _held_meetings([room], start, end)
    visible = _visible_ids(request.user, meetings)
    days = [monday + timedelta(days=n) for n in range(7)]
    own_feed = CalendarFeed.objects.filter(user=request.user, room=room).first()
    context = {
        "room": room,
        "feed_url": settings.SITE_URL + _feed_path(own_feed) if own_feed else "",
        "hours": list(GRID_HOURS),
        "week_rows": [(date_format(d, "m-d D"), "", _cells(meetings, d, visible)) for d in days],
        "previous": monday - timedelta(days=7),
        "next": monday + timedelta(days=7),
        "monday": monday,
        "can_manage": request.user.has_perm("meetings.manage_rooms"),
    }
    return render(request, "meetings/room_detail.html", context)


def _building_rooms(building: str) -> list:
    rooms = Room.objects.filter(building=building) if building else Room.objects.all()
    return list(rooms[:GRID_ROOMS])


def _held_meetings(room_list, start, end):
    """Meetings holding any of the rooms in [start, end), in start order."""
    return list(
        Meeting.objects.holding_room()
        .filter(room__in=[r.pk for r in room_list])
        .overlapping(start, end)
        .order_by("start")
    )


def _visible_ids(user, meetings) -> set:
    return set(
        Meeting.objects.visible_to(user)
        .filter(pk__in=[m.pk for m in meetings])
        .values_list("pk", flat=True)
    )


def _day_entries(meetings, day: date, visible_ids) -> list:
    """The bookings of one room on one day, for the week grid: time span and visibility."""
    start, end = _bounds(day, 1)
    return [
        {"meeting": m, "visible": m.pk in visible_ids}
        for m in meetings
        if m.start < end and m.end > start
    ]


@login_required
def grid(request):
    """A building's rooms by the hour of one day, or by day of one week (`?span=week`)."""
    day = date_param(request, "date")
    building = request.GET.get("building", "")
    week = request.GET.get("span") == "week"
    first = day - timedelta(days=day.weekday()) if week else day
    room_list = _building_rooms(building)
    meetings = _held_meetings(room_list, *_bounds(first, 7 if week else 1))
    visible = _visible_ids(request.user, meetings)
    step = timedelta(days=7 if week else 1)
    days = [first + timedelta(days=n) for n in range(7)]
    rows = []
    for room in room_list:
        own = [m for m in meetings if m.room_id == room.pk]
        cells = [_day_entries(own, d, visible) for d in days] if week else _cells(own, day, visible)
        link = reverse("meetings:room_detail", args=[room.pk]) + f"?date={day.isoformat()}"
        rows.append((str(room), link, cells))
    buildings = Room.objects.order_by("building").values_list("building", flat=True).distinct()
    context = {
        "day": day,
        "week": week,
        "days": days,
        "building": building,
        "buildings": [b for b in buildings if b][:100],
        "hours": list(GRID_HOURS),
        "room_rows": rows,
        "previous": first - step,
        "next": first + step,
    }
    return render(request, "meetings/grid.html", context)


def _ics_response(calendar: bytes) -> HttpResponse:
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


def feed(request, token):
    """A person's calendar feed; the secret key in the URL is the credential (no session)."""
    subscription = services.feed_by_token(token)
    if subscription is None:
        raise Http404
    return _ics_response(services.feed_calendar(subscription))


def room_feed(request, pk, token):
    """A room's bookings as busy time, with the details its key's owner may see (no session)."""
    subscription = services.feed_by_token(token, room_id=pk)
    if subscription is None:
        raise Http404
    return _ics_response(services.feed_calendar(subscription))


@login_required
def feeds(request):
    """The person's calendar links: what each shows, and a button to revoke it."""
    rows = [
        (subscription, settings.SITE_URL + _feed_path(subscription))
        for subscription in services.feeds_of(request.user)
    ]
    return render(request, "meetings/feeds.html", {"feeds": rows})


@login_required
@require_POST
def feed_revoke(request, pk):
    subscription = get_object_or_404(CalendarFeed, pk=pk, user=request.user)
    run_service(
        request,
        lambda: services.calendar_feed_revoke(feed=subscription, by=request.user),
        success=_("The link is revoked: calendars subscribed to it get nothing more."),
    )
    return redirect("meetings:feeds")


@login_required
@require_POST
def room_feed_create(request, pk):
    room = get_object_or_404(Room, pk=pk)
    services.calendar_feed_for(request.user, room=room)
    return redirect(reverse("meetings:room_detail", args=[room.pk]) + "#calendar-link")


def _feed_path(subscription: CalendarFeed) -> str:
    if subscription.room_id is None:
        return reverse("meetings:feed", args=[subscription.token])
    return reverse("meetings:room_feed", args=[subscription.room_id, subscription.token])
