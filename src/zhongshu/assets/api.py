"""REST API of the assets app (mounted at /api/v1/assets/): thin views over the services."""

from django.db.models import Q
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from zhongshu.core.errors import ServiceError, ensure
from zhongshu.org.models import Department, User

from . import api_schema as schema
from . import services
from .models import (
    Asset,
    AssetEvent,
    Category,
    Location,
    Stocktake,
    StocktakeLine,
    Transfer,
)
from .services import ledger_excel
from .services.excel_io import BadRows
from .services.labels import LAYOUTS, labels_pdf
from .services.reports import stocktake_report
from .services.stocktake import counts, result_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filter_assets(assets, params):
    """The ledger filters shared by the list page, the API and the export."""
    for key in ("status", "category", "department", "location", "custodian"):
        value = params.get(key)
        if value:
            if key != "status" and not str(value).isdigit():
                raise ServiceError(_("Give ids as numbers."), field=key)
            assets = assets.filter(**{key if key == "status" else f"{key}_id": value})
    text = (params.get("search") or params.get("q") or "").strip()
    if text:
        assets = assets.filter(
            Q(number__icontains=text) | Q(name__icontains=text) | Q(serial_number__icontains=text)
        )
    if params.get("disposed") != "1":
        assets = assets.active()
    return assets


def _ref(model, value, field, queryset=None):
    if value in (None, ""):
        return None
    try:
        return (queryset if queryset is not None else model.objects).get(pk=int(value))
    except (model.DoesNotExist, TypeError, ValueError):
        raise ServiceError(
            _("%(field)s: no such record.") % {"field": field}, field=field
        ) from None


def xlsx_response(handle, filename):
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "code", "useful_life_months", "residual_rate", "usage_guide"]
        read_only_fields = ["residual_rate"]


class LocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Location
        fields = ["id", "name", "kind", "parent", "full_name", "path"]
        read_only_fields = ["full_name", "path"]


class AssetEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.display_name", default="")

    class Meta:
        model = AssetEvent
        fields = ["kind", "actor", "at", "note", "data"]


