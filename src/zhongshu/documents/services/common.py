"""Helpers shared by the documents services: configuration, events, knowledge scope, people,
document numbers (文号), URLs."""

import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, NamedTuple, Protocol

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from zhongshu.core.errors import ServiceError
from zhongshu.org.models import ClearanceLevel, User
from zhongshu.search.services import update_object

from ..models import CLASSIFIED_RANK, DocumentEvent, IncomingDocument, KnowledgeScope, Urgency

SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,50}$")


class Classified(Protocol):
    """An incoming or outgoing item: both carry a 密级 as `level_rank`."""

    level_rank: int


# Reading deadlines by urgency (hours); override with settings.DOCUMENTS_READ_HOURS.
READ_HOURS = {Urgency.VERY_URGENT: 24, Urgency.URGENT: 48, Urgency.NORMAL: 120}

# GB/T 9704: 机关代字 + 〔four-digit year〕 + sequence without leading zeros + 号, no 第.
DOC_NUMBER_RE = re.compile(r"(?P<code>[^\s〔〕第]{1,30})〔(?P<year>\d{4})〕(?P<seq>[1-9]\d{0,5})号")


class DocNumber(NamedTuple):
    """A 文号 / 发文字号 such as 中枢发〔2026〕12号: 机关代字, year, sequence."""

    code: str
    year: int
    seq: int

    def __str__(self) -> str:
        return f"{self.code}〔{self.year:04d}〕{self.seq}号"


def parse_doc_number(text: str) -> DocNumber | None:
    """The parts of a 文号 in the GB/T 9704 form, or None for anything else."""
    match = DOC_NUMBER_RE.fullmatch(text)
    if match is None:
        return None
    return DocNumber(match["code"], int(match["year"]), int(match["seq"]))


def config(name: str, default: Any) -> Any:
    return getattr(settings, f"DOCUMENTS_{name}", default)


def read_period(urgency: str) -> timedelta:
    hours = {**READ_HOURS, **config("READ_HOURS", {})}
    return timedelta(hours=hours.get(urgency, READ_HOURS[Urgency.NORMAL]))


def document_url(document: IncomingDocument) -> str:
    return reverse("documents:incoming_detail", args=[document.pk])


def event(
    document: IncomingDocument, *, by: User | None, action: str, note: str = ""
) -> DocumentEvent:
    return DocumentEvent.objects.create(document=document, actor=by, action=action, note=note)


def scope_add(document: IncomingDocument, users: Iterable[User], reason: str) -> None:
    """Put users on the knowledge scope (idempotent)."""
    users = list(users)
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


def reindex(document: IncomingDocument) -> None:
    update_object(document)


def lock(document: IncomingDocument) -> IncomingDocument:
    return IncomingDocument.objects.select_for_update().get(pk=document.pk)


def check_cleared(item: Classified, users: Iterable[User], field: str = "readers") -> None:
    """Refuse anyone whose clearance is below the item's (incoming or outgoing) level."""
    refused = [u for u in users if u.clearance_rank < item.level_rank]
    if refused:
        raise ServiceError(
            _("Not cleared for this item: %(names)s")
            % {"names": "、".join(u.display_name for u in refused)},
            code="not_cleared",
            field=field,
        )


def clearance_level(value: ClearanceLevel | str) -> ClearanceLevel:
    """The level named by its code (400 `invalid_level` for an unknown one)."""
    if isinstance(value, ClearanceLevel):
        return value
    code = str(value or "")
    # A code is a slug: anything else (a NUL byte PostgreSQL would refuse) is unknown as it is.
    level = ClearanceLevel.objects.filter(code=code).first() if SLUG_RE.match(code) else None
    if level is None:
        raise ServiceError(_("Unknown confidentiality level."), code="invalid_level", field="level")
    return level


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def secrecy_term(
    level: ClearanceLevel, secrecy_years: int | None, start: date
) -> tuple[int | None, date | None]:
    """(secrecy_years, secrecy_until) of an item at `level` dated `start`; None, None below 商密.

    An empty term takes the level's default.
    """
    if level.rank < CLASSIFIED_RANK:
        return None, None
    try:
        years = int(secrecy_years or level.default_term_years or 0)
    except (TypeError, ValueError):
        years = 0
    if not 1 <= years <= 30:
        raise ServiceError(
            _("Enter a secrecy term of 1 to 30 years."),
            code="invalid_secrecy_term",
            field="secrecy_years",
        )
    return years, add_years(start, years)


def declassified_level() -> ClearanceLevel:
    """The level a declassified item takes: the highest one below 商密 (内部)."""
    level = ClearanceLevel.objects.filter(rank__lt=CLASSIFIED_RANK).order_by("-rank").first()
    assert level is not None  # org's migrations create the levels below 商密
    return level


def users_from_ids(ids: Iterable[Any], field: str) -> list[User]:
    """Active users for the given ids, in order; any unknown id refuses the whole list."""
    try:
        wanted = [int(value) for value in ids]
    except (TypeError, ValueError):
        raise ServiceError(_("Unknown user."), code="unknown_user", field=field) from None
    found = User.objects.active().select_related("clearance").in_bulk(wanted)
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise ServiceError(
            _("Unknown user ids: %(ids)s") % {"ids": ", ".join(map(str, missing))},
            code="unknown_user",
            field=field,
        )
    return [found[pk] for pk in dict.fromkeys(wanted)]
