"""Every registration the assets app makes with the platform, done once from
`AssetsConfig.ready()`: approval request types, the attachment owner, the inbox provider, the
searchable card and the demo loader."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhongshu.files.registry import register_attachment_owner
from zhongshu.home.registry import register_dashboard_panel
from zhongshu.org.demo import register_demo_loader
from zhongshu.search.services import register_searchable
from zhongshu.workflow.inbox import InboxItem, register_inbox_provider
from zhongshu.workflow.registry import register_request_type

from . import dashboard, demo, services
from .models import READ_ALL_ROLES, Asset, Transfer
from .services.ledger import DISPOSAL_REQUEST_TYPE
from .services.stocktake import ADJUSTMENT_REQUEST_TYPE

INBOX_KIND = "asset_transfer"


def managers_see(user) -> bool | Q:
    """Who may read the assets app's approval requests besides their participants."""
    return True if user.has_role(*READ_ALL_ROLES) else Q(pk__in=[])


def can_view_attachments(user, asset) -> bool:
    return user.has_perm("assets.view_asset", asset)


def can_attach(user, asset) -> bool:
    return user.has_perm("assets.manage")


def transfer_items(user, limit=None) -> list[InboxItem]:
    """Inbox: transfers into the departments `user` heads, awaiting acknowledgement."""
    transfers = (
        Transfer.objects.awaiting(user)
        .select_related("asset", "to_department")
        .order_by("requested_at", "id")
    )
    if limit is not None:
        transfers = transfers[:limit]
    return [
        InboxItem(
            kind=INBOX_KIND,
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


def search_document(asset) -> tuple[str, str, list[str]]:
    """Search entry of a card: title, text (model, serial number, supplier, note), keywords."""
    return (
        f"{asset.number} {asset.name}",
        " ".join(
            part for part in (asset.model, asset.serial_number, asset.supplier, asset.note) if part
        ),
        [value for value in (asset.number, asset.serial_number, asset.model) if value],
    )


def register() -> None:
    register_request_type(
        DISPOSAL_REQUEST_TYPE,
        gettext_lazy("Asset disposal"),
        on_approved=services.disposal_approved,
        on_rejected=services.disposal_rejected,
        on_returned=services.disposal_rejected,
        can_view=managers_see,
    )
    register_request_type(
        ADJUSTMENT_REQUEST_TYPE,
        gettext_lazy("Stocktake adjustments"),
        on_approved=services.stocktake_adjustments_approved,
        on_rejected=services.stocktake_adjustments_rejected,
        on_returned=services.stocktake_adjustments_rejected,
        can_view=managers_see,
    )
    register_attachment_owner(Asset, can_view=can_view_attachments, can_attach=can_attach)
    register_inbox_provider(
        INBOX_KIND,
        gettext_lazy("Asset transfers to acknowledge"),
        items=transfer_items,
        count=transfer_count,
    )
    register_searchable(
        Asset,
        visible_to=lambda user: Asset.objects.visible_to(user),
        url=lambda asset: reverse("assets:detail", args=[asset.pk]),
        label=gettext_lazy("Assets"),
        document=search_document,
        queryset=lambda: Asset.objects.all(),
    )
    register_demo_loader(demo.load)
    register_dashboard_panel(
        "assets",
        gettext_lazy("Assets"),
        build=dashboard.assets_panel,
        perm="assets.view_ledger",
        order=40,
        icon="box",
    )
