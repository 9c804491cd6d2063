"""Values every page's top bar shows: unread notifications (the to-do count loads via htmx)."""

from zhongshu.notices.models import Notification


def topbar(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": Notification.objects.for_user(user).unread().count(),
    }
