"""Serializers of the assets API.

The model serializers read and write records. After them come the inputs of the actions, which
the views validate before calling a service, and the answers the views build as dicts.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhongshu.api.fields import DateField, IdField, IdListField, RecordField
from zhongshu.org.models import User

from ..models import (
    Asset,
    AssetEvent,
    AssetStatus,
    Category,
    DisposalKind,
    DisposalStatus,
    InspectionPlan,
    InspectionTask,
    IntervalUnit,
    Location,
    Repair,
    Result,
    Stocktake,
    StocktakePlan,
    StocktakeStatus,
    TransferStatus,
)
from ..services.stocktake import counts

# --- records -------------------------------------------------------------------------------


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
    asset_number = serializers.CharField(
        source="number", read_only=True, help_text="the asset number (编号), e.g. ZC-2026-000001"
    )
    custodian_name = serializers.CharField(
        source="custodian.display_name", default=None, read_only=True, allow_null=True
    )
    book_value = serializers.SerializerMethodField()

    class Meta:
        model = Asset
        fields = [
            "id",
            "asset_number",
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
        extra_kwargs = {"number": {"help_text": "the same as asset_number (kept for old clients)"}}

    def get_book_value(self, asset) -> str:
        return str(asset.book_value())


class AssetRegisterSerializer(AssetSerializer):
    """A new card: the ledger fields, and who holds it from the start (optional)."""

    custodian = RecordField(
        queryset=User.objects.all(), required=False, allow_null=True, help_text="user id"
    )


class AssetDetailSerializer(AssetSerializer):
    events = AssetEventSerializer(many=True, read_only=True)

    class Meta(AssetSerializer.Meta):
        fields = [*AssetSerializer.Meta.fields, "events"]


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


class RepairSerializer(serializers.ModelSerializer):
    downtime_days = serializers.IntegerField(read_only=True)

    class Meta:
        model = Repair
        fields = [
            "id",
            "asset",
            "fault",
            "vendor",
            "started_on",
            "finished_on",
            "cost",
            "result",
            "status",
            "downtime_days",
        ]


class InspectionPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = InspectionPlan
        fields = [
            "id",
            "name",
            "category",
            "every",
            "unit",
            "checklist",
            "assignee",
            "next_due",
            "is_active",
        ]


class InspectionTaskSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="asset.number", read_only=True)
    checklist = serializers.JSONField(source="plan.checklist", read_only=True)

    class Meta:
        model = InspectionTask
        fields = ["id", "plan", "asset", "number", "due_on", "result", "checklist", "answers"]


class StocktakePlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = StocktakePlan
        fields = ["id", "title", "frequency", "scope", "next_run", "is_active", "last_stocktake"]


# --- inputs and answers built by hand ---------------------------------------------------
# The inputs validate the request before any service runs (ids within BIGINT, real dates,
# texts no longer than their columns); the answers describe the dicts the views build.


def _id(help_text=""):
    return IdField(required=False, allow_null=True, default=None, help_text=help_text)


def _ids(help_text=""):
    return IdListField(required=False, default=list, help_text=help_text)


def _text(help_text="", max_length=None):
    return serializers.CharField(
        required=False, allow_blank=True, default="", max_length=max_length, help_text=help_text
    )


def _date(help_text=""):
    return DateField(required=False, allow_null=True, default=None, help_text=help_text)


# --- ledger --------------------------------------------------------------------------------


class AssetAssignInputSerializer(serializers.Serializer):
    custodian = IdField(help_text="id of an active user")
    location = _id("location id")
    note = _text()
    reassign = serializers.BooleanField(
        required=False,
        default=False,
        help_text="true: move an asset someone holds (else 409 already_assigned)",
    )


class AssetReturnInputSerializer(serializers.Serializer):
    location = _id("location id")
    note = _text()


class AssetTransferInputSerializer(serializers.Serializer):
    to_department = IdField(help_text="id of the receiving department")
    to_location = _id("location id")
    reason = _text()


class AssetTransferDecisionInputSerializer(serializers.Serializer):
    note = _text()


class AssetTransferResultSerializer(serializers.Serializer):
    transfer = serializers.IntegerField(help_text="transfer id")
    status = serializers.ChoiceField(choices=TransferStatus.choices)


class AssetDisposeInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DisposalKind.choices)
    reason = serializers.CharField(allow_blank=True)
    to_department = _id("receiving department id; required to reallocate")
    amount = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text="sale amount (CNY); only for a sale",
    )


class AssetDisposalResultSerializer(serializers.Serializer):
    disposal = serializers.IntegerField(help_text="disposal id")
    status = serializers.ChoiceField(choices=DisposalStatus.choices)
    approval = serializers.CharField(help_text="number of the approval request")


class AssetImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="an .xlsx file laid out as the import template")


class AssetBadRowSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="row number in the file")
    code = serializers.CharField(required=False, help_text="the code read (stocktake uploads)")
    errors = serializers.ListField(child=serializers.CharField())


@extend_schema_field(
    {
        "oneOf": [
            {"type": "array", "items": {"$ref": "#/components/schemas/AssetBadRow"}},
            {"type": "object", "additionalProperties": True},
        ]
    }
)
class UploadErrorsField(serializers.JSONField):
    """The wrong rows of the file (a list), or the wrong inputs of the request (by name)."""


class AssetUploadErrorSerializer(serializers.Serializer):
    """400: the upload is refused and nothing was changed. When rows of the file are wrong,
    `errors` lists them; when the request is (no file, not a readable sheet, a bad input),
    `field` or `errors` names the input."""

    code = serializers.CharField()
    detail = serializers.CharField()
    field = serializers.CharField(required=False)
    errors = UploadErrorsField(required=False)


class AssetImportReportSerializer(serializers.Serializer):
    rows = serializers.IntegerField()
    create = serializers.IntegerField(help_text="rows that register a new asset")
    update = serializers.IntegerField(help_text="rows that update an existing asset")
    errors = AssetBadRowSerializer(many=True)
    dry_run = serializers.BooleanField()
    created = serializers.IntegerField(required=False, help_text="absent on a dry run")
    updated = serializers.IntegerField(required=False, help_text="absent on a dry run")
    unchanged = serializers.IntegerField(required=False, help_text="absent on a dry run")


# --- stocktakes ----------------------------------------------------------------------------


class StocktakeCreateInputSerializer(serializers.Serializer):
    """The scope is any of asset_ids, departments, locations and categories (at least one)."""

    title = serializers.CharField(max_length=200)
    asset_ids = _ids("asset ids")
    departments = _ids("department ids")
    locations = _ids("location ids")
    categories = _ids("category ids")
    counters = _ids("user ids; the counting tasks go round them")


class StocktakeScanInputSerializer(serializers.Serializer):
    code = serializers.CharField(
        max_length=300, help_text="the asset number, or the content of its label's QR"
    )
    location = _id("location id where it was found")
    custodian = _id("user id of who holds it")


class StocktakeUploadInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="a scanner's list (Excel or text), first column = code")
    location = _id("location id where they were found")


class StocktakeScanResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="scan id")
    asset = serializers.IntegerField(help_text="asset id")
    number = serializers.CharField()
    name = serializers.CharField()
    duplicate = serializers.BooleanField(help_text="the asset was scanned before")


class StocktakeUploadResultSerializer(serializers.Serializer):
    scanned = serializers.IntegerField()
    duplicates = serializers.IntegerField()


class StocktakeRowSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="line id")
    asset = serializers.IntegerField(help_text="asset id")
    number = serializers.CharField()
    name = serializers.CharField()
    result = serializers.ChoiceField(choices=Result.choices)
    reason = serializers.CharField()
    expected_location = serializers.CharField()
    found_location = serializers.CharField()
    expected_custodian = serializers.CharField()
    found_custodian = serializers.CharField()


class StocktakeReconcileResultSerializer(serializers.Serializer):
    matched = serializers.IntegerField()
    surplus = serializers.IntegerField()
    deficit = serializers.IntegerField()
    wrong_location = serializers.IntegerField()
    wrong_custodian = serializers.IntegerField()
    rows = StocktakeRowSerializer(many=True)


class StocktakeReasonInputSerializer(serializers.Serializer):
    line = IdField(help_text="id of a difference line")
    reason = serializers.CharField(allow_blank=True, max_length=300)


class StocktakeReasonResultSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    result = serializers.ChoiceField(choices=Result.choices)
    reason = serializers.CharField()


class StocktakeAdjustResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=StocktakeStatus.choices)
    approval = serializers.CharField(
        allow_null=True, help_text="number of the approval request; null when none was needed"
    )


class StocktakePlanInputSerializer(serializers.Serializer):
    """The scope is any of departments, locations and categories (at least one)."""

    title = serializers.CharField(max_length=200)
    frequency = serializers.ChoiceField(choices=StocktakePlan.Frequency.choices)
    next_run = _date("default: today")
    departments = _ids("department ids")
    locations = _ids("location ids")
    categories = _ids("category ids")


# --- maintenance, inspections, snapshots ---------------------------------------------------


class RepairOpenInputSerializer(serializers.Serializer):
    fault = serializers.CharField()
    vendor = _text(max_length=200)
    started_on = _date("default: today")


class RepairCloseInputSerializer(serializers.Serializer):
    cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, default=0, help_text="CNY; default 0"
    )
    finished_on = _date("default: today")
    result = _text()


class IdleAssetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=AssetStatus.choices)
    status_changed_at = serializers.DateTimeField()
    price = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False)


class IdleAssetListSerializer(serializers.Serializer):
    results = IdleAssetSerializer(many=True)


class InspectionPlanInputSerializer(serializers.Serializer):
    """Either a category or asset_numbers chooses the assets."""

    name = serializers.CharField(max_length=200)
    checklist = serializers.ListField(child=serializers.CharField(), max_length=200)
    assignee = _id("user id of the inspector; default: you")
    next_due = _date("default: today")
    every = serializers.IntegerField(required=False, min_value=1, max_value=366, default=1)
    unit = serializers.ChoiceField(
        choices=IntervalUnit.choices, required=False, default=IntervalUnit.MONTHS
    )
    category = _id("category id")
    asset_numbers = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list, max_length=1000
    )


class InspectionRecordInputSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.BooleanField(), help_text="every checklist item: true (ok) or false"
    )
    note = _text()
    open_repair = serializers.BooleanField(
        required=False, default=False, help_text="a failed inspection sends the asset for repair"
    )


class LedgerSnapshotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    month = serializers.DateField(help_text="the first day of the month")
    assets = serializers.IntegerField()
    taken_at = serializers.DateTimeField()


class LedgerSnapshotDiffSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    month = serializers.CharField(help_text="YYYY-MM")
    assets = serializers.IntegerField()
    previous = serializers.CharField(allow_null=True, help_text="YYYY-MM of the snapshot before")
    added = serializers.IntegerField()
    removed = serializers.IntegerField()
    changed = serializers.IntegerField()
