from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import services
from .models import Notification

PAGE_SIZE = 30


def _int_or_none(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


@login_required
def notification_list(request):
    """My notifications, newest first, in keyset pages (`?before=<id>`), `?unread=1` filter."""
    notifications = Notification.objects.for_user(request.user).order_by("-id")
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        notifications = notifications.unread()
    before = _int_or_none(request.GET.get("before"))
    if before:
        notifications = notifications.filter(id__lt=before)
    page = list(notifications[: PAGE_SIZE + 1])
    has_more = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    return render(
        request,
        "notices/notification_list.html",
        {
            "notifications": page,
            "next_before": page[-1].pk if has_more else None,
            "unread_only": unread_only,
            "paged": bool(before),
            "preference": services.preference_for(request.user),
        },
    )


@login_required
@require_POST
def notification_read(request, pk):
    """Mark one of my notifications read, then follow its link (only ever a local path)."""
    try:
        notification = services.notification_mark_read(notification_id=pk, by=request.user)
    except Notification.DoesNotExist:
        raise Http404 from None
    if services.is_local_path(notification.url):
        return redirect(notification.url)
    return redirect("notices:list")


@login_required
@require_POST
def notification_read_all(request):
    count = services.notification_mark_all_read(by=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d notification marked as read.",
            "%(count)d notifications marked as read.",
            count,
        )
        % {"count": count},
    )
    return redirect("notices:list")


@login_required
@require_POST
def preference_update(request):
    preference = services.preference_update(
        email_enabled=request.POST.get("email_enabled") == "on", by=request.user
    )
    if preference.email_enabled:
        messages.success(request, _("Notifications will also be sent to you by e-mail."))
    else:
        messages.success(request, _("Notifications will no longer be sent to you by e-mail."))
    return redirect("notices:list")
