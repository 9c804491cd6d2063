"""Helpers shared by the documents services: configuration, events, knowledge scope, URLs."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse

from zhongshu.search.services import update_object

from ..models import DocumentEvent, IncomingDocument, KnowledgeScope, Urgency

# Reading deadlines by urgency (hours); override with settings.DOCUMENTS_READ_HOURS.
READ_HOURS = {Urgency.VERY_URGENT: 24, Urgency.URGENT: 48, Urgency.NORMAL: 120}


def config(name: str, default):
    return getattr(settings, f"DOCUMENTS_{name}", default)


def read_period(urgency: str) -> timedelta:
    hours = {**READ_HOURS, **config("READ_HOURS", {})}
    return timedelta(hours=hours.get(urgency, READ_HOURS[Urgency.NORMAL]))


def document_url(document: IncomingDocument) -> str:
    return reverse("documents:incoming_detail", args=[document.pk])


def event(document, *, by, action: str, note: str = "") -> DocumentEvent:
    return DocumentEvent.objects.create(document=document, actor=by, action=action, note=note)


def scope_add(document, users, reason: str) -> None:
    """Put users on the knowledge scope (idempotent)."""
    existing = set(
        KnowledgeScope.objects.filter(document=document, user__in=users).values_list(
            "user_id", flat=True
        )
    )
    KnowledgeScope.objects.bulk_create(
        [
            KnowledgeScope(document=document, user=user, reason=reason)
            for user in {u.pk: u for u in users}.values()
            if user.pk not in existing
        ]
    )


def reindex(document) -> None:
    update_object(document)


def lock(document) -> IncomingDocument:
    return IncomingDocument.objects.select_for_update().get(pk=document.pk)
