"""发文: draft (from a template) → 核稿 → 签发 → 发文字号 (GB/T 9704) → distribution."""

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
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
from zhongshu.org.models import ClearanceLevel, User
from zhongshu.search.services import update_object
from zhongshu.workflow.services import deadline_done, deadline_set

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
from .common import (
    DocNumber,
    add_years,
    check_cleared,
    clearance_level,
    config,
    declassified_level,
    secrecy_term,
)

EDITABLE = ("title", "kind", "body", "urgency", "main_to", "cc", "copies")
# The kind of the 解密 review deadline: the same to-do as for incoming items.
DECLASSIFY_KIND = "documents.declassify"
# Values the audit trail of a classified document leaves out (it is read outside its scope).
CLASSIFIED_TEXT = ("title", "body")
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


def _audit_values(outgoing: OutgoingDocument, values: dict[str, Any]) -> dict[str, Any]:
    """`values` as the audit log may keep them: no title or text of a classified document."""
    if not outgoing.is_classified:
        return values
    return {key: "***" if key in CLASSIFIED_TEXT else value for key, value in values.items()}


def _set_level(
    outgoing: OutgoingDocument,
    level: ClearanceLevel | str,
    secrecy_years: int | None,
    *,
    by: User,
    start: date,
) -> None:
    """Mark `outgoing` with its 密级 and 保密期限 (counted from `start`); nobody marks a document
    above their own clearance."""
    level = clearance_level(level)
    if level.rank > by.clearance_rank:
        raise ServiceError(
            _("You cannot mark a document above your own clearance."),
            code="not_cleared",
            field="level",
        )
    years, until = secrecy_term(level, secrecy_years, start)
    outgoing.level, outgoing.level_rank = level, level.rank
    outgoing.secrecy_years, outgoing.secrecy_until = years, until


def _declassify_deadline(outgoing: OutgoingDocument) -> None:
    """The 解密 review when the secrecy term ends (the drafter's to-do), or none below 商密."""
    if not outgoing.is_classified or outgoing.secrecy_until is None:
        deadline_done(target=outgoing, kind=DECLASSIFY_KIND)
        return
    due = timezone.make_aware(datetime.combine(outgoing.secrecy_until, time(9)))
    deadline_set(
        target=outgoing,
        kind=DECLASSIFY_KIND,
        owner=outgoing.drafted_by,
        due_at=due,
        title=_("Declassification review: %(title)s") % {"title": outgoing.safe_title},
        url=outgoing_url(outgoing),
        remind_before=timedelta(days=7),
        escalate_role=Role.SUPERVISOR,
    )


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
    level: ClearanceLevel | str = "internal",
    secrecy_years: int | None = None,
    **values: Any,
) -> OutgoingDocument:
    """A new draft, its text from `template` unless given; submitted for review by default.

    It carries a 密级 (`level`, 内部 unless said) and, from 商密 up, a 保密期限 (`secrecy_years`,
    the level's default when empty); internal recipients must be cleared for it.
    """
    ensure(by, "documents.draft_outgoing")
    if template is not None:
        values.setdefault("body", template.body)
        values.setdefault("kind", template.kind)
    clean = _validate({"kind": DocKind.NOTICE, **values})
    for name in ("title", "body"):
        if name not in clean:
            raise ServiceError(_("This field is required."), code="required", field=name)
    outgoing = OutgoingDocument(drafted_by=by, **clean)
    _set_level(outgoing, level, secrecy_years, by=by, start=timezone.localdate())
    recipients = list(recipients)
    check_cleared(outgoing, recipients, field="recipients")
    outgoing.save()
    outgoing.recipients.set(recipients)
    record(
        actor=by,
        action="documents.outgoing_drafted",
        obj=outgoing,
        after={
            **_audit_values(outgoing, clean),
            "level": outgoing.level.code,
            "secrecy_until": outgoing.secrecy_until,
        },
    )
    if outgoing.is_classified:
        _declassify_deadline(outgoing)
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
    level: ClearanceLevel | str | None = None,
    secrecy_years: int | None = None,
    **values: Any,
) -> OutgoingDocument:
    """The drafter revises a returned draft and sends it to review again; a new `level` or
    `secrecy_years` marks it anew (the term counted from today)."""
    outgoing = OutgoingDocument.objects.select_for_update().get(pk=outgoing.pk)
    if outgoing.drafted_by_id != by.pk:
        raise PermissionDenied(_("Only the drafter can revise this draft."))
    clean = _validate(values)
    for key, value in clean.items():
        setattr(outgoing, key, value)
    if level is not None or secrecy_years is not None:
        new_level = clearance_level(level if level is not None else outgoing.level)
        if secrecy_years is None and new_level.pk == outgoing.level_id:
            secrecy_years = outgoing.secrecy_years
        _set_level(outgoing, new_level, secrecy_years, by=by, start=timezone.localdate())
    recipients = list(outgoing.recipients.all() if recipients is None else recipients)
    check_cleared(outgoing, recipients, field="recipients")
    _move(outgoing, OutgoingStatus.REVIEWING, by=by, action="submitted")
    outgoing.save()
    outgoing.recipients.set(recipients)
    _declassify_deadline(outgoing)
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
        check_cleared(outgoing, [signer], field="signer")
        _move(outgoing, OutgoingStatus.SIGNING, by=by, action="reviewed", note=note)
        outgoing.signer = signer
        outgoing.reviewed_at = timezone.now()
        notify(
            recipients=[signer],
            title=_("To sign off: %(title)s") % {"title": outgoing.safe_title},
            url=outgoing_url(outgoing),
            kind="documents.sign_off",
        )
    elif decision == "return":
        if not note:
            raise ServiceError(_("Say what to revise."), code="required", field="note")
        _move(outgoing, OutgoingStatus.DRAFT, by=by, action="returned", note=note)
        notify(
            recipients=[outgoing.drafted_by],
            title=_("Returned for revision: %(title)s") % {"title": outgoing.safe_title},
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
    """签发 by the leader chosen at review; returning sends the draft back to the drafter.

    The sign-off date is the 成文日期, from which the secrecy term of a classified document runs.
    """
    outgoing = OutgoingDocument.objects.select_for_update().get(pk=outgoing.pk)
    ensure(by, "documents.sign_outgoing", outgoing)
    note = (note or "").strip()
    if decision == "approve":
        _move(outgoing, OutgoingStatus.SIGNED, by=by, action="signed", note=note)
        outgoing.signed_at = timezone.now()
        if outgoing.secrecy_years:
            outgoing.secrecy_until = add_years(timezone.localdate(), outgoing.secrecy_years)
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
        % {"title": outgoing.safe_title},
        url=outgoing_url(outgoing),
        kind="documents.outgoing_signed",
    )
    if decision == "approve":
        _declassify_deadline(outgoing)
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
    recipients = list(outgoing.recipients.select_related("clearance").order_by("pk"))
    # A recipient whose clearance was lowered since the draft gets no numbered copy (份号).
    check_cleared(outgoing, recipients, field="recipients")
    copies = number_copies(outgoing, recipients)
    outgoing.copies = len(copies)
    _move(outgoing, OutgoingStatus.ISSUED, by=by, action="issued")
    outgoing.issued_at = timezone.now()
    outgoing.save()
    update_object(outgoing)
    if outgoing.is_classified:
        title = _("New document: %(title)s") % {"title": outgoing.safe_title}
    else:
        title = _("New document: %(number)s %(title)s") % {
            "number": outgoing.number,
            "title": outgoing.title,
        }
    notify(
        recipients=recipients,
        title=title,
        url=outgoing_url(outgoing),
        kind="documents.outgoing_issued",
    )
    return outgoing


