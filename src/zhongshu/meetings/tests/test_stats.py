"""Statistics: meetings held, hours, utilisation and no-shows by month and department."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from zhongshu.meetings.models import Meeting
from zhongshu.meetings.services import meeting_cancel, meeting_stats, meetings_release_no_shows

from .conftest import at
from .factories import started_ago

pytestmark = pytest.mark.django_db


def test_stats_count_held_hours_and_no_shows(room, book, clerk, leader, employee):
    held = book(room, at(hour=9), at(hour=11))
    missed = book(room, at(hour=14), at(hour=15))
    cancelled = book(room, at(hour=16), at(hour=17))
    meeting_cancel(meeting=cancelled, by=clerk)
    started_ago(missed, minutes=30)
    assert meetings_release_no_shows() == 1
    # `missed` moved to today, `held` is tomorrow: they may fall in different months or years.
    years = sorted({timezone.localtime(m.start).year for m in (held, missed)})
    months = [row for year in years for row in meeting_stats(year=year, by=leader)["by_month"]]
    assert sum(row["held"] for row in months) == 1
    assert sum(row["hours"] for row in months) == 2.0
    assert sum(row["no_shows"] for row in months) == 1
    assert all(row["utilisation"] > 0 for row in months if row["held"])
    if len(years) == 1:
        assert meeting_stats(year=years[0], by=leader)["by_department"] == [
            {"department__name": "行政部", "held": 1, "hours": 2.0, "no_shows": 1}
        ]
    assert Meeting.objects.count() == 3
    with pytest.raises(PermissionDenied):
        meeting_stats(year=years[0], by=employee)
