"""What the documents API reads and answers (JSON field names are the API contract)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhongshu.api.fields import MAX_INT, DateField, DateTimeField, IdField, IdListField, RecordField
from zhongshu.files.models import Attachment
from zhongshu.org.api.serializers import PersonSerializer
from zhongshu.org.models import Department, User

from ..models import (
    ArchiveRecord,
    Borrowing,
    Circulation,
    DocKind,
    HandlingTask,
    IncomingDocument,
    OutgoingCopy,
    OutgoingDocument,
    OutgoingTemplate,
    Proposal,
    Retention,
    RoutingSlip,
    Status,
    Urgency,
)

# --- incoming items (收文) -------------------------------------------------------------------


class IncomingSerializer(serializers.ModelSerializer):
    level = serializers.CharField(source="level.code", read_only=True)

    class Meta:
        model = IncomingDocument
        fields = [
            "id",
            "reg_number",
            "ledger",
            "doc_number",
            "issuer",
            "subject",
            "kind",
            "received_at",
            "urgency",
            "level",
            "status",
            "duplicate_of",
        ]


class SlipLineSerializer(serializers.ModelSerializer):
    reader = PersonSerializer(read_only=True)
    mode = serializers.CharField(source="circulation.mode", read_only=True)

    class Meta:
        model = RoutingSlip
        fields = [
            "id",
            "circulation",
            "mode",
            "position",
            "reader",
            "state",
            "due_at",
            "signed_at",
            "comment",
        ]


class DocumentTaskSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department.name", read_only=True)
    assignee = PersonSerializer(read_only=True)

    class Meta:
        model = HandlingTask
        fields = [
            "id",
            "department",
            "role",
            "assignee",
            "due_at",
            "state",
            "result",
            "reported_at",
        ]


class ProposalSerializer(serializers.ModelSerializer):
    leader = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "action",
            "opinion",
            "basis",
            "priority",
            "due_date",
            "leader",
            "instruction",
            "instructed_at",
        ]


class IncomingDetailSerializer(IncomingSerializer):
    slips = serializers.SerializerMethodField()
    tasks = serializers.SerializerMethodField()
    proposals = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    archive_number = serializers.SerializerMethodField()

    class Meta(IncomingSerializer.Meta):
        fields = [
            *IncomingSerializer.Meta.fields,
            "doc_date",
            "pages",
            "copies",
            "keywords",
            "secrecy_years",
            "secrecy_until",
            "return_reason",
            "slips",
            "tasks",
            "proposals",
            "attachments",
            "archive_number",
        ]

    def get_slips(self, obj) -> list:
        rows = obj.slips.select_related("reader", "circulation").order_by("circulation", "position")
        return SlipLineSerializer(rows, many=True).data

    def get_tasks(self, obj) -> list:
        return DocumentTaskSerializer(
            obj.tasks.select_related("department", "assignee"), many=True
        ).data

    def get_proposals(self, obj) -> list:
        return ProposalSerializer(obj.proposals.select_related("leader"), many=True).data

    def get_attachments(self, obj) -> list:
        return [
            {
                "id": str(a.id),
                "name": a.original_name,
                "size": a.size,
                "sha256": a.sha256,
                "download_url": reverse("files:download", args=[a.id]),
            }
            for a in Attachment.objects.for_owner(obj).order_by("created_at")
        ]

    def get_archive_number(self, obj) -> str | None:
        archive = getattr(obj, "archive", None) if obj.status == Status.ARCHIVED else None
        return archive.archive_number if archive else None


@extend_schema_field({"type": "array", "items": {"type": "string", "format": "binary"}})
class UploadsField(serializers.ListField):
    """Files sent as multipart/form-data under one name, in order."""

    child = serializers.FileField()


class RegisterSerializer(serializers.Serializer):
    """A JSON body, or multipart/form-data with the scans or electronic files in `attachments`
    (the registration and its files are saved together or not at all)."""

    subject = serializers.CharField(max_length=300)
    issuer = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=DocKind.choices)
    level = serializers.CharField(max_length=30)
    doc_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    doc_date = DateField(required=False, allow_null=True, default=None)
    received_at = DateTimeField(required=False, allow_null=True, default=None)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    pages = serializers.IntegerField(min_value=1, max_value=MAX_INT, default=1)
    copies = serializers.IntegerField(min_value=1, max_value=MAX_INT, default=1)
    keywords = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    secrecy_years = serializers.IntegerField(required=False, allow_null=True, default=None)
    confirm_duplicate = serializers.BooleanField(default=False)
    attachments = UploadsField(required=False, default=list, write_only=True)


class IncomingEdit(serializers.Serializer):
    """A correction: only the fields sent change; other keys answer 400 `not_editable`."""

    subject = serializers.CharField(max_length=300, required=False)
    issuer = serializers.CharField(max_length=120, required=False)
    doc_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=DocKind.choices, required=False)
    doc_date = DateField(required=False, allow_null=True)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    pages = serializers.IntegerField(min_value=1, max_value=MAX_INT, required=False)
    copies = serializers.IntegerField(min_value=1, max_value=MAX_INT, required=False)
    keywords = serializers.CharField(max_length=200, required=False, allow_blank=True)
    secrecy_years = serializers.IntegerField(required=False, allow_null=True)
    confirm_duplicate = serializers.BooleanField(required=False)


class DepartmentsInput(serializers.Serializer):
    lead = RecordField(
        queryset=Department.objects.active(), required=False, allow_null=True, default=None
    )
    assisting = RecordField(
        queryset=Department.objects.active(), many=True, required=False, default=list
    )
    due_date = DateField(required=False, allow_null=True, default=None)


class ProposeSerializer(DepartmentsInput):
    action = serializers.ChoiceField(choices=Proposal.Action.choices)
    opinion = serializers.CharField(required=False, allow_blank=True, default="")
    basis = serializers.CharField(required=False, allow_blank=True, default="")
    priority = serializers.ChoiceField(
        choices=Proposal.Priority.choices, default=Proposal.Priority.NORMAL
    )
    leader = RecordField(
        queryset=User.objects.active(), required=False, allow_null=True, default=None
    )


class InstructSerializer(DepartmentsInput):
    text = serializers.CharField()


class CirculateSerializer(serializers.Serializer):
    readers = IdListField(allow_empty=False, help_text="user ids, in reading order")
    mode = serializers.ChoiceField(choices=Circulation.Mode.choices)
    due_at = DateTimeField(required=False, allow_null=True, default=None)


class ArchiveSerializer(serializers.Serializer):
    retention = serializers.ChoiceField(choices=Retention.choices)
    category = serializers.CharField(max_length=10)
    year = serializers.IntegerField()
    org_code = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    paper_location = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )


class ReturnInput(serializers.Serializer):
    reason = serializers.CharField()


class ScopeInput(serializers.Serializer):
    users = IdListField(allow_empty=False, help_text="user ids")


class TextSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class TaskReportInput(serializers.Serializer):
    result = serializers.CharField()


class MySlipSerializer(serializers.ModelSerializer):
    reg_number = serializers.CharField(source="document.reg_number", read_only=True)
    subject = serializers.CharField(source="document.subject", read_only=True)
    urgency = serializers.CharField(source="document.urgency", read_only=True)

    class Meta:
        model = RoutingSlip
        fields = [
            "id",
            "document",
            "reg_number",
            "subject",
            "urgency",
            "state",
            "due_at",
            "signed_at",
        ]


# --- borrowing (借阅) -------------------------------------------------------------------------


class BorrowingSerializer(serializers.ModelSerializer):
    reg_number = serializers.CharField(source="document.reg_number", read_only=True)
    borrower = PersonSerializer(read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = Borrowing
        fields = [
            "id",
            "document",
            "reg_number",
            "borrower",
            "purpose",
            "return_by",
            "status",
            "overdue",
            "approval",
            "requested_at",
            "approved_at",
            "returned_at",
        ]


class BorrowInput(serializers.Serializer):
    document = IdField(help_text="id of the incoming item")
    purpose = serializers.CharField(max_length=2000)
    return_by = DateField()


# --- outgoing documents (发文) ----------------------------------------------------------------


class OutgoingSerializer(serializers.ModelSerializer):
    drafted_by = PersonSerializer(read_only=True)
    signer = PersonSerializer(read_only=True, allow_null=True)
    recipients = serializers.SerializerMethodField()
    level = serializers.CharField(source="level.code", read_only=True)

    class Meta:
        model = OutgoingDocument
        fields = [
            "id",
            "number",
            "title",
            "kind",
            "body",
            "urgency",
            "main_to",
            "cc",
            "recipients",
            "copies",
            "level",
            "secrecy_years",
            "secrecy_until",
            "status",
            "drafted_by",
            "signer",
            "review_note",
            "created_at",
            "reviewed_at",
            "signed_at",
            "issued_at",
        ]

    def get_recipients(self, obj) -> list[int]:
        return sorted(obj.recipients.values_list("pk", flat=True))


class CopySerializer(serializers.ModelSerializer):
    copy_no = serializers.CharField(source="copy_mark")

    class Meta:
        model = OutgoingCopy
        fields = ["copy_no", "role", "recipient", "user", "read_at"]


class OutgoingDetailSerializer(OutgoingSerializer):
    """One document with its numbered copies (份号) and, once archived, its 档号."""

    copy_register = CopySerializer(many=True, read_only=True)
    archive_number = serializers.SerializerMethodField()

    class Meta(OutgoingSerializer.Meta):
        fields = [*OutgoingSerializer.Meta.fields, "copy_register", "archive_number"]

    def get_archive_number(self, obj) -> str | None:
        archive = ArchiveRecord.objects.filter(outgoing=obj).first()
        return archive.archive_number if archive else None


class OutgoingInput(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=DocKind.choices, required=False)
    body = serializers.CharField(required=False)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    main_to = serializers.CharField(max_length=300, required=False, allow_blank=True)
    cc = serializers.CharField(max_length=300, required=False, allow_blank=True)
    copies = serializers.IntegerField(min_value=1, max_value=MAX_INT, required=False)
    # 密级 by its code (as for incoming items; 内部 when left out) and 保密期限 in years.
    level = serializers.CharField(max_length=30, required=False)
    secrecy_years = serializers.IntegerField(required=False, allow_null=True, max_value=MAX_INT)
    recipients = IdListField(required=False, default=list, help_text="user ids")
    template = RecordField(
        queryset=OutgoingTemplate.objects.all(), required=False, allow_null=True, default=None
    )


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "return"])
    note = serializers.CharField(required=False, allow_blank=True, default="")
    signer = RecordField(
        queryset=User.objects.active(), required=False, allow_null=True, default=None
    )


# --- answers built by hand, described for the schema ------------------------------------------


class AttachmentResultSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="attachment id (UUID)")
    name = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()


class ArchiveResultSerializer(serializers.Serializer):
    archive_number = serializers.CharField(help_text="档号")
    document = serializers.IntegerField(help_text="id of the incoming item")


class OutgoingArchiveResultSerializer(serializers.Serializer):
    archive_number = serializers.CharField(help_text="档号")
    outgoing = serializers.IntegerField(help_text="id of the outgoing document")


class DocumentSearchHitSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()
    snippet = serializers.CharField()
    score = serializers.FloatField()


class DocumentSearchResultSerializer(serializers.Serializer):
    results = DocumentSearchHitSerializer(many=True)
    next_offset = serializers.IntegerField(allow_null=True)
