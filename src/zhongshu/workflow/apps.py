from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "zhongshu.workflow"
    label = "workflow"
    verbose_name = _("Workflow")

    def ready(self):
        from zhongshu.files.registry import register_attachment_owner
        from zhongshu.org.demo import register_demo_loader

        from . import demo, providers
        from .models import ApprovalRequest

        providers.register()
        register_demo_loader(demo.load)
        # Whoever sees a request sees its files; the requester adds files while it is open.
        register_attachment_owner(
            ApprovalRequest,
            can_view=lambda user, obj: (
                ApprovalRequest.objects.visible_to(user).filter(pk=obj.pk).exists()
            ),
            can_attach=lambda user, obj: obj.requester_id == user.pk and obj.is_open,
        )
