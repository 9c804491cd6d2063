"""The approvals' own inbox provider: my pending approval tasks."""

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .inbox import InboxItem, register_inbox_provider
from .models import ApprovalTask

KIND = "approval"
LABEL = _("Approval")


def approval_items(user, limit=None) -> list[InboxItem]:
    tasks = (
        ApprovalTask.objects.open_for(user)
        .order_by(F("due_at").asc(nulls_last=True), "created_at", "id")
        .values("request_id", "request__number", "request__title", "due_at", "created_at")
    )
    if limit is not None:
        tasks = tasks[:limit]
    return [
        InboxItem(
            kind=KIND,
            kind_label=str(LABEL),
            title=f"{row['request__number']} {row['request__title']}",
            url=reverse("workflow:request_detail", args=[row["request_id"]]),
            api_url=reverse("workflow-request-detail", args=[row["request_id"]]),
            due_at=row["due_at"],
            created_at=row["created_at"],
        )
        for row in tasks
    ]


def approval_count(user) -> int:
    return ApprovalTask.objects.open_for(user).count()


def register():
    register_inbox_provider(KIND, LABEL, items=approval_items, count=approval_count)
