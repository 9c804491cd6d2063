"""The API of maintenance, inspections, monthly snapshots and scheduled stocktakes."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from zhongshu.core.errors import ServiceError, ensure
from zhongshu.org.models import User

from ...filters import IdleFilter, InspectionFilter, api_rows
from ...models import (
    Asset,
    Category,
    InspectionPlan,
    InspectionTask,
    LedgerSnapshot,
    Repair,
    StocktakePlan,
)
from ...services import inspections, maintenance, snapshots, stocktake_plans
from .. import serializers as shapes
from ..serializers import (
    InspectionPlanSerializer,
    InspectionTaskSerializer,
    RepairSerializer,
    StocktakePlanSerializer,
)
from .common import LIST_LIMIT, AssetAction, ref, valid


class RepairOpenView(AssetAction):
    @extend_schema(responses=RepairSerializer(many=True))
    def get(self, request, pk):
        asset = self.asset(pk)
        return Response(RepairSerializer(asset.repairs.all()[:LIST_LIMIT], many=True).data)

    @extend_schema(request=shapes.RepairOpenInputSerializer, responses={201: RepairSerializer})
    def post(self, request, pk):
        asset = self.asset(pk)
        data = valid(shapes.RepairOpenInputSerializer, request)
        repair = maintenance.repair_open(asset=asset, by=request.user, **data)
        return Response(RepairSerializer(repair).data, status=status.HTTP_201_CREATED)


class RepairCloseView(APIView):
    @extend_schema(request=shapes.RepairCloseInputSerializer, responses=RepairSerializer)
    def post(self, request, pk):
        repair = get_object_or_404(
            Repair.objects.filter(asset__in=Asset.objects.visible_to(request.user)), pk=pk
        )
        data = valid(shapes.RepairCloseInputSerializer, request)
        repair = maintenance.repair_close(repair=repair, by=request.user, **data)
        return Response(RepairSerializer(repair).data)


class IdleView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("days", int, description="idle for at least; default 90")],
        responses=shapes.IdleAssetListSerializer,
    )
    def get(self, request):
        candidates = maintenance.idle_candidates(user=request.user)
        assets = api_rows(IdleFilter(request.query_params, queryset=candidates))
        rows = assets.values("id", "number", "name", "status", "status_changed_at", "price")
        return Response({"results": list(rows[:LIST_LIMIT])})


class InspectionPlanList(APIView):
    @extend_schema(responses=InspectionPlanSerializer(many=True))
    def get(self, request):
        ensure(request.user, "assets.view_ledger")
        plans = InspectionPlan.objects.order_by("-is_active", "next_due", "id")[:LIST_LIMIT]
        return Response(InspectionPlanSerializer(plans, many=True).data)

    @extend_schema(
        request=shapes.InspectionPlanInputSerializer, responses={201: InspectionPlanSerializer}
    )
    def post(self, request):
        ensure(request.user, "assets.manage")
        data = valid(shapes.InspectionPlanInputSerializer, request)
        numbers = {number.upper() for number in data["asset_numbers"]}
        assets = list(Asset.objects.active().filter(number__in=numbers)) if numbers else []
        if len(assets) != len(numbers):
            raise ServiceError(
                _("Unknown or disposed asset number in the list."), field="asset_numbers"
            )
        active_users = User.objects.filter(is_active=True)
        plan = inspections.inspection_plan_create(
            name=data["name"],
            checklist=data["checklist"],
            assignee=ref(User, data["assignee"], "assignee", active_users) or request.user,
            next_due=data["next_due"] or timezone.localdate(),
            every=data["every"],
            unit=data["unit"],
            category=ref(Category, data["category"], "category"),
            assets=assets,
            by=request.user,
        )
        return Response(InspectionPlanSerializer(plan).data, status=status.HTTP_201_CREATED)


class InspectionPlanStopView(APIView):
    """Stop an inspection plan: no further rounds; open tasks stay to be finished."""

    @extend_schema(request=None, responses=InspectionPlanSerializer)
    def post(self, request, pk):
        ensure(request.user, "assets.manage")
        plan = get_object_or_404(InspectionPlan, pk=pk)
        plan = inspections.inspection_plan_stop(plan=plan, by=request.user)
        return Response(InspectionPlanSerializer(plan).data)


class InspectionList(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("done", str, description="1: recorded inspections; else: to do"),
            OpenApiParameter("plan", int, description="inspection plan id"),
        ],
        responses=inline_serializer(
            "InspectionTaskList", {"results": InspectionTaskSerializer(many=True)}
        ),
    )
    def get(self, request):
        tasks = InspectionTask.objects.visible_to(request.user).select_related("asset", "plan")
        tasks = api_rows(InspectionFilter(request.query_params, queryset=tasks))
        tasks = tasks.order_by("due_on", "id")[:LIST_LIMIT]
        return Response({"results": InspectionTaskSerializer(tasks, many=True).data})


class InspectionRecordView(APIView):
    @extend_schema(
        request=shapes.InspectionRecordInputSerializer, responses=InspectionTaskSerializer
    )
    def post(self, request, pk):
        task = get_object_or_404(InspectionTask.objects.visible_to(request.user), pk=pk)
        data = valid(shapes.InspectionRecordInputSerializer, request)
        task = inspections.inspection_record(task=task, by=request.user, **data)
        return Response(InspectionTaskSerializer(task).data)


def snapshot_json(snapshot: LedgerSnapshot) -> dict:
    """A month's ledger with its counts against the month before."""
    summary = snapshots.diff_summary(snapshot)
    previous = summary["previous"]
    return {
        "id": snapshot.pk,
        "month": f"{snapshot.month:%Y-%m}",
        "assets": snapshot.assets,
        "previous": f"{previous.month:%Y-%m}" if previous else None,
        "added": summary["added"],
        "removed": summary["removed"],
        "changed": summary["changed"],
    }


