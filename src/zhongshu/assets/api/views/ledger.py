"""The API of the ledger (cards, custody, transfers, disposal, import/export, labels) and of
stocktakes."""

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from zhongshu.api.parsers import API_PARSERS
from zhongshu.api.renderers import PDF, PDF_RENDERERS, XLSX_RENDERERS
from zhongshu.core.errors import ensure
from zhongshu.org.models import Department, User

from ... import services
from ...filters import AssetFilter, StocktakeFilter, api_rows
from ...models import (
    Asset,
    AssetStatus,
    Category,
    Location,
    Stocktake,
    StocktakeLine,
    StocktakeStatus,
    Transfer,
)
from ...services import ledger_excel
from ...services.excel_io import BadRows
from ...services.labels import LAYOUTS, labels_pdf
from ...services.reports import stocktake_report
from ...services.stocktake import result_rows
from .. import serializers as shapes
from ..serializers import (
    AssetDetailSerializer,
    AssetRegisterSerializer,
    AssetSerializer,
    CategorySerializer,
    LocationSerializer,
    StocktakeSerializer,
)
from .common import (
    XLSX,
    AssetAction,
    bad_rows_response,
    flag,
    ids_param,
    ref,
    valid,
    xlsx_response,
)

ASSET_FILTERS = [
    OpenApiParameter("status", str, enum=AssetStatus.values),
    OpenApiParameter("category", int, description="category id"),
    OpenApiParameter("department", int, description="department id"),
    OpenApiParameter("location", int, description="location id"),
    OpenApiParameter("custodian", int, description="custodian (user) id"),
    OpenApiParameter("search", str, description="number, name or serial number contains"),
    OpenApiParameter("q", str, description="the same as search"),
    OpenApiParameter("disposed", str, description="1: include disposed assets"),
]


def ledger_rows(request) -> QuerySet[Asset]:
    """The cards the user sees, filtered by the query string (the list and the export)."""
    assets = Asset.objects.visible_to(request.user).select_related("category", "custodian")
    return api_rows(AssetFilter(request.query_params, queryset=assets))


class ManagedListCreate(generics.ListCreateAPIView):
    pagination_class = None

    def get_queryset(self):
        ensure(self.request.user, "assets.view_ledger")
        return self.model.objects.filter(is_active=True)


class CategoryList(ManagedListCreate):
    model = Category
    serializer_class = CategorySerializer

    def perform_create(self, serializer):
        serializer.instance = services.category_create(
            by=self.request.user, **serializer.validated_data
        )


class LocationList(ManagedListCreate):
    model = Location
    serializer_class = LocationSerializer

    def perform_create(self, serializer):
        serializer.instance = services.location_create(
            by=self.request.user, **serializer.validated_data
        )


@extend_schema_view(get=extend_schema(parameters=ASSET_FILTERS))
class AssetList(generics.ListCreateAPIView):
    def get_serializer_class(self):
        return AssetRegisterSerializer if self.request.method == "POST" else AssetSerializer

    def get_queryset(self):
        return ledger_rows(self.request)

    def perform_create(self, serializer):
        data = serializer.validated_data
        fields = {key: data[key] for key in services.ASSET_FIELDS if key in data}
        serializer.instance = services.asset_register(
            by=self.request.user, custodian=data.get("custodian"), **fields
        )


