"""借阅: lending archived items through an approval, with a return deadline."""

import datetime
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from zhongshu.audit.services import record
from zhongshu.core.errors import Conflict, ServiceError, check_transition, ensure
from zhongshu.core.roles import Role
from zhongshu.org.models import User
from zhongshu.workflow.models import ApprovalRequest

from ..models import (
    BORROWING_FLOW,
    Borrowing,
    BorrowingEvent,
    BorrowingStatus,
    IncomingDocument,
    KnowledgeScope,
    Status,
)
from .common import lock, scope_add

REQUEST_TYPE = "document_borrowing"
DEADLINE_KIND = "documents.borrowing"
# The longest loan one request may ask for.
MAX_DAYS = 90


def _return_date(value: datetime.date | str | None) -> datetime.date:
    if isinstance(value, str):
        value = parse_date(value.strip()) if value.strip() else None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        raise ServiceError(_("Enter a return date."), code="invalid", field="return_by")
    today = timezone.localdate()
    if value < today:
        raise ServiceError(
            _("The return date cannot be in the past."), code="invalid", field="return_by"
        )
    if value > today + timedelta(days=MAX_DAYS):
        raise ServiceError(
            _("Items can be borrowed for at most %(days)d days.") % {"days": MAX_DAYS},
            code="invalid",
            field="return_by",
        )
    return value


def _event(borrowing: Borrowing, *, by: User | None, action: str, note: str = "") -> None:
    BorrowingEvent.objects.create(borrowing=borrowing, actor=by, action=action, note=note)


def _locked(pk: int) -> Borrowing:
    return Borrowing.objects.select_for_update().select_related("document", "borrower").get(pk=pk)


def _requested(request: ApprovalRequest) -> Borrowing:
    """The borrowing an approval request of REQUEST_TYPE is about, locked."""
    assert request.target_id is not None  # submitted with the borrowing as its target
    return _locked(request.target_id)


@transaction.atomic
def borrowing_request(
    *,
    document: IncomingDocument,
    purpose: str,
    return_by: datetime.date | str,
    by: User,
) -> Borrowing:
    """Ask to borrow an archived item the borrower may already see; opens an approval."""
    from zhongshu.workflow.services import approval_submit

    document = lock(document)
    ensure(by, "documents.borrow_document", document)
    if document.status != Status.ARCHIVED:
        raise Conflict(_("Only archived items can be borrowed."), code="not_archived")
    purpose = (purpose or "").strip()
    if not purpose:
        raise ServiceError(_("State the purpose of borrowing."), code="required", field="purpose")
    return_by = _return_date(return_by)
    if Borrowing.objects.filter(
        document=document,
        borrower=by,
        status__in=[BorrowingStatus.REQUESTED, BorrowingStatus.APPROVED],
    ).exists():
        raise Conflict(_("You already have an open borrowing of this item."), code="open")
    borrowing = Borrowing.objects.create(
        document=document, borrower=by, purpose=purpose[:2000], return_by=return_by
    )
    borrowing.approval = approval_submit(
        request_type=REQUEST_TYPE,
        title=_("Borrowing: %(title)s") % {"title": document.safe_title},
        reason=purpose if not document.is_classified else "",
        department=by.department,
        target=borrowing,
        by=by,
    )
    borrowing.save(update_fields=["approval"])
    _event(borrowing, by=by, action=BorrowingEvent.Action.REQUESTED, note=purpose)
    record(
        actor=by,
        action="documents.borrowing_requested",
        obj=document,
        after={"borrowing": borrowing.pk, "return_by": return_by.isoformat()},
    )
    return borrowing


def _due_at(return_by: datetime.date) -> datetime.datetime:
    """The end of the office day the item is due back."""
    return timezone.make_aware(datetime.datetime.combine(return_by, datetime.time(18, 0)))


def borrowing_approved(request: ApprovalRequest, by: User | None) -> None:
    """Approval callback: the item is lent; the borrower joins the knowledge scope and gets
    a return deadline that reminds a day before and escalates to the clerks and supervisors."""
    from zhongshu.workflow.services import deadline_set

    borrowing = _requested(request)
    if borrowing.status != BorrowingStatus.REQUESTED:
        return
    document = borrowing.document
    if not IncomingDocument.objects.visible_to(borrowing.borrower).filter(pk=document.pk).exists():
        # The borrower lost access (clearance lowered) while the request waited.
        borrowing_rejected(request, by, note=_("The borrower may no longer see this item."))
        return
    check_transition(BORROWING_FLOW, borrowing.status, BorrowingStatus.APPROVED)
    borrowing.status = BorrowingStatus.APPROVED
    borrowing.approved_at = timezone.now()
    borrowing.save(update_fields=["status", "approved_at"])
    scope_add(document, [borrowing.borrower], KnowledgeScope.Reason.BORROWER)
    deadline_set(
        target=borrowing,
        kind=DEADLINE_KIND,
        owner=borrowing.borrower,
        due_at=_due_at(borrowing.return_by),
        title=_("Return the borrowed item %(title)s") % {"title": document.safe_title},
        url=reverse("documents:borrowing_list"),
        remind_before=timedelta(days=1),
        escalate_to=list(User.objects.with_role(Role.CLERK)),
        escalate_role=Role.SUPERVISOR,
    )
    _event(borrowing, by=by, action=BorrowingEvent.Action.APPROVED)
    record(
        actor=by,
        action="documents.borrowing_approved",
        obj=document,
        before={"status": BorrowingStatus.REQUESTED},
        after={"status": BorrowingStatus.APPROVED, "borrowing": borrowing.pk},
    )


def borrowing_rejected(request: ApprovalRequest, by: User | None, note: str = "") -> None:
    borrowing = _requested(request)
    if borrowing.status != BorrowingStatus.REQUESTED:
        return
    borrowing.status = BorrowingStatus.REJECTED
    borrowing.save(update_fields=["status"])
    _event(borrowing, by=by, action=BorrowingEvent.Action.REJECTED, note=note)
    record(
        actor=by,
        action="documents.borrowing_rejected",
        obj=borrowing.document,
        before={"status": BorrowingStatus.REQUESTED},
        after={"status": BorrowingStatus.REJECTED, "borrowing": borrowing.pk},
        note=note,
    )


@transaction.atomic
def borrowing_return(*, borrowing: Borrowing, by: User) -> Borrowing:
    """The registry confirms the item came back; the return deadline is closed."""
    from zhongshu.workflow.services import deadline_done

    borrowing = _locked(borrowing.pk)
    ensure(by, "documents.return_borrowing", borrowing)
    if borrowing.status == BorrowingStatus.RETURNED:
        raise Conflict(_("This item has already been returned."), code="already_returned")
    if borrowing.status != BorrowingStatus.APPROVED:
        raise Conflict(_("Only lent items can be returned."), code="not_lent")
    borrowing.status = BorrowingStatus.RETURNED
    borrowing.returned_at = timezone.now()
    borrowing.returned_to = by
    borrowing.save(update_fields=["status", "returned_at", "returned_to"])
    deadline_done(target=borrowing, kind=DEADLINE_KIND)
    _event(borrowing, by=by, action=BorrowingEvent.Action.RETURNED)
    record(
        actor=by,
        action="documents.borrowing_returned",
        obj=borrowing.document,
        before={"status": BorrowingStatus.APPROVED},
        after={"status": BorrowingStatus.RETURNED, "borrowing": borrowing.pk},
    )
    return borrowing
