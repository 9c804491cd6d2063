"""Search indexing of asset cards (number, name, model, serial number, supplier)."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Asset


def document(asset):
    return (
        f"{asset.number} {asset.name}",
        " ".join(
            part for part in (asset.model, asset.serial_number, asset.supplier, asset.note) if part
        ),
        [value for value in (asset.number, asset.serial_number, asset.model) if value],
    )


def register() -> None:
    from zhongshu.search.services import register_searchable

    register_searchable(
        Asset,
        visible_to=lambda user: Asset.objects.visible_to(user),
        url=lambda asset: reverse("assets:detail", args=[asset.pk]),
        label=_("Assets"),
        document=document,
        queryset=lambda: Asset.objects.all(),
    )


def index(asset) -> None:
    """Re-index one card inside the caller's transaction."""
    from zhongshu.search.services import update_object

    update_object(asset)


def index_later(ids) -> None:
    """After the caller's transaction commits, index these cards in the background."""
    from .tasks import index_assets

    ids = list(ids)
    if ids:
        transaction.on_commit(lambda: index_assets(ids))
