"""REST API of the workflow app: the to-do inbox at /api/v1/inbox/ and the approvals under
/api/v1/workflow/. Thin views over the services."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from zhongshu.core.errors import ensure

from .. import services
from ..inbox import inbox_for
from ..models import ApprovalRequest, ApprovalTask, Delegation, RequestStatus
from .serializers import (
    DecideSerializer,
    DelegationSerializer,
    InboxItemSerializer,
    NewRequestSerializer,
    RequestDetailSerializer,
    RequestSerializer,
    SubmitSerializer,
    TaskSerializer,
)


class InboxView(APIView):
    @extend_schema(responses=InboxItemSerializer(many=True))
    def get(self, request):
        items = inbox_for(request.user, limit=200)
        return Response(InboxItemSerializer(items, many=True, context={"request": request}).data)


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

    @extend_schema(request=NewRequestSerializer, responses={201: RequestDetailSerializer})
    def post(self, request):
        data = NewRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = services.request_submit(by=request.user, **data.validated_data)
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