class SnapshotList(APIView):
    @extend_schema(responses=shapes.LedgerSnapshotSerializer(many=True))
    def get(self, request):
        ensure(request.user, "assets.view_ledger")
        rows = LedgerSnapshot.objects.values("id", "month", "assets", "taken_at")[:60]
        return Response(list(rows))

    @extend_schema(request=None, responses={201: shapes.LedgerSnapshotDiffSerializer})
    def post(self, request):
        snapshot = snapshots.ledger_snapshot_take(by=request.user)
        return Response(snapshot_json(snapshot), status=status.HTTP_201_CREATED)


class SnapshotDetail(APIView):
    @extend_schema(responses=shapes.LedgerSnapshotDiffSerializer)
    def get(self, request, pk):
        ensure(request.user, "assets.view_ledger")
        return Response(snapshot_json(get_object_or_404(LedgerSnapshot, pk=pk)))


class StocktakePlanList(APIView):
    @extend_schema(responses=StocktakePlanSerializer(many=True))
    def get(self, request):
        ensure(request.user, "assets.view_ledger")
        plans = StocktakePlan.objects.order_by("-is_active", "next_run", "id")[:LIST_LIMIT]
        return Response(StocktakePlanSerializer(plans, many=True).data)

    @extend_schema(
        request=shapes.StocktakePlanInputSerializer, responses={201: StocktakePlanSerializer}
    )
    def post(self, request):
        ensure(request.user, "assets.manage")
        data = dict(valid(shapes.StocktakePlanInputSerializer, request))
        data["next_run"] = data["next_run"] or timezone.localdate()
        plan = stocktake_plans.stocktake_plan_create(by=request.user, **data)
        return Response(StocktakePlanSerializer(plan).data, status=status.HTTP_201_CREATED)


class StocktakePlanStopView(APIView):
    """Stop a scheduled stocktake plan: no further stocktakes are created from it."""

    @extend_schema(request=None, responses=StocktakePlanSerializer)
    def post(self, request, pk):
        ensure(request.user, "assets.manage")
        plan = get_object_or_404(StocktakePlan, pk=pk)
        plan = stocktake_plans.stocktake_plan_stop(plan=plan, by=request.user)
        return Response(StocktakePlanSerializer(plan).data)
