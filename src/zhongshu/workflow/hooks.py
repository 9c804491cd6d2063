"""Every registration the workflow app makes: its inbox provider (my pending approval tasks),
ApprovalRequest as an attachment owner, and its demo data. Called from AppConfig.ready()."""

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .inbox import InboxItem, register_inbox_provider
from .models import ApprovalRequest, ApprovalTask

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
    from zhongshu.files.registry import register_attachment_owner
    from zhongshu.org.demo import register_demo_loader

    from . import demo

    register_inbox_provider(KIND, LABEL, items=approval_items, count=approval_count)
    register_demo_loader(demo.load)
    # Whoever sees a request sees its files; the requester adds files while it is open.
    register_attachment_owner(
        ApprovalRequest,
        can_view=lambda user, obj: (
            ApprovalRequest.objects.visible_to(user).filter(pk=obj.pk).exists()
        ),
        can_attach=lambda user, obj: obj.requester_id == user.pk and obj.is_open,
    )