class AssetDetail(generics.RetrieveUpdateAPIView):
    serializer_class = AssetDetailSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return Asset.objects.visible_to(self.request.user).select_related("category", "custodian")

    def update(self, request, *args, **kwargs):
        """The changed card, whole: a partial serializer would leave out the fields that fall
        back to their default (`custodian_name` of an unassigned asset)."""
        data = self.get_serializer(self.get_object(), data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = {
            key: value for key, value in data.validated_data.items() if key in services.ASSET_FIELDS
        }
        asset = services.asset_update(asset=data.instance, by=request.user, **fields)
        return Response(AssetDetailSerializer(self.get_queryset().get(pk=asset.pk)).data)


class AssignView(AssetAction):
    @extend_schema(request=shapes.AssetAssignInputSerializer, responses=AssetDetailSerializer)
    def post(self, request, pk):
        asset = self.asset(pk)
        data = valid(shapes.AssetAssignInputSerializer, request)
        custodian = ref(User, data["custodian"], "custodian", User.objects.filter(is_active=True))
        location = ref(Location, data["location"], "location")
        services.asset_assign(
            asset=asset,
            custodian=custodian,
            location=location,
            note=data["note"],
            reassign=flag(request.data.get("reassign"), "reassign"),
            by=request.user,
        )
        return self.done(asset)


class ReturnView(AssetAction):
    @extend_schema(request=shapes.AssetReturnInputSerializer, responses=AssetDetailSerializer)
    def post(self, request, pk):
        asset = self.asset(pk)
        data = valid(shapes.AssetReturnInputSerializer, request)
        location = ref(Location, data["location"], "location")
        services.asset_return(asset=asset, location=location, note=data["note"], by=request.user)
        return self.done(asset)


class TransferView(AssetAction):
    @extend_schema(
        request=shapes.AssetTransferInputSerializer,
        responses={201: shapes.AssetTransferResultSerializer},
    )
    def post(self, request, pk):
        asset = self.asset(pk)
        data = valid(shapes.AssetTransferInputSerializer, request)
        transfer = services.asset_transfer(
            asset=asset,
            to_department=ref(Department, data["to_department"], "to_department"),
            to_location=ref(Location, data["to_location"], "to_location"),
            reason=data["reason"],
            by=request.user,
        )
        return Response(
            {"transfer": transfer.pk, "status": transfer.status}, status=status.HTTP_201_CREATED
        )


class TransferDecision(APIView):
    accept = True

    @extend_schema(
        request=shapes.AssetTransferDecisionInputSerializer,
        responses=shapes.AssetTransferResultSerializer,
    )
    def post(self, request, pk):
        transfer = get_object_or_404(Transfer.objects.visible_to(request.user), pk=pk)
        data = valid(shapes.AssetTransferDecisionInputSerializer, request)
        decide = services.transfer_acknowledge if self.accept else services.transfer_refuse
        transfer = decide(transfer=transfer, note=data["note"], by=request.user)
        return Response({"transfer": transfer.pk, "status": transfer.status})


class DisposeView(AssetAction):
    @extend_schema(
        request=shapes.AssetDisposeInputSerializer,
        responses={201: shapes.AssetDisposalResultSerializer},
    )
    def post(self, request, pk):
        asset = self.asset(pk)
        data = valid(shapes.AssetDisposeInputSerializer, request)
        disposal = services.asset_dispose(
            asset=asset,
            kind=data["kind"],
            reason=data["reason"],
            to_department=ref(Department, data["to_department"], "to_department"),
            amount=data.get("amount"),
            by=request.user,
        )
        return Response(
            {
                "disposal": disposal.pk,
                "status": disposal.status,
                "approval": disposal.approval.number,
            },
            status=status.HTTP_201_CREATED,
        )


class ImportView(APIView):
    parser_classes = API_PARSERS

    @extend_schema(
        parameters=[
            OpenApiParameter("dry_run", bool, description="1 or true: only check the rows")
        ],
        request={"multipart/form-data": shapes.AssetImportUploadSerializer},
        responses={
            200: shapes.AssetImportReportSerializer,
            400: shapes.AssetUploadErrorSerializer,
        },
    )
    def post(self, request):
        ensure(request.user, "assets.manage")
        dry_run = request.query_params.get("dry_run") in ("1", "true")
        try:
            report = ledger_excel.ledger_import(
                upload=request.FILES.get("file"), dry_run=dry_run, by=request.user
            )
        except BadRows as error:
            return bad_rows_response(error)
        return Response(report)


class TemplateView(APIView):
    renderer_classes = XLSX_RENDERERS

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    def get(self, request):
        ensure(request.user, "assets.manage")
        return xlsx_response(ledger_excel.template_file(), "asset-import-template.xlsx")


class ExportView(APIView):
    renderer_classes = XLSX_RENDERERS

    @extend_schema(parameters=ASSET_FILTERS, responses={(200, XLSX): OpenApiTypes.BINARY})
    def get(self, request):
        assets = ledger_rows(request)
        return xlsx_response(
            ledger_excel.ledger_export(assets=assets, by=request.user), "asset-ledger.xlsx"
        )


class LabelsView(APIView):
    renderer_classes = PDF_RENDERERS

    @extend_schema(
        parameters=[
            OpenApiParameter("ids", str, required=True, description="asset ids, comma-separated"),
            OpenApiParameter("layout", str, enum=list(LAYOUTS), default="small"),
        ],
        responses={(200, PDF): OpenApiTypes.BINARY},
    )
    def get(self, request):
        ensure(request.user, "assets.manage")
        ids = ids_param(request.query_params.get("ids"))
        assets = (
            Asset.objects.visible_to(request.user)
            .filter(pk__in=ids)
            .select_related("department")
            .order_by("number")
        )
        pdf = labels_pdf(
            assets=assets, layout=request.query_params.get("layout", "small"), by=request.user
        )
        response = HttpResponse(pdf, content_type=PDF)
        response["Content-Disposition"] = 'inline; filename="asset-labels.pdf"'
        return response


# --- stocktakes ----------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        parameters=[OpenApiParameter("status", str, enum=StocktakeStatus.values)],
    ),
    post=extend_schema(
        request=shapes.StocktakeCreateInputSerializer, responses={201: StocktakeSerializer}
    ),
)
class StocktakeList(generics.ListCreateAPIView):
    serializer_class = StocktakeSerializer

    def get_queryset(self):
        stocktakes = Stocktake.objects.visible_to(self.request.user)
        return api_rows(StocktakeFilter(self.request.query_params, queryset=stocktakes))

    def create(self, request, *args, **kwargs):
        ensure(request.user, "assets.manage")
        data = dict(valid(shapes.StocktakeCreateInputSerializer, request))
        counters = list(User.objects.filter(pk__in=data.pop("counters")))
        stocktake = services.stocktake_create(counters=counters, by=request.user, **data)
        return Response(StocktakeSerializer(stocktake).data, status=status.HTTP_201_CREATED)