@transaction.atomic
def outgoing_acknowledge(*, outgoing: OutgoingDocument, by: User) -> OutgoingCopy:
    """An internal recipient confirms having read an issued document (阅知); once only."""
    ensure(by, "documents.view_outgoing", outgoing)
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


@transaction.atomic
def outgoing_declassify_review(
    *, outgoing: OutgoingDocument, decision: str, by: User, extend_years: int | None = None
) -> OutgoingDocument:
    """解密 review at the end of the secrecy term: declassify to 内部, or extend the term."""
    outgoing = OutgoingDocument.objects.select_for_update().get(pk=outgoing.pk)
    ensure(by, "documents.declassify_outgoing", outgoing)
    if not outgoing.is_classified or not outgoing.secrecy_until:
        raise Conflict(_("This item is not classified."), code="not_classified")
    before = {"level": outgoing.level.code, "secrecy_until": outgoing.secrecy_until}
    if decision == "declassify":
        internal = declassified_level()
        outgoing.level, outgoing.level_rank = internal, internal.rank
        outgoing.secrecy_until = None
        action = "declassified"
    elif decision == "extend":
        if not extend_years or not 1 <= int(extend_years) <= 30:
            raise ServiceError(
                _("Enter a secrecy term of 1 to 30 years."),
                code="invalid_secrecy_term",
                field="extend_years",
            )
        outgoing.secrecy_until = add_years(outgoing.secrecy_until, int(extend_years))
        outgoing.secrecy_years = (outgoing.secrecy_years or 0) + int(extend_years)
        action = "secrecy_extended"
    else:
        raise ServiceError(_("Unknown decision."), code="invalid_decision", field="decision")
    outgoing.declassify_reviewed_at = timezone.now()
    outgoing.save()
    deadline_done(target=outgoing, kind=DECLASSIFY_KIND)
    _declassify_deadline(outgoing)
    record(
        actor=by,
        action=f"documents.outgoing_{action}",
        obj=outgoing,
        before=before,
        after={"level": outgoing.level.code, "secrecy_until": outgoing.secrecy_until},
    )
    update_object(outgoing)
    return outgoing
