from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "zhongshu.api"
    label = "api"

    def ready(self):
        from zhongshu.org.signals import user_access_reduced

        from . import schema  # noqa: F401 - registers the bearer scheme with drf-spectacular
        from .receivers import revoke_tokens

        user_access_reduced.connect(revoke_tokens, dispatch_uid="api.revoke_tokens")
