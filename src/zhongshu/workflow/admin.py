from django.contrib import admin

from .models import (
    ApprovalChain,
    ApprovalEvent,
    ApprovalRequest,
    ApprovalStep,
    ApprovalTask,
    Deadline,
    Delegation,
)


class ApprovalStepInline(admin.TabularInline):
    model = ApprovalStep
    extra = 0
    filter_horizontal = ["users"]


@admin.register(ApprovalChain)
class ApprovalChainAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "request_type",
        "department",
        "min_amount",
        "max_amount",
        "priority",
        "is_active",
    ]
    list_filter = ["request_type", "is_active"]
    inlines = [ApprovalStepInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Requests, tasks, events and deadlines change only through the services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(ReadOnlyAdmin):
    list_display = ["number", "request_type", "title", "requester", "status", "submitted_at"]
    list_filter = ["status", "request_type"]
    search_fields = ["number", "title"]


@admin.register(ApprovalTask)
class ApprovalTaskAdmin(ReadOnlyAdmin):
    list_display = ["request", "step", "assignee", "acting_for", "status", "due_at"]
    list_filter = ["status"]


@admin.register(ApprovalEvent)
class ApprovalEventAdmin(ReadOnlyAdmin):
    list_display = ["request", "action", "actor", "from_status", "to_status", "at"]


@admin.register(Delegation)
class DelegationAdmin(ReadOnlyAdmin):
    list_display = ["from_user", "to_user", "start", "end", "is_active"]


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "owner", "due_at", "reminded_at", "escalated_at", "done_at"]
    list_filter = ["kind"]
