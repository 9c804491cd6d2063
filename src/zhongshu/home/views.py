"""The home page: what is waiting for me, and the figures of my modules."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from zhongshu.notices.models import Notification

from . import charts
from .panels import todo_summary
from .registry import panels_for


@login_required
def dashboard(request):
    """My to-dos (by kind, overdue first), the panels of my modules, my latest notifications."""
    user = request.user
    todo = todo_summary(user)
    todo_chart = todo.chart()
    panels = [
        {"panel": panel, "data": data, "svg": charts.render(data.chart) if data.chart else ""}
        for panel, data in panels_for(user)
    ]
    notifications = Notification.objects.for_user(user).order_by("-created_at")[:6]
    return render(
        request,
        "home/dashboard.html",
        {
            "today": timezone.localdate(),
            "todo": todo,
            "todo_svg": charts.render(todo_chart) if todo_chart else "",
            "inbox_items": todo.items,
            "panels": panels,
            "notifications": notifications,
        },
    )
