"""Deadlines are data: timed steps write rows, one periodic job reminds, then escalates.

`deadlines_process` is safe to run from several consumers at once: each batch is read with
`select_for_update(skip_locked=True)` where the database has it (PostgreSQL), and on SQLite the
IMMEDIATE write transaction serialises the consumers; the `reminded_at` / `escalated_at` stamps
are written in the same transaction, so every row is announced once.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit import services as audit
from zhongshu.org.models import User

from ..models import Deadline
from .notifications import send_notice

BATCH_SIZE = 200


def _lock_batch(queryset: QuerySet[Deadline]) -> list[Deadline]:
    if connection.features.has_select_for_update_skip_locked:
        queryset = queryset.select_for_update(skip_locked=True)
    else:
        queryset = queryset.select_for_update()
    return list(queryset.select_related("owner")[:BATCH_SIZE])


def deadline_set(
    *,
    target: models.Model,
    kind: str,
    owner: User,
    due_at: datetime,
    title: str,
    url: str = "",
    remind_before: timedelta | None = timedelta(hours=2),
    escalate_to: Iterable[User] = (),
    escalate_role: str = "",
) -> Deadline:
    """Create or move the open deadline of (`target`, `kind`, `owner`).

    Moving the due time re-arms the reminder and the escalation.
    """
    content_type = ContentType.objects.get_for_model(target)
    remind_at = due_at - remind_before if remind_before is not None else None
    values = {
        "title": title[:200],
        "url": url,
        "due_at": due_at,
        "remind_at": remind_at,
        "escalate_role": escalate_role,
    }
    with transaction.atomic():
        deadline = (
            Deadline.objects.open()
            .select_for_update()
            .filter(content_type=content_type, object_id=target.pk, kind=kind, owner=owner)
            .first()
        )
        if deadline is None:
            try:
                with transaction.atomic():
                    deadline = Deadline.objects.create(
                        content_type=content_type,
                        object_id=target.pk,
                        kind=kind,
                        owner=owner,
                        **values,
                    )
            except IntegrityError:
                # Another transaction opened the same deadline first: update that one.
                deadline = (
                    Deadline.objects.open()
                    .select_for_update()
                    .get(content_type=content_type, object_id=target.pk, kind=kind, owner=owner)
                )
        if deadline.due_at != due_at:
            deadline.reminded_at = None
            deadline.escalated_at = None
        for key, value in values.items():
            setattr(deadline, key, value)
        deadline.save()
        deadline.escalate_to.set(list(escalate_to))
    return deadline


def deadline_done(
    *, target: models.Model, kind: str | None = None, owner: User | None = None
) -> int:
    """Close the open deadlines of `target` (optionally one kind / one owner); returns the count."""
    queryset = Deadline.objects.open().for_target(target)
    if kind is not None:
        queryset = queryset.filter(kind=kind)
    if owner is not None:
        queryset = queryset.filter(owner=owner)
    return queryset.update(done_at=timezone.now())


def _when(value: datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _remind_batch(now: datetime) -> int:
    with transaction.atomic():
        rows = _lock_batch(Deadline.objects.to_remind(now).order_by("remind_at"))
        if not rows:
            return 0
        Deadline.objects.filter(pk__in=[row.pk for row in rows]).update(reminded_at=now)
        for row in rows:
            send_notice(
                recipients=[row.owner],
                title=_("Reminder: %(title)s is due at %(due)s")
                % {"title": row.title, "due": _when(row.due_at)},
                url=row.url,
                kind="deadline_reminder",
            )
            audit.record(
                actor=None,
                action="workflow.deadline_reminded",
                obj=row,
                after={"owner": row.owner_id, "due_at": row.due_at.isoformat()},
            )
    return len(rows)


def _escalate_batch(now: datetime) -> int:
    with transaction.atomic():
        rows = _lock_batch(Deadline.objects.to_escalate(now).order_by("due_at"))
        if not rows:
            return 0
        ids = [row.pk for row in rows]
        Deadline.objects.filter(pk__in=ids).update(escalated_at=now)
        Deadline.objects.filter(pk__in=ids, reminded_at__isnull=True).update(reminded_at=now)
        listed: dict[int, list[User]] = {}
        for link in Deadline.escalate_to.through.objects.filter(deadline_id__in=ids).select_related(
            "user"
        ):
            listed.setdefault(link.deadline_id, []).append(link.user)
        roles = {row.escalate_role for row in rows if row.escalate_role}
        by_role = {role: list(User.objects.with_role(role)) for role in roles}
        for row in rows:
            bosses = {u.pk: u for u in listed.get(row.pk, []) + by_role.get(row.escalate_role, [])}
            bosses.pop(row.owner_id, None)
            send_notice(
                recipients=[row.owner],
                title=_("Overdue: %(title)s (was due at %(due)s)")
                % {"title": row.title, "due": _when(row.due_at)},
                url=row.url,
                kind="deadline_overdue",
            )
            if bosses:
                send_notice(
                    recipients=list(bosses.values()),
                    title=_("Escalated: %(title)s is overdue (%(owner)s, due at %(due)s)")
                    % {
                        "title": row.title,
                        "owner": row.owner.display_name,
                        "due": _when(row.due_at),
                    },
                    url=row.url,
                    kind="deadline_escalated",
                )
            audit.record(
                actor=None,
                action="workflow.deadline_escalated",
                obj=row,
                after={"owner": row.owner_id, "escalated_to": sorted(bosses)},
            )
    return len(rows)


def deadlines_process(now: datetime | None = None) -> dict[str, int]:
    """Remind owners whose reminder time has come, escalate what is overdue; each once."""
    now = now or timezone.now()
    result = {"reminded": 0, "escalated": 0}
    while count := _remind_batch(now):
        result["reminded"] += count
    while count := _escalate_batch(now):
        result["escalated"] += count
    return result
