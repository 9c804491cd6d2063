"""REST API of the workflow app (mounted at /api/v1/workflow/): thin views over the services."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from zhongshu.api.serializers import PersonSerializer
from zhongshu.core.errors import ensure
from zhongshu.org.models import User

from . import registry, services
from .models import (
    ApprovalEvent,
    ApprovalRequest,
    ApprovalTask,
    Delegation,
    RequestStatus,
)
from .services.approvals import DECISIONS


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
    acting_for = PersonSerializer(read_only=True)

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
    actor = PersonSerializer(read_only=True)

    class Meta:
        model = ApprovalEvent
        fields = ["action", "actor", "from_status", "to_status", "comment", "at"]


class RequestSerializer(serializers.ModelSerializer):
    requester = PersonSerializer(read_only=True)
    department = serializers.CharField(source="department.name", default=None)
    current_step = serializers.CharField(source="current_step.name", default=None)
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


def _visible(user):
    return ApprovalRequest.objects.visible_to(user)


class RequestListView(generics.ListAPIView):
    """Requests I can see (`?status=`, `?mine=1`); POST submits a general request."""

    serializer_class = RequestSerializer

    def get_queryset(self):
        queryset = _visible(self.request.user).select_related(
            "requester", "department", "current_step"
        )
        status_filter = self.request.query_params.get("status")
        if status_filter in RequestStatus.values:
            queryset = queryset.filter(status=status_filter)
        if self.request.query_params.get("mine") in ("1", "true"):
            queryset = queryset.filter(requester=self.request.user)
        return queryset

    @extend_schema(request=SubmitSerializer, responses={201: RequestDetailSerializer})
    def post(self, request):
        data = SubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = services.approval_submit(
            request_type=registry.GENERAL, by=request.user, **data.validated_data
        )
        return Response(RequestDetailSerializer(created).data, status=status.HTTP_201_CREATED)


class RequestDetailView(generics.RetrieveAPIView):
    serializer_class = RequestDetailSerializer

    def get_queryset(self):
        return (
            _visible(self.request.user)
            .select_related("requester", "department", "current_step")
            .prefetch_related(
                "tasks__step", "tasks__assignee", "tasks__acting_for", "events__actor"
            )
        )


class RequestResubmitView(APIView):
    @extend_schema(request=SubmitSerializer, responses=RequestDetailSerializer)
    def post(self, request, pk):
        approval = get_object_or_404(_visible(request.user), pk=pk)
        ensure(request.user, "workflow.edit_request", approval)
        data = SubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        approval = services.approval_resubmit(
            request=approval, by=request.user, **data.validated_data
        )
        return Response(RequestDetailSerializer(approval).data)


class RequestWithdrawView(APIView):
    @extend_schema(request=None, responses=RequestDetailSerializer)
    def post(self, request, pk):
        approval = get_object_or_404(_visible(request.user), pk=pk)
        approval = services.approval_withdraw(request=approval, by=request.user)
        return Response(RequestDetailSerializer(approval).data)


class TaskDecideView(APIView):
    """Approve, reject or return one of my tasks: `{"decision", "comment"}`."""

    @extend_schema(request=DecideSerializer, responses=TaskSerializer)
    def post(self, request, pk):
        task = get_object_or_404(
            ApprovalTask.objects.filter(request__in=_visible(request.user)), pk=pk
        )
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = services.approval_decide(task=task, by=request.user, **data.validated_data)
        task = ApprovalTask.objects.select_related("step", "assignee", "acting_for").get(pk=task.pk)
        return Response(TaskSerializer(task).data)


class DelegationListView(generics.ListCreateAPIView):
    """My delegations (given and received); POST sets mine."""

    serializer_class = DelegationSerializer

    def get_queryset(self):
        user = self.request.user
        return Delegation.objects.filter(Q(from_user=user) | Q(to_user=user)).select_related(
            "from_user", "to_user"
        )

    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        delegation = services.delegation_set(
            from_user=request.user, by=request.user, **data.validated_data
        )
        return Response(self.get_serializer(delegation).data, status=status.HTTP_201_CREATED)


class DelegationDetailView(APIView):
    """DELETE cancels one of my delegations."""

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk):
        delegation = get_object_or_404(Delegation.objects.filter(from_user=request.user), pk=pk)
        services.delegation_cancel(delegation=delegation, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
