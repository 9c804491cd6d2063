"""Background delivery of notifications: e-mail and robot webhooks (queued after commit)."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task
from huey.contrib.djhuey import task as huey_task

from . import webhooks
from .models import Notification, NotificationPreference

logger = logging.getLogger(__name__)


class WebhookFailed(Exception):
    """Raised inside the webhook task so that huey schedules its one retry."""


def absolute_link(url: str) -> str:
    """SITE_URL + the notification's local path (or the notification list when it has none)."""
    return settings.SITE_URL + (url or reverse("notices:list"))


def _email_for(notification: Notification) -> EmailMessage:
    product = _("Zhongshu")
    subject = " ".join(f"[{product}] {notification.title}".split())
    lines = [notification.title, ""]
    if notification.body:
        lines += [notification.body, ""]
    lines += [_("Open in Zhongshu: %(link)s") % {"link": absolute_link(notification.url)}]
    return EmailMessage(
        subject=subject,
        body="\n".join(lines) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
    )


@db_task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """One plain-text e-mail per notification whose recipient is active, has an address and has
    not turned e-mail off. Returns how many were sent; a failed message is logged and skipped."""
    muted = NotificationPreference.objects.filter(email_enabled=False).values("user_id")
    notifications = (
        Notification.objects.filter(pk__in=notification_ids, recipient__is_active=True)
        .exclude(recipient__email="")
        .exclude(recipient_id__in=muted)
        .select_related("recipient")
        .order_by("pk")
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        messages = [_email_for(n) for n in notifications]
    if not messages:
        return 0
    with get_connection() as connection:
        for message in messages:
            message.connection = connection
            try:
                sent += message.send()
            except Exception:
                logger.exception("a notification e-mail could not be sent")
    return sent


@huey_task(retries=1, retry_delay=30, context=True)
def deliver_webhook(kind: str, text: str, task=None) -> bool:
    """Post `text` to the robot of `kind`; a failure is retried once, then only logged."""
    if webhooks.send(kind, text):
        return True
    if task is not None and task.retries:
        raise WebhookFailed(kind)
    logger.error("webhook %s: giving up after retry", kind)
    return False
