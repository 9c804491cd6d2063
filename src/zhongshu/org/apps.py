from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "zhongshu.org"
    label = "org"

    def ready(self):
        from . import receivers

        receivers.connect()
