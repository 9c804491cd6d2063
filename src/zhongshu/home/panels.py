"""What the dashboard shows of the platform itself: my to-dos by kind, and my requests.

The to-dos come from the inbox providers of every module (`workflow.inbox`). Each provider is
asked for at most `TODO_CAP` items, earliest due first, so overdue ones come first: the number
overdue is exact up to the cap, and the cost is one query per provider (plus a count for a
provider that has more), whatever the number of rows.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhongshu.workflow.inbox import InboxItem, inbox_kinds, inbox_page
from zhongshu.workflow.models import ApprovalRequest, RequestStatus

from .registry import Chart, Figure, Panel, register_dashboard_panel

TODO_CAP = 50
APPROVAL_WINDOW_DAYS = 30


@dataclass
class TodoKind:
    kind: str
    label: str
    total: int
    overdue: int
    capped: bool = False


@dataclass
class TodoSummary:
    items: list[InboxItem] = field(default_factory=list)
    kinds: list[TodoKind] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(kind.total for kind in self.kinds)

    @property
    def overdue(self) -> int:
        return sum(kind.overdue for kind in self.kinds)

    @property
    def overdue_capped(self) -> bool:
        return any(kind.capped for kind in self.kinds)

    def chart(self) -> Chart | None:
        kinds = [kind for kind in self.kinds if kind.total]
        if not kinds:
            return None
        return Chart(
            kind="stacked",
            title=_("My to-dos by kind"),
            labels=[kind.label for kind in kinds],
            series=[
                (_("Overdue"), [kind.overdue for kind in kinds]),
                (_("On time"), [kind.total - kind.overdue for kind in kinds]),
            ],
            tones=["danger", "primary"],
        )


def todo_summary(user, show: int = 10) -> TodoSummary:
    """The first `show` to-dos in inbox order, and per kind how many there are and are overdue."""
    summary = TodoSummary()
    found: list[InboxItem] = []
    for kind, label in inbox_kinds():
        items, total = inbox_page(user, TODO_CAP, kind=kind)
        if not total:
            continue
        overdue = sum(item.overdue for item in items)
        capped = overdue == TODO_CAP and total > TODO_CAP
        summary.kinds.append(TodoKind(kind, str(label), total, overdue, capped))
        found.extend(items)
    found.sort(key=InboxItem.sort_key)
    summary.items = found[:show]
    return summary


def approvals_panel(user) -> Panel:
    """My requests: in progress, sent back to me for changes, decided lately."""
    since = timezone.now() - timedelta(days=APPROVAL_WINDOW_DAYS)
    mine = ApprovalRequest.objects.filter(requester=user).aggregate(
        open=Count("id", filter=Q(status=RequestStatus.PENDING)),
        returned=Count("id", filter=Q(status=RequestStatus.RETURNED)),
        approved=Count("id", filter=Q(status=RequestStatus.APPROVED, decided_at__gte=since)),
    )
    new_request = (_("New request"), reverse("workflow:request_create"))
    if not any(mine.values()):
        return Panel(
            empty=_(
                "You have no requests in progress. Need something bought, lent or repaired? "
                "Submit a request and follow it here."
            ),
            actions=[new_request],
        )
    requests = reverse("workflow:request_list") + "?scope=mine"
    return Panel(
        figures=[
            Figure(_("In progress"), mine["open"], f"{requests}&status={RequestStatus.PENDING}"),
            Figure(
                _("Returned to me"),
                mine["returned"],
                f"{requests}&status={RequestStatus.RETURNED}",
                tone="warning" if mine["returned"] else "",
            ),
            Figure(
                _("Approved (30 days)"),
                mine["approved"],
                f"{requests}&status={RequestStatus.APPROVED}",
                tone="success",
            ),
        ],
        actions=[new_request],
        link=(_("My requests"), requests),
    )


def register() -> None:
    register_dashboard_panel(
        "approvals",
        gettext_lazy("My requests"),
        build=approvals_panel,
        order=90,
        icon="approval",
    )