class AssetSerializer(serializers.ModelSerializer):
    custodian_name = serializers.CharField(
        source="custodian.display_name", default=None, read_only=True
    )
    book_value = serializers.SerializerMethodField()

    class Meta:
        model = Asset
        fields = [
            "id",
            "number",
            "name",
            "category",
            "model",
            "serial_number",
            "purchase_date",
            "price",
            "supplier",
            "warranty_until",
            "department",
            "location",
            "custodian",
            "custodian_name",
            "status",
            "note",
            "book_value",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["number", "custodian", "status", "created_at", "updated_at"]

    def get_book_value(self, asset) -> str:
        return str(asset.book_value())


class AssetDetailSerializer(AssetSerializer):
    events = AssetEventSerializer(many=True, read_only=True)

    class Meta(AssetSerializer.Meta):
        fields = [*AssetSerializer.Meta.fields, "events"]


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


@extend_schema_view(get=extend_schema(parameters=schema.ASSET_FILTERS))
class AssetList(generics.ListCreateAPIView):
    serializer_class = AssetSerializer

    def get_queryset(self):
        assets = Asset.objects.visible_to(self.request.user).select_related("category", "custodian")
        return filter_assets(assets, self.request.query_params)

    def perform_create(self, serializer):
        data = serializer.validated_data
        custodian = _ref(User, self.request.data.get("custodian"), "custodian")
        fields = {key: data[key] for key in services.ASSET_FIELDS if key in data}
        serializer.instance = services.asset_register(
            by=self.request.user, custodian=custodian, **fields
        )


class AssetDetail(generics.RetrieveUpdateAPIView):
    serializer_class = AssetDetailSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return Asset.objects.visible_to(self.request.user).select_related("category", "custodian")

    def perform_update(self, serializer):
        data = serializer.validated_data
        fields = {key: data[key] for key in services.ASSET_FIELDS if key in data}
        serializer.instance = services.asset_update(
            asset=serializer.instance, by=self.request.user, **fields
        )


class AssetAction(APIView):
    def asset(self, pk):
        return get_object_or_404(Asset.objects.visible_to(self.request.user), pk=pk)

    def done(self, asset):
        asset.refresh_from_db()
        return Response(AssetDetailSerializer(asset).data)


class AssignView(AssetAction):
    @extend_schema(request=schema.AssetAssignInputSerializer, responses=AssetDetailSerializer)
    def post(self, request, pk):
        asset = self.asset(pk)
        custodian = _ref(
            User, request.data.get("custodian"), "custodian", User.objects.filter(is_active=True)
        )
        location = _ref(Location, request.data.get("location"), "location")
        services.asset_assign(
            asset=asset,
            custodian=custodian,
            location=location,
            note=request.data.get("note", ""),
            by=request.user,
        )
        return self.done(asset)


class ReturnView(AssetAction):
    @extend_schema(request=schema.AssetReturnInputSerializer, responses=AssetDetailSerializer)
    def post(self, request, pk):
        asset = self.asset(pk)
        location = _ref(Location, request.data.get("location"), "location")
        services.asset_return(
            asset=asset, location=location, note=request.data.get("note", ""), by=request.user
        )
        return self.done(asset)


class TransferView(AssetAction):
    @extend_schema(
        request=schema.AssetTransferInputSerializer,
        responses={201: schema.AssetTransferResultSerializer},
    )
    def post(self, request, pk):
        asset = self.asset(pk)
        transfer = services.asset_transfer(
            asset=asset,
            to_department=_ref(Department, request.data.get("to_department"), "to_department"),
            to_location=_ref(Location, request.data.get("to_location"), "to_location"),
            reason=request.data.get("reason", ""),
            by=request.user,
        )
        return Response(
            {"transfer": transfer.pk, "status": transfer.status}, status=status.HTTP_201_CREATED
        )


class TransferDecision(APIView):
    accept = True

    @extend_schema(
        request=schema.AssetTransferDecisionInputSerializer,
        responses=schema.AssetTransferResultSerializer,
    )
    def post(self, request, pk):
        transfer = get_object_or_404(Transfer.objects.visible_to(request.user), pk=pk)
        decide = services.transfer_acknowledge if self.accept else services.transfer_refuse
        transfer = decide(transfer=transfer, note=request.data.get("note", ""), by=request.user)
        return Response({"transfer": transfer.pk, "status": transfer.status})


class DisposeView(AssetAction):
    @extend_schema(
        request=schema.AssetDisposeInputSerializer,
        responses={201: schema.AssetDisposalResultSerializer},
    )
    def post(self, request, pk):
        asset = self.asset(pk)
        disposal = services.asset_dispose(
            asset=asset,
            kind=request.data.get("kind", ""),
            reason=request.data.get("reason", ""),
            to_department=_ref(Department, request.data.get("to_department"), "to_department"),
            amount=request.data.get("amount"),
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
    parser_classes = [MultiPartParser, JSONParser]

    @extend_schema(
        parameters=[
            OpenApiParameter("dry_run", bool, description="1 or true: only check the rows")
        ],
        request={"multipart/form-data": schema.AssetImportUploadSerializer},
        responses={
            200: schema.AssetImportReportSerializer,
            400: schema.AssetBadRowsSerializer,
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
            return Response(
                {"code": error.code, "detail": str(error.detail), "errors": error.rows},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(report)


class TemplateView(APIView):
    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    def get(self, request):
        ensure(request.user, "assets.manage")
        return xlsx_response(ledger_excel.template_file(), "asset-import-template.xlsx")


class ExportView(APIView):
    @extend_schema(parameters=schema.ASSET_FILTERS, responses={(200, XLSX): OpenApiTypes.BINARY})
    def get(self, request):
        assets = filter_assets(Asset.objects.visible_to(request.user), request.query_params)
        return xlsx_response(
            ledger_excel.ledger_export(assets=assets, by=request.user), "asset-ledger.xlsx"
        )


def _ids(text):
    try:
        return [int(part) for part in (text or "").split(",") if part.strip()]
    except ValueError:
        raise ServiceError(_("Give ids as numbers."), field="ids") from None


class LabelsView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("ids", str, required=True, description="asset ids, comma-separated"),
            OpenApiParameter("layout", str, enum=list(LAYOUTS), default="small"),
        ],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request):
        ids = _ids(request.query_params.get("ids"))
        assets = (
            Asset.objects.visible_to(request.user)
            .filter(pk__in=ids)
            .select_related("department")
            .order_by("number")
        )
        pdf = labels_pdf(
            assets=assets, layout=request.query_params.get("layout", "small"), by=request.user
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="asset-labels.pdf"'
        return response


class StocktakeSerializer(serializers.ModelSerializer):
    counts = serializers.SerializerMethodField()

    class Meta:
        model = Stocktake
        fields = [
            "id",
            "number",
            "title",
            "status",
            "scope",
            "created_at",
            "reconciled_at",
            "closed_at",
            "counts",
        ]

    def get_counts(self, stocktake) -> dict:
        return counts(stocktake) if stocktake.reconciled_at else {}


@extend_schema_view(
    post=extend_schema(
        request=schema.StocktakeCreateInputSerializer, responses={201: StocktakeSerializer}
    )
)
class StocktakeList(generics.ListCreateAPIView):
    serializer_class = StocktakeSerializer

    def get_queryset(self):
        return Stocktake.objects.visible_to(self.request.user)

    def create(self, request, *args, **kwargs):
        data = request.data
        counters = User.objects.filter(pk__in=_ids(",".join(map(str, data.get("counters") or []))))
        stocktake = services.stocktake_create(
            title=data.get("title", ""),
            asset_ids=data.get("asset_ids") or (),
            departments=data.get("departments") or (),
            locations=data.get("locations") or (),
            categories=data.get("categories") or (),
            counters=list(counters),
            by=request.user,
        )
        return Response(StocktakeSerializer(stocktake).data, status=status.HTTP_201_CREATED)


class StocktakeDetail(generics.RetrieveAPIView):
    serializer_class = StocktakeSerializer

    def get_queryset(self):
        return Stocktake.objects.visible_to(self.request.user)


def _stocktake(request, pk):
    return get_object_or_404(Stocktake.objects.visible_to(request.user), pk=pk)


class ScanView(APIView):
    """JSON: one scanned code; multipart: a scanner's list of codes (all or none)."""

    @extend_schema(
        request={
            "application/json": schema.StocktakeScanInputSerializer,
            "multipart/form-data": schema.StocktakeUploadInputSerializer,
        },
        responses={
            201: PolymorphicProxySerializer(
                component_name="StocktakeScanOrUploadResult",
                serializers=[
                    schema.StocktakeScanResultSerializer,
                    schema.StocktakeUploadResultSerializer,
                ],
                resource_type_field_name=None,
            ),
            400: schema.AssetBadRowsSerializer,
        },
    )
    def post(self, request, pk):
        stocktake = _stocktake(request, pk)
        if "file" in request.FILES:
            try:
                result = services.stocktake_upload(
                    stocktake=stocktake,
                    upload=request.FILES["file"],
                    location=_ref(Location, request.data.get("location"), "location"),
                    by=request.user,
                )
            except BadRows as error:
                return Response(
                    {"code": error.code, "detail": str(error.detail), "errors": error.rows},
                    status=status.HTTP_400_BAD_REQUEST,
                )
            return Response(result, status=status.HTTP_201_CREATED)
        scan = services.stocktake_scan(
            stocktake=stocktake,
            code=str(request.data.get("code", "")),
            location=_ref(Location, request.data.get("location"), "location"),
            custodian=_ref(User, request.data.get("custodian"), "custodian"),
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
    @extend_schema(request=None, responses=schema.StocktakeReconcileResultSerializer)
    def post(self, request, pk):
        stocktake = _stocktake(request, pk)
        summary = services.stocktake_reconcile(stocktake=stocktake, by=request.user)
        return Response({**summary, "rows": result_rows(stocktake)})


class ReasonView(APIView):
    @extend_schema(
        request=schema.StocktakeReasonInputSerializer,
        responses=schema.StocktakeReasonResultSerializer,
    )
    def post(self, request, pk):
        stocktake = _stocktake(request, pk)
        line = get_object_or_404(
            StocktakeLine,
            stocktake=stocktake,
            pk=_ref(StocktakeLine, request.data.get("line"), "line").pk,
        )
        line = services.stocktake_set_reason(
            line=line, reason=request.data.get("reason", ""), by=request.user
        )
        return Response({"line": line.pk, "result": line.result, "reason": line.reason})


class AdjustView(APIView):
    @extend_schema(request=None, responses=schema.StocktakeAdjustResultSerializer)
    def post(self, request, pk):
        stocktake = services.stocktake_adjust(stocktake=_stocktake(request, pk), by=request.user)
        return Response(
            {
                "status": stocktake.status,
                "approval": stocktake.approval.number if stocktake.approval_id else None,
            }
        )


class ReportView(APIView):
    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    def get(self, request, pk):
        stocktake = _stocktake(request, pk)
        return xlsx_response(
            stocktake_report(stocktake=stocktake, by=request.user),
            f"stocktake-{stocktake.number}.xlsx",
        )
