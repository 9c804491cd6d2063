from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "zhongshu.workflow"
    label = "workflow"
