"""发文: draft (from a template) → 核稿 → 签发 → 发文字号 (GB/T 9704) → distribution."""

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit.services import record
from zhongshu.core.errors import Conflict, ServiceError, check_transition, ensure
from zhongshu.core.numbering import next_value
from zhongshu.core.roles import Role
from zhongshu.notices.services import notify
from zhongshu.org.models import User
from zhongshu.search.services import update_object

from ..models import (
    OUTGOING_FLOW,
    CopyRole,
    DocKind,
    OutgoingCopy,
    OutgoingDocument,
    OutgoingStatus,
    OutgoingTemplate,
    Urgency,
)
from .common import DocNumber, config

EDITABLE = ("title", "kind", "body", "urgency", "main_to", "cc", "copies")
UNIT_SPLIT = re.compile(r"[、，,；;\n]+")
CODE_RE = re.compile(r"^[^\s〔〕第\d]{1,20}$")


def outgoing_url(outgoing: OutgoingDocument) -> str:
    return reverse("documents:outgoing_detail", args=[outgoing.pk])


def issuing_code() -> str:
    """The 机关代字 such as 中枢发 (settings.DOCUMENTS_OUTGOING_CODE)."""
    code = config("OUTGOING_CODE", "中枢发")
    if not CODE_RE.match(code):
        raise ServiceError(_("The configured issuing code is not valid."), code="invalid_code")
    return code


def _validate(values: dict[str, Any]) -> dict[str, Any]:
    clean = {key: values[key] for key in EDITABLE if key in values}
    for name in ("title", "body"):
        if name in clean and not str(clean[name]).strip():
            raise ServiceError(_("This field is required."), code="required", field=name)
    if "kind" in clean and clean["kind"] not in DocKind.values:
        raise ServiceError(_("Unknown document kind."), code="invalid_kind", field="kind")
    if "urgency" in clean and clean["urgency"] not in Urgency.values:
        raise ServiceError(_("Unknown urgency."), code="invalid_urgency", field="urgency")
    if "copies" in clean and (not isinstance(clean["copies"], int) or clean["copies"] < 1):
        raise ServiceError(_("Enter a positive number."), code="invalid", field="copies")
    return clean


def _move(
    outgoing: OutgoingDocument, target: str, *, by: User, action: str, note: str = ""
) -> None:
    check_transition(OUTGOING_FLOW, outgoing.status, target)
    before = outgoing.status
    outgoing.status = target
    record(
        actor=by,
        action=f"documents.outgoing_{action}",
        obj=outgoing,
        before={"status": before},
        after={"status": target, "number": outgoing.number},
        note=note,
    )


@transaction.atomic
def outgoing_create(
    *,
    by: User,
    recipients: Iterable[User] = (),
    template: OutgoingTemplate | None = None,
    submit: bool = True,
    **values: Any,
) -> OutgoingDocument:
    """A new draft, its text from `template` unless given; submitted for review by default."""
    ensure(by, "documents.draft_outgoing")
    if template is not None:
        values.setdefault("body", template.body)
        values.setdefault("kind", template.kind)
    clean = _validate({"kind": DocKind.NOTICE, **values})
    for name in ("title", "body"):
        if name not in clean:
            raise ServiceError(_("This field is required."), code="required", field=name)
    outgoing = OutgoingDocument.objects.create(drafted_by=by, **clean)
    outgoing.recipients.set(recipients)
    record(actor=by, action="documents.outgoing_drafted", obj=outgoing, after=clean)
    if submit:
        _move(outgoing, OutgoingStatus.REVIEWING, by=by, action="submitted")
        outgoing.save(update_fields=["status"])
    update_object(outgoing)
    return outgoing


@transaction.atomic
def outgoing_resubmit(
    *,
    outgoing: OutgoingDocument,
    by: User,
    recipients: Iterable[User] | None = None,
    **values: Any,
) -> OutgoingDocument:
    """The drafter revises a returned draft and sends it to review again."""
    outgoing = OutgoingDocument.objects.select_for_update().get(pk=outgoing.pk)
    if outgoing.drafted_by_id != by.pk:
        raise PermissionDenied(_("Only the drafter can revise this draft."))
    clean = _validate(values)
    for key, value in clean.items():
        setattr(outgoing, key, value)
    _move(outgoing, OutgoingStatus.REVIEWING, by=by, action="submitted")
    outgoing.save()
    if recipients is not None:
        outgoing.recipients.set(recipients)
    update_object(outgoing)
    return outgoing


@transaction.atomic
def outgoing_review(
    *,
    outgoing: OutgoingDocument,
    decision: str,
    by: User,
    signer: User | None = None,
    note: str = "",
) -> OutgoingDocument:
    """核稿: pass to a leader for sign-off, or return to the drafter with a note."""
    outgoing = OutgoingDocument.objects.select_for_update().get(pk=outgoing.pk)
    ensure(by, "documents.review_outgoing", outgoing)
    note = (note or "").strip()
    if decision == "approve":
        if signer is None or not signer.is_active or not signer.has_role(Role.LEADER):
            raise ServiceError(_("Choose the signing leader."), code="required", field="signer")
        _move(outgoing, OutgoingStatus.SIGNING, by=by, action="reviewed", note=note)
        outgoing.signer = signer
        outgoing.reviewed_at = timezone.now()
        notify(
            recipients=[signer],
            title=_("To sign off: %(title)s") % {"title": outgoing.title},
            url=outgoing_url(outgoing),
            kind="documents.sign_off",
        )
    elif decision == "return":
        if not note:
            raise ServiceError(_("Say what to revise."), code="required", field="note")
        _move(outgoing, OutgoingStatus.DRAFT, by=by, action="returned", note=note)
        notify(
            recipients=[outgoing.drafted_by],
            title=_("Returned for revision: %(title)s") % {"title": outgoing.title},
            url=outgoing_url(outgoing),
            kind="documents.outgoing_returned",
        )
    else:
        raise ServiceError(_("Unknown decision."), code="invalid_decision", field="decision")
    outgoing.review_note = note
    outgoing.save()
    return outgoing


