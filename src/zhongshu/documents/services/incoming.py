"""收文: registration (two ledgers), first review (初审) returns, files, knowledge scope."""

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit.services import record, snapshot
from zhongshu.core.errors import Conflict, ServiceError, check_transition, ensure
from zhongshu.core.numbering import next_number
from zhongshu.core.roles import Role
from zhongshu.files.models import Attachment
from zhongshu.files.services import attachment_create
from zhongshu.org.models import ClearanceLevel, User
from zhongshu.workflow.services import deadline_done, deadline_set

from ..models import (
    CLASSIFIED_RANK,
    FLOW,
    DocKind,
    EventAction,
    IncomingDocument,
    KnowledgeScope,
    Ledger,
    Status,
    Urgency,
)
from .common import (
    add_years,
    check_cleared,
    clearance_level,
    config,
    declassified_level,
    document_url,
    event,
    lock,
    parse_doc_number,
    reindex,
    scope_add,
    secrecy_term,
)

DECLASSIFY_KIND = "documents.declassify"
AUDIT_FIELDS = ["reg_number", "status", "level", "urgency", "doc_number", "issuer"]


def _require(value: Any, field: str, message: str) -> str:
    if not str(value or "").strip():
        raise ServiceError(message, code="required", field=field)
    return str(value).strip()


def _declassify_deadline(document: IncomingDocument) -> None:
    assert document.secrecy_until is not None
    due = timezone.make_aware(datetime.combine(document.secrecy_until, time(9)))
    deadline_set(
        target=document,
        kind=DECLASSIFY_KIND,
        owner=document.registered_by,
        due_at=due,
        title=_("Declassification review: %(title)s") % {"title": document.safe_title},
        url=document_url(document),
        remind_before=timedelta(days=7),
        escalate_role=Role.SUPERVISOR,
    )


def find_duplicate(
    *, issuer: str, doc_number: str, exclude: int | None = None
) -> IncomingDocument | None:
    """The first item registered with this 文号 from this issuer (other than `exclude`'s pk)."""
    if not doc_number:
        return None
    found = IncomingDocument.objects.filter(
        issuer=issuer.strip(), doc_number=doc_number.strip()
    ).order_by("id")
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return found.first()


def _clean_details(
    *,
    subject: str,
    issuer: str,
    kind: str,
    urgency: str,
    doc_number: str,
    pages: int,
    copies: int,
    keywords: str,
) -> dict[str, Any]:
    """The checks shared by registration and correction; the cleaned values, or ServiceError."""
    subject = _require(subject, "subject", _("Enter the subject."))
    issuer = _require(issuer, "issuer", _("Enter the issuing unit."))
    doc_number = (doc_number or "").strip()
    if kind not in DocKind.values:
        raise ServiceError(_("Unknown document kind."), code="invalid_kind", field="kind")
    if urgency not in Urgency.values:
        raise ServiceError(_("Unknown urgency."), code="invalid_urgency", field="urgency")
    if doc_number and parse_doc_number(doc_number) is None:
        raise ServiceError(
            _("The document number must look like 中枢发〔2026〕12号: code, 〔year〕, number, 号."),
            code="invalid_doc_number",
            field="doc_number",
        )
    for name, value in (("pages", pages), ("copies", copies)):
        if not isinstance(value, int) or value < 1:
            raise ServiceError(_("Enter a positive number."), code="invalid", field=name)
    return {
        "subject": subject,
        "issuer": issuer,
        "doc_number": doc_number,
        "kind": kind,
        "urgency": urgency,
        "pages": pages,
        "copies": copies,
        "keywords": (keywords or "").strip(),
    }


