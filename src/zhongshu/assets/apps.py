from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    name = "zhongshu.assets"
    label = "assets"
    verbose_name = _("Assets")

    def ready(self):
        from django.db.models import Q

        from zhongshu.files.registry import register_attachment_owner
        from zhongshu.org.demo import register_demo_loader
        from zhongshu.workflow.inbox import register_inbox_provider
        from zhongshu.workflow.registry import register_request_type

        from . import demo, providers, search, services
        from .models import Asset

        def managers_see(user):
            return True if user.has_role("supervisor", "logistics", "auditor") else Q(pk__in=[])

        register_request_type(
            "asset_disposal",
            _("Asset disposal"),
            on_approved=services.disposal_approved,
            on_rejected=services.disposal_rejected,
            on_returned=services.disposal_rejected,
            can_view=managers_see,
        )
        register_request_type(
            "asset_stocktake",
            _("Stocktake adjustments"),
            on_approved=services.stocktake_adjustments_approved,
            on_rejected=services.stocktake_adjustments_rejected,
            on_returned=services.stocktake_adjustments_rejected,
            can_view=managers_see,
        )
        register_attachment_owner(
            Asset,
            can_view=lambda user, asset: user.has_perm("assets.view_asset", asset),
            can_attach=lambda user, asset: user.has_perm("assets.manage"),
        )
        register_inbox_provider(
            "asset_transfer",
            _("Asset transfers to acknowledge"),
            items=providers.transfer_items,
            count=providers.transfer_count,
        )
        register_demo_loader(demo.load)
        search.register()
