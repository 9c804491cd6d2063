"""The documents panel of the dashboard, for those who read the register (registry staff,
leaders, supervisors, auditors): this year's items by stage, what is in circulation, readers
past their deadline and outgoing documents on their way. Four queries, whatever the size of
the register: counts with GROUP BY over `visible_to`."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.home.registry import Chart, Figure, Panel

from .models import (
    Circulation,
    IncomingDocument,
    OutgoingDocument,
    OutgoingStatus,
    RoutingSlip,
    Status,
    item_visible_to,
)

OPEN_STATUSES = (Status.REGISTERED, Status.AWAITING_INSTRUCTION, Status.HANDLING)
OUTGOING_UNDERWAY = (
    OutgoingStatus.DRAFT,
    OutgoingStatus.REVIEWING,
    OutgoingStatus.SIGNING,
    OutgoingStatus.SIGNED,
)


def documents_panel(user) -> Panel:
    year = timezone.localdate().year
    by_status = dict(
        IncomingDocument.objects.visible_to(user)
        .for_year(year)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    register = reverse("documents:incoming_list")
    can_register = user.has_perm("documents.register")
    if not any(by_status.values()):
        return Panel(
            empty=_(
                "No incoming documents this year yet. Registry staff register each item as it "
                "arrives; it then goes to a leader, to departments or round the readers."
            ),
            actions=[(_("Register incoming item"), reverse("documents:incoming_create"))]
            if can_register
            else [],
        )
    now = timezone.now()
    circulating = (
        Circulation.objects.filter(item_visible_to(user), completed_at__isnull=True)
        .values("document_id")
        .distinct()
        .count()
    )
    overdue_readers = RoutingSlip.objects.filter(
        item_visible_to(user), state=RoutingSlip.State.PENDING, due_at__lt=now
    ).count()
    outgoing = OutgoingDocument.objects.visible_to(user).aggregate(
        underway=Count("id", filter=Q(status__in=OUTGOING_UNDERWAY)),
        issued=Count("id", filter=Q(status=OutgoingStatus.ISSUED, issued_at__year=year)),
    )
    stages = [status for status in Status if status != Status.RETURNED or by_status.get(status)]
    open_count = sum(by_status.get(status, 0) for status in OPEN_STATUSES)
    return Panel(
        figures=[
            Figure(_("In progress"), open_count, f"{register}?year={year}"),
            Figure(_("In circulation"), circulating, register),
            Figure(
                _("Readers overdue"),
                overdue_readers,
                register,
                tone="danger" if overdue_readers else "success",
            ),
            Figure(
                _("Outgoing underway"),
                outgoing["underway"],
                reverse("documents:outgoing_list"),
                note=_("%(count)d issued this year") % {"count": outgoing["issued"]},
            ),
        ],
        chart=Chart(
            kind="hbar",
            title=_("Incoming documents received in %(year)d, by stage") % {"year": year},
            labels=[str(status.label) for status in stages],
            series=[(_("Documents"), [by_status.get(status, 0) for status in stages])],
        ),
        actions=[(_("Register incoming item"), reverse("documents:incoming_create"))]
        if can_register
        else [],
        link=(_("Incoming register"), register),
    )
