from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "zhongshu.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from . import hooks

        hooks.register()
