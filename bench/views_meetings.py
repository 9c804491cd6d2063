"""Minimal-view baseline of the meetings benchmarks (route: bench/minimal-rooms-available/)."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.utils.dateparse import parse_datetime

from zhongshu.meetings.models import MAX_DURATION, Meeting, Room

FIELDS = ("id", "name", "building", "location", "capacity")


@login_required
def minimal_rooms_available(request):
    """The same free rooms as /api/v1/meetings/rooms/available/, with no framework around it."""
    start = parse_datetime(request.GET["start"])
    end = parse_datetime(request.GET["end"])
    busy = Meeting.objects.filter(
        status="scheduled", start__lt=end, start__gt=start - MAX_DURATION, end__gt=start
    ).values("room_id")
    rows = list(
        Room.objects.filter(status="available")
        .exclude(pk__in=busy)
        .order_by("capacity", "building", "name", "id")
        .values(*FIELDS)[:50]
    )
    return JsonResponse({"results": rows})
