"""The meetings panel of the dashboard, for everyone: today's room bookings by hour, how many
rooms are taken, my own meetings today and decisions (决议事项) past their due date. Room
occupancy is what the booking grid shows to all staff; the action items counted are the ones
the user may see. Four queries, whatever the number of meetings."""

from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.db.models.functions import ExtractHour
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.home.registry import Chart, Figure, Panel

from .models import ActionItem, Meeting, Room, RoomStatus

FIRST_HOUR, LAST_HOUR = 8, 19


def meetings_panel(user) -> Panel:
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today, time.min))
    end = start + timedelta(days=1)
    booked = Meeting.objects.holding_room().filter(start__lt=end, end__gt=start)
    by_hour = dict(
        booked.filter(start__gte=start)
        .annotate(hour=ExtractHour("start"))
        .order_by()
        .values_list("hour")
        .annotate(n=Count("id"))
    )
    rooms = Room.objects.aggregate(
        total=Count("id", filter=Q(status=RoomStatus.AVAILABLE)),
        busy=Count("id", filter=Q(pk__in=booked.values("room_id"))),
    )
    mine = (
        Meeting.objects.visible_to(user)
        .holding_room()
        .filter(start__lt=end, end__gt=start)
        .filter(Q(host=user) | Q(organiser=user) | Q(attendees__user=user))
        .values("pk")
        .distinct()
        .count()
    )
    overdue_actions = ActionItem.objects.visible_to(user).overdue(today).count()
    grid = reverse("meetings:grid")
    if not rooms["total"]:
        return Panel(
            empty=_("No meeting rooms yet. Logistics adds the rooms; then anyone can book one."),
            actions=[(_("Meeting rooms"), reverse("meetings:rooms"))],
        )
    hours = list(range(FIRST_HOUR, LAST_HOUR + 1))
    early = sum(n for hour, n in by_hour.items() if hour < FIRST_HOUR)
    late = sum(n for hour, n in by_hour.items() if hour > LAST_HOUR)
    counts = [by_hour.get(hour, 0) for hour in hours]
    counts[0] += early
    counts[-1] += late
    meetings_today = sum(by_hour.values())
    return Panel(
        figures=[
            Figure(_("Meetings today"), meetings_today, grid),
            Figure(
                _("Rooms booked today"),
                f"{rooms['busy']}/{rooms['total']}",
                grid,
            ),
            Figure(_("My meetings today"), mine, reverse("meetings:index"), tone="primary"),
            Figure(
                _("Decisions overdue"),
                overdue_actions,
                reverse("meetings:report")
                if user.has_perm("meetings.view_report")
                else reverse("meetings:index"),
                tone="danger" if overdue_actions else "",
            ),
        ],
        chart=Chart(
            kind="bar",
            title=_("Meetings starting today, by hour"),
            labels=[f"{hour}:00" for hour in hours],
            series=[(_("Meetings"), counts)],
        )
        if meetings_today
        else None,
        actions=[(_("Book a room"), reverse("meetings:book"))],
        link=(_("Room grid"), grid),
    )
