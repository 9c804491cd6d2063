"""传阅: routing slips, sequential or parallel, with reading deadlines by urgency."""

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit.services import record
from zhongshu.core.errors import Conflict, ServiceError, ensure
from zhongshu.core.roles import Role
from zhongshu.notices.services import notify
from zhongshu.org.models import User
from zhongshu.workflow.services import deadline_done, deadline_set

from ..models import (
    Circulation,
    EventAction,
    IncomingDocument,
    KnowledgeScope,
    RoutingSlip,
    Status,
)
from .common import (
    check_cleared,
    document_url,
    event,
    lock,
    read_period,
    scope_add,
    users_from_ids,
)

READ_KIND = "documents.read"
MAX_READERS = 100


def _activate(
    slips: Sequence[RoutingSlip],
    circulation: Circulation,
    document: IncomingDocument,
    now: datetime,
) -> None:
    """Make lines pending: set their due time, open their deadlines, tell the readers."""
    for slip in slips:
        slip.state = RoutingSlip.State.PENDING
        slip.due_at = circulation.due_at or now + read_period(document.urgency)
        slip.save(update_fields=["state", "due_at"])
        deadline_set(
            target=slip,
            kind=READ_KIND,
            owner=slip.reader,
            due_at=slip.due_at,
            title=_("To read: %(title)s") % {"title": document.safe_title},
            url=document_url(document),
            escalate_to=[circulation.started_by],
            escalate_role=Role.SUPERVISOR,
        )
    if slips:
        notify(
            recipients=[slip.reader for slip in slips],
            title=_("To read: %(title)s") % {"title": document.safe_title},
            url=document_url(document),
            kind="documents.read",
        )


@transaction.atomic
def circulation_start(
    *,
    document: IncomingDocument,
    readers: Sequence[int],
    mode: str,
    by: User,
    due_at: datetime | None = None,
) -> Circulation:
    """Start a routing slip. `readers` are user ids in reading order; none may be unknown or
    below the item's clearance, and only registry staff can start one (readers cannot)."""
    document = lock(document)
    ensure(by, "documents.manage_document", document)
    if mode not in Circulation.Mode.values:
        raise ServiceError(_("Unknown circulation mode."), code="invalid_mode", field="mode")
    if document.status in (Status.RETURNED, Status.ARCHIVED):
        raise Conflict(_("This item cannot be circulated now."), code="invalid_state")
    if not readers:
        raise ServiceError(_("Choose at least one reader."), code="required", field="readers")
    if len(readers) > MAX_READERS:
        raise ServiceError(_("Too many readers."), code="too_many", field="readers")
    users = users_from_ids(readers, "readers")
    check_cleared(document, users)
    now = timezone.now()
    if due_at is not None and due_at <= now:
        raise ServiceError(_("The deadline is in the past."), code="past_due", field="due_at")
    circulation = Circulation.objects.create(
        document=document, mode=mode, due_at=due_at, started_by=by
    )
    slips = RoutingSlip.objects.bulk_create(
        [
            RoutingSlip(
                circulation=circulation,
                document=document,
                reader=user,
                position=index,
                state=RoutingSlip.State.WAITING,
            )
            for index, user in enumerate(users, start=1)
        ]
    )
    for slip, user in zip(slips, users, strict=True):
        slip.reader = user
    scope_add(document, users, KnowledgeScope.Reason.READER)
    first = slips[:1] if mode == Circulation.Mode.SEQUENTIAL else slips
    _activate(first, circulation, document, now)
    names = "、".join(u.display_name for u in users)
    event(
        document,
        by=by,
        action=EventAction.CIRCULATED,
        note=f"{circulation.get_mode_display()}: {names}",
    )
    record(
        actor=by,
        action="documents.circulation_started",
        obj=document,
        after={"circulation": circulation.pk, "mode": mode, "readers": [u.pk for u in users]},
    )
    return circulation


@transaction.atomic
def slip_sign(*, slip: RoutingSlip, by: User, comment: str = "") -> RoutingSlip:
    """The reader signs as read (签阅) with an optional comment; sequential slips move on."""
    slip = RoutingSlip.objects.select_for_update().get(pk=slip.pk)
    ensure(by, "documents.sign_slip", slip)
    if slip.state == RoutingSlip.State.SIGNED:
        raise Conflict(_("You have already signed this slip."), code="already_signed")
    if slip.state == RoutingSlip.State.WAITING:
        raise Conflict(
            _("It is not your turn yet: the readers before you have not signed."),
            code="not_your_turn",
        )
    document = lock(slip.document)
    circulation = Circulation.objects.select_for_update().get(pk=slip.circulation_id)
    now = timezone.now()
    slip.state = RoutingSlip.State.SIGNED
    slip.comment = (comment or "").strip()[:2000]
    slip.signed_at = now
    slip.save(update_fields=["state", "comment", "signed_at"])
    deadline_done(target=slip, kind=READ_KIND)
    event(document, by=by, action=EventAction.SIGNED, note=slip.comment)
    record(
        actor=by,
        action="documents.slip_signed",
        obj=document,
        after={"slip": slip.pk, "circulation": circulation.pk},
    )
    remaining = circulation.slips.exclude(state=RoutingSlip.State.SIGNED).order_by("position")
    if circulation.mode == Circulation.Mode.SEQUENTIAL:
        following = list(remaining.select_related("reader")[:1])
        if following and following[0].state == RoutingSlip.State.WAITING:
            _activate(following, circulation, document, now)
    if not remaining.exists():
        circulation.completed_at = now
        circulation.save(update_fields=["completed_at"])
        event(document, by=None, action=EventAction.CIRCULATION_DONE)
        notify(
            recipients=[circulation.started_by],
            title=_("Circulation completed: %(title)s") % {"title": document.safe_title},
            url=document_url(document),
            kind="documents.circulated",
        )
    return slip
