"""Every registration the documents app makes with the platform, from `DocumentsConfig.ready()`:
the borrowing approval type, the inbox's to-dos (待办), attachment owners, searchable models and
the demo loader.

The inbox providers start from the models' `visible_to` reads, like every other read: a to-do
never shows an item its user may no longer see.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, CharField, Exists, F, OuterRef, Value
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhongshu.core.roles import Role
from zhongshu.files.models import Attachment
from zhongshu.files.registry import register_attachment_owner
from zhongshu.home.registry import register_dashboard_panel
from zhongshu.org.demo import register_demo_loader
from zhongshu.search.services import register_searchable
from zhongshu.workflow.inbox import InboxItem, register_inbox_provider
from zhongshu.workflow.registry import register_request_type

from . import dashboard, demo, services
from .models import (
    CLASSIFIED_RANK,
    REGISTER_READERS,
    HandlingTask,
    IncomingDocument,
    OutgoingCopy,
    OutgoingDocument,
    OutgoingStatus,
    Proposal,
    RoutingSlip,
    Status,
    item_visible_to,
)

# Registry staff, who review and issue outgoing documents.
REGISTRY = (Role.CLERK, Role.SUPERVISOR)
# Who sees every borrowing request in the approvals list.
BORROWING_OVERSEERS = (Role.CLERK, Role.SUPERVISOR, Role.AUDITOR)
# Incoming items no file may be added to any more.
CLOSED = (Status.ARCHIVED, Status.RETURNED)
# Outgoing documents whose drafter may still add files.
OPEN_DRAFTS = (OutgoingStatus.DRAFT, OutgoingStatus.REVIEWING)


# --- inbox (待办) ---------------------------------------------------------------------------

ORDER = (F("due_at").asc(nulls_last=True), "id")
FIELDS = ("document__id", "document__reg_number", "document__subject", "due_at")


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


def reading_items(user, limit=None):
    rows = _limited(RoutingSlip.objects.pending_for(user).order_by(*ORDER).values(*FIELDS), limit)
    return [_doc_item("documents.read", _("To read"), row) for row in rows]


def instruction_queryset(user):
    return Proposal.objects.filter(
        item_visible_to(user),
        leader=user,
        instructed_at__isnull=True,
        document__status=Status.AWAITING_INSTRUCTION,
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
        item_visible_to(user), assignee=user, state=HandlingTask.State.OPEN
    )


def task_items(user, limit=None):
    rows = _limited(task_queryset(user).order_by(*ORDER).values(*FIELDS, "created_at"), limit)
    return [_doc_item("documents.handle", _("To handle"), row) for row in rows]


def declassify_queryset(user):
    return IncomingDocument.objects.visible_to(user).filter(
        registered_by=user,
        level_rank__gte=CLASSIFIED_RANK,
        secrecy_until__lte=timezone.localdate(),
    )


def declassify_outgoing_queryset(user):
    """Classified outgoing documents the user drafted whose secrecy term has ended."""
    return OutgoingDocument.objects.visible_to(user).filter(
        drafted_by=user,
        level_rank__gte=CLASSIFIED_RANK,
        secrecy_until__lte=timezone.localdate(),
    )


def declassify_rows(user):
    """Incoming and outgoing items due for their 解密 review, in one query: (id, number, title,
    secrecy_until, is_outgoing) rows."""
    incoming = (
        declassify_queryset(user)
        .annotate(is_outgoing=Value(False, output_field=BooleanField()))
        .values_list("id", "reg_number", "subject", "secrecy_until", "is_outgoing")
        .order_by()
    )
    outgoing = (
        declassify_outgoing_queryset(user)
        .annotate(is_outgoing=Value(True, output_field=BooleanField()))
        .values_list("id", "number", "title", "secrecy_until", "is_outgoing")
        .order_by()
    )
    return incoming.union(outgoing, all=True)


def declassify_items(user, limit=None):
    rows = _limited(declassify_rows(user).order_by("secrecy_until", "id"), limit)
    items = []
    for pk, number, title, _until, is_outgoing in rows:
        route = "outgoing" if is_outgoing else "incoming"
        items.append(
            InboxItem(
                kind="documents.declassify",
                kind_label=str(_("Declassification review")),
                title=f"{number} {title}".strip(),
                url=reverse(f"documents:{route}_detail", args=[pk]),
                api_url=reverse(f"documents-{route}-detail", args=[pk]),
            )
        )
    return items


def outgoing_queryset(user):
    """To review or issue (registry staff), to sign off (the chosen leader)."""
    visible = OutgoingDocument.objects.visible_to(user)
    if user.has_role(*REGISTRY):
        mine = visible.filter(status__in=[OutgoingStatus.REVIEWING, OutgoingStatus.SIGNED])
    else:
        mine = OutgoingDocument.objects.none()
    return mine | visible.filter(signer=user, status=OutgoingStatus.SIGNING)


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
    visible = OutgoingDocument.objects.visible_to(user).filter(pk=OuterRef("outgoing_id"))
    return OutgoingCopy.objects.distributed_to(user).filter(Exists(visible), read_at__isnull=True)


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


def register_inbox() -> None:
    register_inbox_provider(
        "documents.read",
        _("To read"),
        items=reading_items,
        count=lambda user: RoutingSlip.objects.pending_for(user).count(),
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
        count=lambda user: declassify_rows(user).count(),
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


# --- search index ---------------------------------------------------------------------------


def search_document(document):
    """Title: the subject; body: the issuer and the attachments' text (PDF, DOCX, TXT);
    keywords: registration number, 文号, issuer and keywords."""
    texts = []
    if getattr(document, "has_files", True):
        texts = Attachment.objects.for_owner(document).values_list("extracted_text", flat=True)
    body = "\n".join([document.issuer, *texts])
    keywords = [document.reg_number, document.doc_number, document.issuer, document.keywords]
    return document.subject, body, [k for k in keywords if k]


def search_queryset():
    """What `search reindex` walks: `has_files` spares a query for items without files."""
    content_type = ContentType.objects.get_for_model(IncomingDocument)
    files = Attachment.objects.filter(
        owner_type=content_type, owner_id=Cast(OuterRef("pk"), output_field=CharField())
    )
    return IncomingDocument.objects.annotate(has_files=Exists(files))


def search_outgoing(outgoing):
    """Title: the title; body: the text and its recipients; keywords: 发文字号 and recipients."""
    body = "\n".join(filter(None, [outgoing.body, outgoing.main_to, outgoing.cc]))
    keywords = [outgoing.number, outgoing.main_to, outgoing.cc]
    return outgoing.title, body, [k for k in keywords if k]


def register_search() -> None:
    register_searchable(
        IncomingDocument,
        visible_to=lambda user: IncomingDocument.objects.visible_to(user),
        url=lambda doc: reverse("documents:incoming_detail", args=[doc.pk]),
        label=_("Incoming documents"),
        title=lambda doc: f"{doc.reg_number} {doc.subject}",
        document=search_document,
        queryset=search_queryset,
    )
    register_searchable(
        OutgoingDocument,
        visible_to=lambda user: OutgoingDocument.objects.visible_to(user),
        url=lambda outgoing: reverse("documents:outgoing_detail", args=[outgoing.pk]),
        label=_("Outgoing documents"),
        title=lambda outgoing: f"{outgoing.number} {outgoing.title}".strip(),
        document=search_outgoing,
    )


# --- files, approvals, demo data --------------------------------------------------------------


def register_attachment_owners() -> None:
    register_attachment_owner(
        IncomingDocument,
        can_view=lambda user, obj: user.has_perm("documents.view_document", obj),
        can_attach=lambda user, obj: (
            obj.status not in CLOSED and user.has_perm("documents.attach_document", obj)
        ),
        # The text of a classified item's files never leaves the encrypted store, and the
        # audit log names them by the registration number only.
        sensitive=lambda obj: obj.is_classified,
        safe_label=lambda obj: obj.reg_number,
    )
    register_attachment_owner(
        OutgoingDocument,
        can_view=lambda user, obj: user.has_perm("documents.view_outgoing", obj),
        can_attach=lambda user, obj: obj.status in OPEN_DRAFTS and obj.drafted_by_id == user.pk,
        sensitive=lambda obj: obj.is_classified,
        safe_label=str,  # the 发文字号, or the draft's id: never its title once classified
    )


def borrowing_handled_by(user, request) -> bool:
    """Whether `user` may see the item a borrowing approval request is about."""
    return (
        IncomingDocument.objects.visible_to(user).filter(borrowings__pk=request.target_id).exists()
    )


def register() -> None:
    """Called once from `DocumentsConfig.ready()`."""
    register_inbox()
    register_request_type(
        services.borrowing.REQUEST_TYPE,
        _("Borrowing an archived item"),
        on_approved=services.borrowing_approved,
        on_rejected=services.borrowing_rejected,
        on_returned=services.borrowing_rejected,
        can_view=lambda user: True if user.has_role(*BORROWING_OVERSEERS) else None,
        # Whoever decides a loan (or stands in for the archivist) must be able to see the item.
        can_handle=borrowing_handled_by,
    )
    register_demo_loader(demo.load)
    register_dashboard_panel(
        "documents",
        _("Documents"),
        build=dashboard.documents_panel,
        roles=REGISTER_READERS,
        order=20,
        icon="document",
    )
    register_attachment_owners()
    register_search()
