from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "zhongshu.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from zhongshu.files.registry import register_attachment_owner
        from zhongshu.org.demo import register_demo_loader

        from . import demo, providers
        from .models import Meeting, Room
        from .services import approval

        providers.register()
        approval.register()
        register_demo_loader(demo.load)
        # Agenda materials: everyone invited reads them, the organiser and office staff add them.
        register_attachment_owner(
            Meeting,
            can_view=lambda user, obj: user.has_perm("meetings.view_meeting", obj),
            can_attach=lambda user, obj: user.has_perm("meetings.manage_meeting", obj),
        )
        # Room photos.
        register_attachment_owner(
            Room,
            can_view=lambda user, obj: user.is_active,
            can_attach=lambda user, obj: user.has_perm("meetings.manage_rooms"),
        )
