"""Action items (决议事项): owner, due date, progress; the weekly progress report (每周进度表)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhongshu.audit.services import record
from zhongshu.core.errors import Conflict, ServiceError, ensure
from zhongshu.core.roles import Role
from zhongshu.core.web import EARLIEST_DATE, LATEST_DATE
from zhongshu.notices.services import notify
from zhongshu.org.models import User
from zhongshu.workflow.services import deadline_done, deadline_set

from ..models import (
    ActionItem,
    ActionProgress,
    ActionState,
    ActionStatus,
    Meeting,
    MeetingStatus,
)
from .common import ACTION_DEADLINE


def action_due_at(day: date) -> datetime:
    """An action item is due at 18:00 on its due date."""
    return timezone.make_aware(datetime.combine(day, time(18, 0)))


@transaction.atomic
def action_create(
    *, meeting: Meeting, by: User, title: str, owner: User | None, due_date: date
) -> ActionItem:
    ensure(by, "meetings.write_minutes", meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise Conflict(_("This meeting was cancelled."), code="meeting_closed")
    title = (title or "").strip()
    if not title:
        raise ServiceError(_("Describe the action."), code="invalid", field="title")
    if owner is None or not owner.is_active:
        raise ServiceError(_("Choose an active owner."), code="invalid", field="owner")
    if not isinstance(due_date, date):
        raise ServiceError(_("A due date is required."), code="invalid", field="due_date")
    action = ActionItem.objects.create(
        meeting=meeting, title=title[:300], owner=owner, due_date=due_date, created_by=by
    )
    url = reverse("meetings:detail", args=[meeting.pk])
    deadline_set(
        target=action,
        kind=ACTION_DEADLINE,
        owner=owner,
        due_at=action_due_at(due_date),
        title=str(_("Action due: %(title)s") % {"title": action.title}),
        url=url,
        remind_before=timedelta(days=1),
        escalate_to=[meeting.host],
    )
    record(
        actor=by,
        action="meetings.action_created",
        obj=action,
        after={"title": action.title, "owner": owner.pk, "due_date": due_date},
    )
    notify(
        recipients=[owner],
        title=str(_("New action for you: %(title)s") % {"title": action.title}),
        body=str(_("Due %(date)s") % {"date": due_date.isoformat()}),
        url=url,
        kind="meetings.action_assigned",
    )
    return action


@transaction.atomic
def action_progress(
    *, action: ActionItem, by: User, note: str, percent: int, done: bool = False
) -> ActionProgress:
    """The owner reports progress; `done` (or 100 %) closes the item and its deadline."""
    action = ActionItem.objects.select_for_update().select_related("meeting").get(pk=action.pk)
    ensure(by, "meetings.update_action", action)
    if action.status == ActionStatus.DONE:
        raise Conflict(_("This action is already done."), code="invalid_transition")
    note = (note or "").strip()
    if not note:
        raise ServiceError(_("Describe the progress."), code="invalid", field="note")
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        percent = -1
    if not 0 <= percent <= 100:
        raise ServiceError(_("Progress is a percentage from 0 to 100."), field="percent")
    done = done or percent == 100
    before = {"status": action.status, "percent": action.percent}
    progress = ActionProgress.objects.create(
        action=action, author=by, note=note, percent=100 if done else percent
    )
    action.percent = progress.percent
    if done:
        action.status = ActionStatus.DONE
        action.done_at = timezone.now()
        deadline_done(target=action, kind=ACTION_DEADLINE)
    action.save(update_fields=["percent", "status", "done_at"])
    record(
        actor=by,
        action="meetings.action_progress",
        obj=action,
        before=before,
        after={"status": action.status, "percent": action.percent},
        note=note,
    )
    return progress


def parse_week(value: str | None) -> date:
    """The Monday of ISO week "YYYY-Www"; the current week when empty."""
    if not value:
        today = timezone.localdate()
        return today - timedelta(days=today.weekday())
    try:
        monday = datetime.strptime(value + "-1", "%G-W%V-%u").date()
    except ValueError as error:
        raise ServiceError(
            _("The week must look like 2026-W18."), code="invalid", field="week"
        ) from error
    if not EARLIEST_DATE <= monday <= LATEST_DATE:
        raise ServiceError(
            _("Choose a week between the years %(first)d and %(last)d.")
            % {"first": EARLIEST_DATE.year, "last": LATEST_DATE.year},
            code="invalid",
            field="week",
        )
    return monday


def week_label(monday: date) -> str:
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class OwnerRow:
    owner: User
    done: int = 0
    on_track: int = 0
    overdue: int = 0
    items: list[tuple[ActionItem, ActionState]] = field(default_factory=list)


@dataclass
class WeeklyReport:
    week: str
    monday: date
    sunday: date
    rows: list[OwnerRow]

    @property
    def totals(self) -> dict[str, int]:
        return {
            ActionState.DONE.value: sum(row.done for row in self.rows),
            ActionState.ON_TRACK.value: sum(row.on_track for row in self.rows),
            ActionState.OVERDUE.value: sum(row.overdue for row in self.rows),
        }


def weekly_report(*, week: str | None, by: User) -> WeeklyReport:
    """Per owner: items done this week, open and on track, open and overdue (at week's end)."""
    ensure(by, "meetings.view_report")
    monday = parse_week(week)
    sunday = monday + timedelta(days=6)
    start = timezone.make_aware(datetime.combine(monday, time.min))
    end = start + timedelta(days=7)
    cutoff = min(sunday, timezone.localdate())
    actions = (
        ActionItem.objects.filter(created_at__lt=end)
        .filter(Q(status=ActionStatus.OPEN) | Q(done_at__gte=start, done_at__lt=end))
        .select_related("owner", "meeting")
        .order_by("owner__name", "owner_id", "due_date", "id")
    )
    rows: dict[int, OwnerRow] = {}
    for action in actions:
        row = rows.setdefault(action.owner_id, OwnerRow(owner=action.owner))
        state = action.progress_state(today=cutoff)
        setattr(row, state.value, getattr(row, state.value) + 1)
        row.items.append((action, state))
    return WeeklyReport(
        week=week_label(monday), monday=monday, sunday=sunday, rows=list(rows.values())
    )


def weekly_report_send(today: date | None = None) -> int:
    """Tell the leaders (and supervisors) that last week's report is ready; returns recipients."""
    today = today or timezone.localdate()
    last_monday = today - timedelta(days=today.weekday() + 7)
    week = week_label(last_monday)
    leaders = User.objects.active().with_role(Role.LEADER)
    url = reverse("meetings:report") + f"?week={week}"
    rows = notify(
        recipients=leaders,
        title=str(_("Weekly action progress report %(week)s") % {"week": week}),
        body=str(_("Done, on track and overdue action items by owner; Excel on the page.")),
        url=url,
        kind="meetings.weekly_report",
    )
    return len(rows)
