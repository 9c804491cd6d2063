"""The home page: what is waiting for me, gathered from the apps below."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from zhongshu.notices.models import Notification
from zhongshu.workflow.inbox import inbox_for


@login_required
def dashboard(request):
    """My to-dos first, then my latest notifications."""
    items = inbox_for(request.user, limit=10)
    notifications = Notification.objects.for_user(request.user).order_by("-created_at")[:8]
    return render(
        request,
        "home/dashboard.html",
        {"inbox_items": items, "notifications": notifications},
    )
