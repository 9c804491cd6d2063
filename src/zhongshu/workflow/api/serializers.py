"""Serializers of the workflow API."""

from rest_framework import serializers

from zhongshu.org.api.serializers import PersonSerializer
from zhongshu.org.models import User

from ..models import ApprovalEvent, ApprovalRequest, ApprovalTask, Delegation
from ..services.approvals import DECISIONS


class InboxItemSerializer(serializers.Serializer):
    """One to-do of GET /api/v1/inbox/ (read-only; built from workflow.inbox.InboxItem)."""

    kind = serializers.CharField()
    kind_label = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    due_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.BooleanField()

    def _absolute(self, path):
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request and path else path

    def get_url(self, item) -> str:
        return self._absolute(item.url)

    def get_api_url(self, item) -> str:
        return self._absolute(item.api_url)


class TaskSerializer(serializers.ModelSerializer):
    step = serializers.CharField(source="step.name")
    mode = serializers.CharField(source="step.mode")
    assignee = PersonSerializer(read_only=True)
    acting_for = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ApprovalTask
        fields = [
            "id",
            "step",
            "mode",
            "assignee",
            "acting_for",
            "status",
            "comment",
            "created_at",
            "due_at",
            "decided_at",
        ]


class EventSerializer(serializers.ModelSerializer):
    actor = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ApprovalEvent
        fields = ["action", "actor", "from_status", "to_status", "comment", "at"]


class RequestSerializer(serializers.ModelSerializer):
    requester = PersonSerializer(read_only=True)
    department = serializers.CharField(source="department.name", default=None, allow_null=True)
    current_step = serializers.CharField(source="current_step.name", default=None, allow_null=True)
    type_label = serializers.CharField()

    class Meta:
        model = ApprovalRequest
        fields = [
            "id",
            "number",
            "request_type",
            "type_label",
            "title",
            "reason",
            "amount",
            "department",
            "requester",
            "status",
            "current_step",
            "submitted_at",
            "decided_at",
        ]


class RequestDetailSerializer(RequestSerializer):
    tasks = TaskSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta(RequestSerializer.Meta):
        fields = [*RequestSerializer.Meta.fields, "tasks", "events"]


class SubmitSerializer(serializers.Serializer):
    """Input of a general request (通用事项申请)."""

    title = serializers.CharField(max_length=200)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        default=None,
    )


class NewRequestSerializer(SubmitSerializer):
    """A new general request: JSON, or multipart with its files as repeated `attachments`."""

    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class DecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=sorted(DECISIONS))
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class DelegationSerializer(serializers.ModelSerializer):
    from_user = PersonSerializer(read_only=True)
    to_user = PersonSerializer(read_only=True)
    to_username = serializers.SlugRelatedField(
        source="to_user", slug_field="username", queryset=User.objects.active(), write_only=True
    )
    request_types = serializers.ListField(
        child=serializers.CharField(), required=False, default=list
    )

    class Meta:
        model = Delegation
        fields = [
            "id",
            "from_user",
            "to_user",
            "to_username",
            "start",
            "end",
            "request_types",
            "is_active",
        ]
        read_only_fields = ["is_active"]
