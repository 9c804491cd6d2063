"""The documents' to-dos in the inbox (待办): to read, to instruct, to handle, to review."""

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhongshu.workflow.inbox import InboxItem, register_inbox_provider

from .models import (
    CLASSIFIED_RANK,
    HandlingTask,
    IncomingDocument,
    OutgoingCopy,
    OutgoingDocument,
    OutgoingStatus,
    Proposal,
    RoutingSlip,
)

ORDER = (F("due_at").asc(nulls_last=True), "id")


def pending_slips(user):
    """My routing-slip lines waiting for my signature now (clearance re-checked every time)."""
    return RoutingSlip.objects.pending_for(user).filter(
        document__level_rank__lte=user.clearance_rank
    )


def _doc_item(kind, label, row, prefix="document__"):
    return InboxItem(
        kind=kind,
        kind_label=str(label),
        title=f"{row[prefix + 'reg_number']} {row[prefix + 'subject']}",
        url=reverse("documents:incoming_detail", args=[row[prefix + "id"]]),
        api_url=reverse("documents-incoming-detail", args=[row[prefix + "id"]]),
        due_at=row.get("due_at"),
        created_at=row.get("created_at"),
    )


def _limited(queryset, limit):
    return queryset[:limit] if limit is not None else queryset


FIELDS = ("document__id", "document__reg_number", "document__subject", "due_at")


def reading_items(user, limit=None):
    rows = _limited(pending_slips(user).order_by(*ORDER).values(*FIELDS), limit)
    return [_doc_item("documents.read", _("To read"), row) for row in rows]


def instruction_queryset(user):
    return Proposal.objects.filter(
        leader=user,
        instructed_at__isnull=True,
        document__status="awaiting_instruction",
        document__level_rank__lte=user.clearance_rank,
    )


def instruction_items(user, limit=None):
    rows = _limited(
        instruction_queryset(user)
        .order_by(F("due_date").asc(nulls_last=True), "id")
        .values("document__id", "document__reg_number", "document__subject", "created_at"),
        limit,
    )
    return [_doc_item("documents.instruct", _("To instruct"), row) for row in rows]


def task_queryset(user):
    return HandlingTask.objects.filter(
        assignee=user,
        state=HandlingTask.State.OPEN,
        document__level_rank__lte=user.clearance_rank,
    )


def task_items(user, limit=None):
    rows = _limited(task_queryset(user).order_by(*ORDER).values(*FIELDS, "created_at"), limit)
    return [_doc_item("documents.handle", _("To handle"), row) for row in rows]


def declassify_queryset(user):
    return IncomingDocument.objects.filter(
        registered_by=user,
        level_rank__gte=CLASSIFIED_RANK,
        level_rank__lte=user.clearance_rank,
        secrecy_until__lte=timezone.localdate(),
    )


def declassify_items(user, limit=None):
    rows = _limited(
        declassify_queryset(user)
        .order_by("secrecy_until", "id")
        .values("id", "reg_number", "subject"),
        limit,
    )
    return [_doc_item("documents.declassify", _("Declassification review"), r, "") for r in rows]


def outgoing_queryset(user):
    if user.has_role("clerk", "supervisor"):
        mine = OutgoingDocument.objects.filter(
            status__in=[OutgoingStatus.REVIEWING, OutgoingStatus.SIGNED]
        )
    else:
        mine = OutgoingDocument.objects.none()
    return mine | OutgoingDocument.objects.filter(signer=user, status=OutgoingStatus.SIGNING)


def outgoing_items(user, limit=None):
    rows = _limited(
        outgoing_queryset(user).order_by("id").values("id", "title", "created_at"), limit
    )
    return [
        InboxItem(
            kind="documents.outgoing",
            kind_label=str(_("Outgoing document")),
            title=row["title"],
            url=reverse("documents:outgoing_detail", args=[row["id"]]),
            api_url=reverse("documents-outgoing-detail", args=[row["id"]]),
            created_at=row["created_at"],
        )
        for row in rows
    ]


def received_queryset(user):
    """Issued documents distributed to `user` that they have not yet marked as read."""
    return OutgoingCopy.objects.distributed_to(user).filter(read_at__isnull=True)


def received_items(user, limit=None):
    rows = _limited(
        received_queryset(user)
        .order_by("outgoing__issued_at", "id")
        .values("outgoing_id", "outgoing__number", "outgoing__title", "outgoing__issued_at"),
        limit,
    )
    return [
        InboxItem(
            kind="documents.received",
            kind_label=str(_("Document to read")),
            title=f"{row['outgoing__number']} {row['outgoing__title']}",
            url=reverse("documents:outgoing_detail", args=[row["outgoing_id"]]),
            api_url=reverse("documents-outgoing-detail", args=[row["outgoing_id"]]),
            created_at=row["outgoing__issued_at"],
        )
        for row in rows
    ]


def register():
    register_inbox_provider(
        "documents.read",
        _("To read"),
        items=reading_items,
        count=lambda user: pending_slips(user).count(),
    )
    register_inbox_provider(
        "documents.instruct",
        _("To instruct"),
        items=instruction_items,
        count=lambda user: instruction_queryset(user).count(),
    )
    register_inbox_provider(
        "documents.handle",
        _("To handle"),
        items=task_items,
        count=lambda user: task_queryset(user).count(),
    )
    register_inbox_provider(
        "documents.declassify",
        _("Declassification review"),
        items=declassify_items,
        count=lambda user: declassify_queryset(user).count(),
    )
    register_inbox_provider(
        "documents.outgoing",
        _("Outgoing document"),
        items=outgoing_items,
        count=lambda user: outgoing_queryset(user).count(),
    )
    register_inbox_provider(
        "documents.received",
        _("Document to read"),
        items=received_items,
        count=lambda user: received_queryset(user).count(),
    )
