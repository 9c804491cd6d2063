"""Inbox provider: transfers into a department head's departments awaiting acknowledgement."""

from django.urls import reverse
from django.utils.translation import gettext as _

from zhongshu.workflow.inbox import InboxItem

from .models import Transfer


def transfer_items(user, limit=None):
    transfers = (
        Transfer.objects.awaiting(user)
        .select_related("asset", "to_department")
        .order_by("requested_at", "id")
    )
    if limit is not None:
        transfers = transfers[:limit]
    return [
        InboxItem(
            kind="asset_transfer",
            kind_label=_("Asset transfers to acknowledge"),
            title=_("Acknowledge %(asset)s → %(department)s")
            % {"asset": transfer.asset, "department": transfer.to_department.name},
            url=reverse("assets:transfer_list"),
            created_at=transfer.requested_at,
        )
        for transfer in transfers
    ]


def transfer_count(user) -> int:
    return Transfer.objects.awaiting(user).count()