@transaction.atomic
def outgoing_sign_off(
    *, outgoing: OutgoingDocument, decision: str, by: User, note: str = ""
) -> OutgoingDocument:
    """签发 by the leader chosen at review; returning sends the draft back to the drafter."""
    outgoing = OutgoingDocument.objects.select_for_update().get(pk=outgoing.pk)
    ensure(by, "documents.sign_outgoing", outgoing)
    note = (note or "").strip()
    if decision == "approve":
        _move(outgoing, OutgoingStatus.SIGNED, by=by, action="signed", note=note)
        outgoing.signed_at = timezone.now()
    elif decision == "return":
        if not note:
            raise ServiceError(_("Say what to revise."), code="required", field="note")
        _move(outgoing, OutgoingStatus.DRAFT, by=by, action="returned", note=note)
        outgoing.review_note = note
    else:
        raise ServiceError(_("Unknown decision."), code="invalid_decision", field="decision")
    outgoing.save()
    notify(
        recipients=[outgoing.drafted_by],
        title=(
            _("Signed off: %(title)s")
            if decision == "approve"
            else _("Returned for revision: %(title)s")
        )
        % {"title": outgoing.title},
        url=outgoing_url(outgoing),
        kind="documents.outgoing_signed",
    )
    return outgoing


def _units(text: str) -> list[str]:
    return [unit.strip() for unit in UNIT_SPLIT.split(text or "") if unit.strip()]


def number_copies(outgoing: OutgoingDocument, recipients: Sequence[User]) -> list[OutgoingCopy]:
    """份号 000001… for each distributed copy: 主送 units, 抄送 units, then internal recipients;
    the print run's remaining copies are kept on file. A run smaller than the distribution is
    raised to cover it, since every recipient must get a numbered copy."""
    targets: list[tuple[str, str, User | None]]
    targets = [(CopyRole.MAIN, unit, None) for unit in _units(outgoing.main_to)]
    targets += [(CopyRole.CC, unit, None) for unit in _units(outgoing.cc)]
    targets += [(CopyRole.INTERNAL, user.display_name, user) for user in recipients]
    targets += [(CopyRole.KEPT, "", None)] * max(0, outgoing.copies - len(targets))
    return OutgoingCopy.objects.bulk_create(
        OutgoingCopy(outgoing=outgoing, copy_no=number, role=role, recipient=name[:150], user=user)
        for number, (role, name, user) in enumerate(targets, start=1)
    )


@transaction.atomic
def outgoing_issue(*, outgoing: OutgoingDocument, by: User) -> OutgoingDocument:
    """Number it (e.g. 中枢发〔2026〕12号: 〔〕, four-digit year, no leading zeros, no 第) and
    distribute it: internal recipients are notified."""
    outgoing = OutgoingDocument.objects.select_for_update().get(pk=outgoing.pk)
    ensure(by, "documents.issue_outgoing", outgoing)
    check_transition(OUTGOING_FLOW, outgoing.status, OutgoingStatus.ISSUED)
    code = issuing_code()
    year = timezone.localdate().year
    seq = next_value(f"documents.outgoing:{code}:{year}")
    outgoing.number = str(DocNumber(code, year, seq))
    outgoing.number_code, outgoing.number_year, outgoing.number_seq = code, year, seq
    recipients = list(outgoing.recipients.order_by("pk"))
    copies = number_copies(outgoing, recipients)
    outgoing.copies = len(copies)
    _move(outgoing, OutgoingStatus.ISSUED, by=by, action="issued")
    outgoing.issued_at = timezone.now()
    outgoing.save()
    update_object(outgoing)
    notify(
        recipients=recipients,
        title=_("New document: %(number)s %(title)s")
        % {"number": outgoing.number, "title": outgoing.title},
        url=outgoing_url(outgoing),
        kind="documents.outgoing_issued",
    )
    return outgoing


@transaction.atomic
def outgoing_acknowledge(*, outgoing: OutgoingDocument, by: User) -> OutgoingCopy:
    """An internal recipient confirms having read an issued document (阅知); once only."""
    copy = (
        OutgoingCopy.objects.select_for_update()
        .distributed_to(by)
        .filter(outgoing=outgoing)
        .first()
    )
    if copy is None:
        raise PermissionDenied(_("This document was not distributed to you."))
    if copy.read_at is not None:
        raise Conflict(_("You have already marked this document as read."), code="already_read")
    copy.read_at = timezone.now()
    copy.save(update_fields=["read_at"])
    record(actor=by, action="documents.outgoing_read", obj=outgoing, after={"copy": copy.copy_mark})
    return copy