class StocktakeDetail(generics.RetrieveAPIView):
    serializer_class = StocktakeSerializer

    def get_queryset(self):
        return Stocktake.objects.visible_to(self.request.user)


def visible_stocktake(request, pk: int) -> Stocktake:
    return get_object_or_404(Stocktake.objects.visible_to(request.user), pk=pk)


class ScanView(APIView):
    """JSON: one scanned code; multipart: a scanner's list of codes (all or none)."""

    parser_classes = API_PARSERS

    @extend_schema(
        request={
            "application/json": shapes.StocktakeScanInputSerializer,
            "multipart/form-data": shapes.StocktakeUploadInputSerializer,
        },
        responses={
            201: PolymorphicProxySerializer(
                component_name="StocktakeScanOrUploadResult",
                serializers=[
                    shapes.StocktakeScanResultSerializer,
                    shapes.StocktakeUploadResultSerializer,
                ],
                resource_type_field_name=None,
            ),
            400: shapes.AssetUploadErrorSerializer,
        },
    )
    def post(self, request, pk):
        stocktake = visible_stocktake(request, pk)
        if "file" in request.FILES:
            data = valid(shapes.StocktakeUploadInputSerializer, request)
            try:
                result = services.stocktake_upload(
                    stocktake=stocktake,
                    upload=data["file"],
                    location=ref(Location, data["location"], "location"),
                    by=request.user,
                )
            except BadRows as error:
                return bad_rows_response(error)
            return Response(result, status=status.HTTP_201_CREATED)
        data = valid(shapes.StocktakeScanInputSerializer, request)
        scan = services.stocktake_scan(
            stocktake=stocktake,
            code=data["code"],
            location=ref(Location, data["location"], "location"),
            custodian=ref(User, data["custodian"], "custodian"),
            by=request.user,
        )
        return Response(
            {
                "id": scan.pk,
                "asset": scan.asset_id,
                "number": scan.asset.number,
                "name": scan.asset.name,
                "duplicate": scan.duplicate,
            },
            status=status.HTTP_201_CREATED,
        )


class ReconcileView(APIView):
    @extend_schema(request=None, responses=shapes.StocktakeReconcileResultSerializer)
    def post(self, request, pk):
        stocktake = visible_stocktake(request, pk)
        summary = services.stocktake_reconcile(stocktake=stocktake, by=request.user)
        return Response({**summary, "rows": result_rows(stocktake)})


class ReasonView(APIView):
    @extend_schema(
        request=shapes.StocktakeReasonInputSerializer,
        responses=shapes.StocktakeReasonResultSerializer,
    )
    def post(self, request, pk):
        stocktake = visible_stocktake(request, pk)
        data = valid(shapes.StocktakeReasonInputSerializer, request)
        line = ref(StocktakeLine, data["line"], "line", stocktake.lines.all())
        line = services.stocktake_set_reason(line=line, reason=data["reason"], by=request.user)
        return Response({"line": line.pk, "result": line.result, "reason": line.reason})


class AdjustView(APIView):
    @extend_schema(request=None, responses=shapes.StocktakeAdjustResultSerializer)
    def post(self, request, pk):
        stocktake = services.stocktake_adjust(
            stocktake=visible_stocktake(request, pk), by=request.user
        )
        return Response(
            {
                "status": stocktake.status,
                "approval": stocktake.approval.number if stocktake.approval_id else None,
            }
        )


class ReportView(APIView):
    renderer_classes = XLSX_RENDERERS

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    def get(self, request, pk):
        stocktake = visible_stocktake(request, pk)
        return xlsx_response(
            stocktake_report(stocktake=stocktake, by=request.user),
            f"stocktake-{stocktake.number}.xlsx",
        )
