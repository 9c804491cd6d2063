"""Notifications: the one way any app tells people something (in-app, e-mail, robot webhooks)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, TypeAlias

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from zhongshu.audit.services import record

from . import tasks, webhooks
from .models import Notification, NotificationPreference

if TYPE_CHECKING:
    # Type hints only: notices sits beside org in the platform layers, not above it.
    from zhongshu.org.models import User

# Users, user ids (None entries, e.g. an empty foreign key, are skipped) or a user QuerySet.
Recipients: TypeAlias = "Iterable[User | int | None]"


def _max_length(field_name: str) -> int:
    field = Notification._meta.get_field(field_name)
    if not isinstance(field, models.CharField) or field.max_length is None:
        raise LookupError(f"Notification.{field_name} is not a CharField with a max_length")
    return field.max_length


TITLE_MAX = _max_length("title")
KIND_MAX = _max_length("kind")
URL_MAX = _max_length("url")


def is_local_path(url: str) -> bool:
    """True for a path on this site ("/documents/5/"); False for anything that leaves it
    ("https://…", "//host/…", "javascript:…")."""
    return (
        bool(url)
        and url.startswith("/")
        and not url.startswith("//")
        and url_has_allowed_host_and_scheme(url, allowed_hosts=set())
    )


def _active_recipient_ids(recipients: Recipients) -> list[int]:
    """Distinct ids of the active users among `recipients` (users, user ids or a QuerySet of
    users), in the order given; one query."""
    if isinstance(recipients, models.QuerySet):
        return list(
            recipients.filter(is_active=True).order_by("pk").values_list("pk", flat=True).distinct()
        )
    given = (r if r is None or isinstance(r, int) else r.pk for r in recipients)
    ids = [pk for pk in dict.fromkeys(given) if pk is not None]
    if not ids:
        return []
    users = get_user_model().objects.filter(pk__in=ids, is_active=True)
    active = set(users.values_list("pk", flat=True))
    return [pk for pk in ids if pk in active]


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def notify(
    *,
    recipients: Recipients,
    title: str,
    body: str = "",
    url: str = "",
    kind: str = "",
    email: bool = True,
    webhook: bool = False,
) -> list[Notification]:
    """Tell `recipients` (users, user ids or a user QuerySet) something; returns the rows.

    Recipients are de-duplicated and inactive users skipped; the rows are written in one
    INSERT. E-mail (to recipients with an address who did not turn it off) and, when
    `webhook=True`, one message to each configured group robot (title and link only, never the
    body) are queued after the surrounding transaction commits, so a rollback sends nothing.
    `url` must be a local path such as "/documents/5/"; anything else raises ValueError.
    """
    if url and not is_local_path(url):
        raise ValueError("notification url must be a local path")
    if len(url) > URL_MAX:
        raise ValueError("notification url is too long")
    title = _truncate(" ".join(str(title).split()), TITLE_MAX)
    kind = kind[:KIND_MAX]
    rows = Notification.objects.bulk_create(
        [
            Notification(recipient_id=pk, title=title, body=body, url=url, kind=kind)
            for pk in _active_recipient_ids(recipients)
        ]
    )
    if email and rows:
        notification_ids = [row.pk for row in rows]
        transaction.on_commit(lambda: tasks.send_notification_emails(notification_ids))
    if webhook:
        with translation.override(settings.LANGUAGE_CODE):
            product = _("Zhongshu")
        text = f"【{product}】{title}\n{tasks.absolute_link(url)}"
        for kind_name in webhooks.configured():
            transaction.on_commit(partial(tasks.deliver_webhook, kind_name, text))
    return rows


def notification_mark_read(*, notification_id: int, by: User) -> Notification:
    """Mark one of `by`'s notifications read (idempotent); someone else's id is DoesNotExist.

    Reading a notification changes only the reader's own list, so it is not an audit event.
    """
    notification = Notification.objects.for_user(by).get(pk=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notification_mark_all_read(*, by: User) -> int:
    """Mark all of `by`'s unread notifications read; returns how many changed."""
    return Notification.objects.for_user(by).unread().update(read_at=timezone.now())


def preference_for(user: User) -> NotificationPreference:
    """The user's preferences (unsaved defaults when they never changed them)."""
    return NotificationPreference.objects.for_user(user).first() or NotificationPreference(
        user=user
    )


@transaction.atomic
def preference_update(*, email_enabled: bool, by: User) -> NotificationPreference:
    """`by` turns their own notification e-mail on or off."""
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(user=by)
    before = {"email_enabled": preference.email_enabled}
    preference.email_enabled = bool(email_enabled)
    preference.save(update_fields=["email_enabled", "updated_at"])
    record(
        actor=by,
        action="notices.preference_changed",
        obj=preference,
        before=before,
        after={"email_enabled": preference.email_enabled},
    )
    return preference
