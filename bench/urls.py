"""The project's routes plus the minimal views that serve as baselines in benchmarks."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import Context, Template
from django.urls import include, path

from zhongshu.workflow.models import ApprovalTask

from . import views_assets, views_meetings

MINIMAL_INBOX = Template(
    "<table>{% for t in rows %}<tr><td>{{ t.request__number }}</td>"
    "<td>{{ t.request__title }}</td><td>{{ t.due_at }}</td></tr>{% endfor %}</table>"
)


@login_required
def minimal_inbox(request):
    """The same rows as the inbox page, through the same middleware, with a bare template."""
    rows = list(
        ApprovalTask.objects.open_for(request.user)
        .order_by("due_at", "created_at", "id")
        .values("request__number", "request__title", "due_at")[:50]
    )
    return HttpResponse(MINIMAL_INBOX.render(Context({"rows": rows})))


urlpatterns = [
    path("bench/minimal-inbox/", minimal_inbox),
    path("bench/minimal-rooms-available/", views_meetings.minimal_rooms_available),
    path("bench/minimal-assets/", views_assets.minimal_ledger),
    path("bench/minimal-assets-shell/", views_assets.minimal_ledger_in_shell),
    path("", include("zhongshu.urls")),
]
