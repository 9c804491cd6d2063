from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "zhongshu.workflow"
    label = "workflow"
    verbose_name = _("Workflow")

    def ready(self):
        from . import hooks

        hooks.register()
