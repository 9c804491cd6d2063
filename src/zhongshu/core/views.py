from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from zhongshu.notices.models import Notification
from zhongshu.workflow.inbox import inbox_for


@login_required
def dashboard(request):
    """The home page: my to-dos first, then my latest notifications."""
    items = inbox_for(request.user, limit=10)
    notifications = Notification.objects.for_user(request.user).order_by("-created_at")[:8]
    return render(
        request,
        "core/dashboard.html",
        {"inbox_items": items, "notifications": notifications},
    )


def healthz(request):
    """Liveness for load balancers: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
