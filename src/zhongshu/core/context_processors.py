"""Values every page's top bar shows: unread notifications and open to-dos."""


def topbar(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    from zhongshu.notices.models import Notification
    from zhongshu.workflow.inbox import inbox_count

    return {
        "unread_notifications": Notification.objects.for_user(user).unread().count(),
        "inbox_count": inbox_count(user),
    }