@transaction.atomic
def document_register(
    *,
    by: User,
    subject: str,
    issuer: str,
    kind: str,
    level: ClearanceLevel | str,
    doc_number: str = "",
    doc_date: date | None = None,
    received_at: datetime | None = None,
    urgency: str = Urgency.NORMAL,
    pages: int = 1,
    copies: int = 1,
    keywords: str = "",
    secrecy_years: int | None = None,
    confirm_duplicate: bool = False,
    attachments: Sequence[UploadedFile] = (),
) -> IncomingDocument:
    """Register an incoming item in the general or the classified ledger, with its scans or
    electronic files (`attachments`): all of it or, when a file is refused, nothing.

    The same 文号 from the same issuer again is refused (409 `duplicate`) unless
    `confirm_duplicate`, in which case the new item is saved marked as a possible duplicate.
    """
    ensure(by, "documents.register")
    details = _clean_details(
        subject=subject,
        issuer=issuer,
        kind=kind,
        urgency=urgency,
        doc_number=doc_number,
        pages=pages,
        copies=copies,
        keywords=keywords,
    )
    issuer, doc_number = details["issuer"], details["doc_number"]
    level = clearance_level(level)
    if level.rank > by.clearance_rank:
        raise ServiceError(
            _("You cannot register an item above your own clearance."),
            code="not_cleared",
            field="level",
        )
    received_at = received_at or timezone.now()
    classified = level.rank >= CLASSIFIED_RANK
    secrecy_years, secrecy_until = secrecy_term(
        level, secrecy_years, doc_date or timezone.localdate(received_at)
    )

    duplicate = find_duplicate(issuer=issuer, doc_number=doc_number)
    if duplicate and not confirm_duplicate:
        raise Conflict(
            _(
                "This document number from this issuer is already registered. Confirm to register "
                "it again."
            ),
            code="duplicate",
            field="doc_number",
        )
    year = timezone.localdate(received_at).year
    if classified:
        number = next_number(
            "documents.incoming.classified",
            config("CLASSIFIED_NUMBER", "密收〔{year}〕{seq:04d}号"),
            year=year,
        )
    else:
        number = next_number(
            "documents.incoming", config("INCOMING_NUMBER", "收〔{year}〕{seq:04d}号"), year=year
        )
    document = IncomingDocument.objects.create(
        ledger=Ledger.CLASSIFIED if classified else Ledger.GENERAL,
        reg_number=number,
        **details,
        doc_date=doc_date,
        received_at=received_at,
        level=level,
        level_rank=level.rank,
        secrecy_years=secrecy_years,
        secrecy_until=secrecy_until,
        duplicate_of=duplicate,
        registered_by=by,
    )
    scope_add(document, [by], KnowledgeScope.Reason.REGISTRAR)
    event(
        document,
        by=by,
        action=EventAction.REGISTERED,
        note=_("Possible duplicate of %(number)s") % {"number": duplicate.reg_number}
        if duplicate
        else "",
    )
    record(
        actor=by,
        action="documents.incoming_registered",
        obj=document,
        after={**snapshot(document, AUDIT_FIELDS), "duplicate_of": document.duplicate_of_id},
    )
    if secrecy_until:
        _declassify_deadline(document)
    reindex(document)
    for upload in attachments:
        document_attach(document=document, upload=upload, by=by)
    return document


# What a correction may change; the level, ledger, number, status and registrar stay as they are.
EDITABLE_FIELDS = (
    "subject",
    "issuer",
    "doc_number",
    "kind",
    "doc_date",
    "urgency",
    "pages",
    "copies",
    "keywords",
    "secrecy_years",
)
# Values the audit trail of a classified item leaves out (it is read outside the knowledge scope).
CLASSIFIED_TEXT = ("subject", "keywords", "reason")


def check_editable(names: Iterable[str]) -> None:
    """Refuse any field outside EDITABLE_FIELDS (no mass assignment of level, status, number)."""
    refused = sorted(set(names) - set(EDITABLE_FIELDS))
    if refused:
        raise ServiceError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(refused)},
            code="not_editable",
        )


def _label(name: str) -> str:
    field = IncomingDocument._meta.get_field(name)
    assert isinstance(field, models.Field)  # a column of the item, never a relation's other side
    return str(field.verbose_name)


def _audit_value(document: IncomingDocument, name: str, value: Any) -> Any:
    if document.is_classified and name in CLASSIFIED_TEXT:
        return "***"
    return value.pk if hasattr(value, "pk") else value


@transaction.atomic
def document_update(
    *, document: IncomingDocument, by: User, confirm_duplicate: bool = False, **values: Any
) -> IncomingDocument:
    """Correct the registration details of an item (a typo in the subject, the wrong 文号…).

    Only EDITABLE_FIELDS, with the checks of registration; the secrecy term of classified items
    only, its end recomputed as at registration. A new 文号 + issuer pair that another item has
    is refused (409 `duplicate`) unless `confirm_duplicate`. Archived items cannot change (409
    `archived`). Nothing changed: nothing is written.
    """
    document = lock(document)
    ensure(by, "documents.manage_document", document)
    check_editable(values)
    if document.status == Status.ARCHIVED:
        raise Conflict(_("An archived item cannot be changed."), code="archived")
    merged = {name: values.get(name, getattr(document, name)) for name in EDITABLE_FIELDS}
    wanted = _clean_details(
        subject=merged["subject"],
        issuer=merged["issuer"],
        kind=merged["kind"],
        urgency=merged["urgency"],
        doc_number=merged["doc_number"],
        pages=merged["pages"],
        copies=merged["copies"],
        keywords=merged["keywords"],
    )
    wanted["doc_date"] = merged["doc_date"]
    if document.is_classified:
        if "secrecy_years" in values or wanted["doc_date"] != document.doc_date:
            wanted["secrecy_years"], wanted["secrecy_until"] = secrecy_term(
                document.level,
                merged["secrecy_years"],
                wanted["doc_date"] or timezone.localdate(document.received_at),
            )
    elif values.get("secrecy_years") not in (None, document.secrecy_years):
        raise ServiceError(
            _("Only classified items have a secrecy term."),
            code="not_editable",
            field="secrecy_years",
        )
    changes = {name: value for name, value in wanted.items() if value != getattr(document, name)}
    duplicate = None
    if "issuer" in changes or "doc_number" in changes:
        duplicate = find_duplicate(
            issuer=wanted["issuer"], doc_number=wanted["doc_number"], exclude=document.pk
        )
        if duplicate and not confirm_duplicate:
            raise Conflict(
                _(
                    "This document number from this issuer is already registered. Confirm to "
                    "save the correction anyway."
                ),
                code="duplicate",
                field="doc_number",
            )
        if document.duplicate_of_id != (duplicate.pk if duplicate else None):
            changes["duplicate_of"] = duplicate
    if not changes:
        return document

    before = {name: _audit_value(document, name, getattr(document, name)) for name in changes}
    for name, value in changes.items():
        setattr(document, name, value)
    document.save(update_fields=list(changes))
    after = {name: _audit_value(document, name, getattr(document, name)) for name in changes}
    fields = "、".join(_label(name) for name in changes if name != "duplicate_of")
    note = fields  # the timeline entry "登记信息更正" names the corrected fields
    if duplicate:
        note += "; " + _("Possible duplicate of %(number)s") % {"number": duplicate.reg_number}
    event(document, by=by, action=EventAction.CORRECTED, note=note)
    record(actor=by, action="documents.incoming_updated", obj=document, before=before, after=after)
    if "secrecy_until" in changes:
        _declassify_deadline(document)
    reindex(document)
    return document


