from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from zhongshu.core.web import keyset_page

from . import services
from .models import Notification

PAGE_SIZE = 30


@login_required
def notification_list(request):
    """My notifications, newest first, in keyset pages (`?before=<id>`, `?after=<id>`), `?unread=1`
    filter."""
    notifications = Notification.objects.for_user(request.user)
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        notifications = notifications.unread()
    page = keyset_page(notifications, request, size=PAGE_SIZE)
    return render(
        request,
        "notices/notification_list.html",
        {
            "notifications": page.rows,
            "page": page,
            "unread_only": unread_only,
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
