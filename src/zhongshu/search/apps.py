from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def user_document(user):
    """The staff directory entry: name, username, department and phone."""
    department = user.department.name if user.department_id else ""
    body = " ".join(part for part in (user.name, user.username, department, user.phone) if part)
    return user.display_name, body, [user.username, user.phone]


def user_url(user):
    from urllib.parse import urlencode

    from django.urls import reverse

    return f"{reverse('org:directory')}?{urlencode({'q': user.username})}"


class SearchConfig(AppConfig):
    name = "zhongshu.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from django.contrib.auth import get_user_model

        from zhongshu.org.models import Department

        from . import signals
        from .registry import register_searchable

        user_model = get_user_model()
        register_searchable(
            user_model,
            visible_to=lambda user: user_model.objects.visible_to(user),
            url=user_url,
            label=_("Staff"),
            document=user_document,
            queryset=lambda: user_model.objects.select_related("department"),
        )
        signals.connect(user_model, Department)
        signals.connect_files()