@transaction.atomic
def document_return(*, document: IncomingDocument, reason: str, by: User) -> IncomingDocument:
    """初审 return: not ours or not in order; the reason is kept and shown."""
    document = lock(document)
    ensure(by, "documents.manage_document", document)
    reason = _require(reason, "reason", _("Give the reason for returning the item."))
    check_transition(FLOW, document.status, Status.RETURNED)
    if document.slips.exists() or document.proposals.exists():
        raise Conflict(_("An item already in handling cannot be returned."), code="in_handling")
    before = snapshot(document, ["status"])
    document.status = Status.RETURNED
    document.return_reason = reason
    document.save(update_fields=["status", "return_reason"])
    event(document, by=by, action=EventAction.RETURNED, note=reason)
    record(
        actor=by,
        action="documents.incoming_returned",
        obj=document,
        before=before,
        after={"status": document.status, "reason": _audit_value(document, "reason", reason)},
    )
    return document


def document_attach(
    *, document: IncomingDocument, upload: UploadedFile, by: User, kind: str = ""
) -> Attachment:
    """Add a scan or electronic file; its text becomes searchable."""
    with transaction.atomic():
        document = lock(document)
        ensure(by, "documents.attach_document", document)
        if document.status in (Status.ARCHIVED, Status.RETURNED):
            raise Conflict(_("Files cannot be added to this item any more."), code="closed")
        attachment = attachment_create(owner=document, upload=upload, by=by, kind=kind)
        event(document, by=by, action=EventAction.ATTACHED, note=attachment.original_name)
        reindex(document)
    return attachment


@transaction.atomic
def scope_extend(
    *, document: IncomingDocument, users: Sequence[User], by: User
) -> IncomingDocument:
    """Add people to the knowledge scope explicitly (registry staff only)."""
    document = lock(document)
    ensure(by, "documents.manage_document", document)
    check_cleared(document, users)
    scope_add(document, users, KnowledgeScope.Reason.ADDED)
    names = "、".join(u.display_name for u in users)
    event(document, by=by, action=EventAction.SCOPE_ADDED, note=names)
    record(
        actor=by,
        action="documents.scope_added",
        obj=document,
        after={"users": sorted(u.pk for u in users)},
    )
    return document


@transaction.atomic
def declassify_review(
    *, document: IncomingDocument, decision: str, by: User, extend_years: int | None = None
) -> IncomingDocument:
    """解密 review at the end of the secrecy term: declassify to 内部, or extend the term."""
    document = lock(document)
    ensure(by, "documents.manage_document", document)
    if not document.is_classified or not document.secrecy_until:
        raise Conflict(_("This item is not classified."), code="not_classified")
    before = snapshot(document, ["level", "secrecy_until"])
    if decision == "declassify":
        internal = declassified_level()
        document.level, document.level_rank = internal, internal.rank
        document.secrecy_until = None
        action = EventAction.DECLASSIFIED
    elif decision == "extend":
        if not extend_years or not 1 <= int(extend_years) <= 30:
            raise ServiceError(
                _("Enter a secrecy term of 1 to 30 years."),
                code="invalid_secrecy_term",
                field="extend_years",
            )
        document.secrecy_until = add_years(document.secrecy_until, int(extend_years))
        document.secrecy_years = (document.secrecy_years or 0) + int(extend_years)
        action = EventAction.SECRECY_EXTENDED
    else:
        raise ServiceError(_("Unknown decision."), code="invalid_decision", field="decision")
    document.declassify_reviewed_at = timezone.now()
    document.save()
    deadline_done(target=document, kind=DECLASSIFY_KIND)
    if document.secrecy_until:
        _declassify_deadline(document)
    event(document, by=by, action=action)
    record(
        actor=by,
        action=f"documents.{action}",
        obj=document,
        before=before,
        after=snapshot(document, ["level", "secrecy_until"]),
    )
    return document
