"""REST API of the documents app (mounted at /api/v1/documents/): thin views over the services.

Every object route starts from `IncomingDocument.objects.visible_to(user)`; others get 404.
"""

from collections.abc import Mapping

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from zhongshu.api.serializers import PersonSerializer
from zhongshu.audit.services import record_access
from zhongshu.core.errors import ServiceError, ensure
from zhongshu.files.models import Attachment
from zhongshu.org.models import Department, User

from . import services
from .forms import FilterForm
from .models import (
    Circulation,
    DocKind,
    HandlingTask,
    IncomingDocument,
    Proposal,
    Retention,
    RoutingSlip,
    Urgency,
)
from .pdf import slip_pdf
from .providers import pending_slips
from .services.incoming import check_editable, users_from_ids
from .views.archive import search_documents


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
    leader = PersonSerializer(read_only=True)

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
        archive = getattr(obj, "archive", None) if obj.status == "archived" else None
        return archive.archive_number if archive else None


class RegisterSerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=300)
    issuer = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=DocKind.choices)
    level = serializers.CharField(max_length=30)
    doc_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    doc_date = serializers.DateField(required=False, allow_null=True, default=None)
    received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    pages = serializers.IntegerField(min_value=1, default=1)
    copies = serializers.IntegerField(min_value=1, default=1)
    keywords = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    secrecy_years = serializers.IntegerField(required=False, allow_null=True, default=None)
    confirm_duplicate = serializers.BooleanField(default=False)


class DepartmentsInput(serializers.Serializer):
    lead = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.active(), required=False, allow_null=True, default=None
    )
    assisting = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.active(), many=True, required=False, default=list
    )
    due_date = serializers.DateField(required=False, allow_null=True, default=None)


class ProposeSerializer(DepartmentsInput):
    action = serializers.ChoiceField(choices=Proposal.Action.choices)
    opinion = serializers.CharField(required=False, allow_blank=True, default="")
    basis = serializers.CharField(required=False, allow_blank=True, default="")
    priority = serializers.ChoiceField(choices=Proposal.Priority.choices, default="normal")
    leader = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.active(), required=False, allow_null=True, default=None
    )


class InstructSerializer(DepartmentsInput):
    text = serializers.CharField()


class CirculateSerializer(serializers.Serializer):
    readers = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    mode = serializers.ChoiceField(choices=Circulation.Mode.choices)
    due_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class ArchiveSerializer(serializers.Serializer):
    retention = serializers.ChoiceField(choices=Retention.choices)
    category = serializers.CharField(max_length=10)
    year = serializers.IntegerField()
    org_code = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    paper_location = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )


class TextSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


def _document(request, pk) -> IncomingDocument:
    return get_object_or_404(
        IncomingDocument.objects.visible_to(request.user).select_related("level"), pk=pk
    )


def _detail(document, status_code=status.HTTP_200_OK):
    document = IncomingDocument.objects.select_related("level").get(pk=document.pk)
    return Response(IncomingDetailSerializer(document).data, status=status_code)


class IncomingListView(generics.ListAPIView):
    """The register I may see (filters: year, kind, level (code), status, ledger, issuer);
    POST registers an item."""

    serializer_class = IncomingSerializer

    def get_queryset(self):
        form = FilterForm(self.request.query_params or None)
        return (
            IncomingDocument.objects.visible_to(self.request.user)
            .filter(**form.filters())
            .select_related("level")
        )

    @extend_schema(request=RegisterSerializer, responses={201: IncomingDetailSerializer})
    def post(self, request):
        data = RegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = services.document_register(by=request.user, **data.validated_data)
        return _detail(document, status.HTTP_201_CREATED)


class IncomingDetailView(APIView):
    class IncomingEdit(serializers.Serializer):
        """A correction: only the fields sent change; other keys answer 400 `not_editable`."""

        subject = serializers.CharField(max_length=300, required=False)
        issuer = serializers.CharField(max_length=120, required=False)
        doc_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
        kind = serializers.ChoiceField(choices=DocKind.choices, required=False)
        doc_date = serializers.DateField(required=False, allow_null=True)
        urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
        pages = serializers.IntegerField(min_value=1, required=False)
        copies = serializers.IntegerField(min_value=1, required=False)
        keywords = serializers.CharField(max_length=200, required=False, allow_blank=True)
        secrecy_years = serializers.IntegerField(required=False, allow_null=True)
        confirm_duplicate = serializers.BooleanField(required=False)

    @extend_schema(responses=IncomingDetailSerializer)
    def get(self, request, pk):
        document = _document(request, pk)
        record_access(actor=request.user, obj=document, action="view")
        return _detail(document)

    @extend_schema(request=IncomingEdit, responses=IncomingDetailSerializer)
    def patch(self, request, pk):
        """Correct the registration details (registry staff who see the item)."""
        document = _document(request, pk)
        ensure(request.user, "documents.manage_document", document)
        if isinstance(request.data, Mapping):
            check_editable(set(request.data) - {"confirm_duplicate"})
        data = self.IncomingEdit(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        confirm = values.pop("confirm_duplicate", False)
        services.document_update(
            document=document, by=request.user, confirm_duplicate=confirm, **values
        )
        return _detail(document)


class AttachmentView(APIView):
    """POST multipart `file`: a scan or electronic file (size, type and content checked)."""

    parser_classes = [MultiPartParser, JSONParser]

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        responses={201: dict},
    )
    def post(self, request, pk):
        document = _document(request, pk)
        ensure(request.user, "documents.attach_document", document)
        upload = request.FILES.get("file")
        if upload is None:
            raise ServiceError(_("Choose a file."), code="required", field="file")
        attachment = services.document_attach(document=document, upload=upload, by=request.user)
        return Response(
            {
                "id": str(attachment.id),
                "name": attachment.original_name,
                "size": attachment.size,
                "sha256": attachment.sha256,
            },
            status=status.HTTP_201_CREATED,
        )


class _Action(APIView):
    """A POST on one visible item: validate `input_class`, then `act` (each subclass says what
    it does; every subclass defines it) and answer the item's detail unless `act` answers."""

    input_class = None

    def act(self, request, document, data):
        raise NotImplementedError

    def post(self, request, pk):
        document = _document(request, pk)
        data = self.input_class(data=request.data)
        data.is_valid(raise_exception=True)
        result = self.act(request, document, data.validated_data)
        return result if isinstance(result, Response) else _detail(document)


class ReturnInput(serializers.Serializer):
    reason = serializers.CharField()


class ReturnView(_Action):
    """初审 return with a reason."""

    input_class = ReturnInput

    @extend_schema(request=ReturnInput, responses=IncomingDetailSerializer)
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, request, document, data):
        services.document_return(document=document, reason=data["reason"], by=request.user)


class ProposeView(_Action):
    input_class = ProposeSerializer

    @extend_schema(request=ProposeSerializer, responses=IncomingDetailSerializer)
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, request, document, data):
        services.document_propose(document=document, by=request.user, **data)


class InstructView(_Action):
    input_class = InstructSerializer

    @extend_schema(request=InstructSerializer, responses=IncomingDetailSerializer)
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, request, document, data):
        services.document_instruct(document=document, by=request.user, **data)


class CirculateView(_Action):
    """`{"readers": [ids], "mode": "sequential"|"parallel", "due_at"?}`"""

    input_class = CirculateSerializer

    @extend_schema(request=CirculateSerializer, responses=IncomingDetailSerializer)
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, request, document, data):
        services.circulation_start(document=document, by=request.user, **data)
        return _detail(document, status.HTTP_201_CREATED)


class ScopeInput(serializers.Serializer):
    users = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)


class ScopeView(_Action):
    """Add users (ids) to the knowledge scope; registry staff only."""

    input_class = ScopeInput

    @extend_schema(request=ScopeInput, responses=IncomingDetailSerializer)
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, request, document, data):
        users = users_from_ids(data["users"], "users")
        services.scope_extend(document=document, users=users, by=request.user)


class ArchiveView(_Action):
    """`{"retention", "category", "year"}` → `{"archive_number": ...}`"""

    input_class = ArchiveSerializer

    @extend_schema(request=ArchiveSerializer, responses={201: dict})
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, request, document, data):
        archived = services.document_archive(document=document, by=request.user, **data)
        return Response(
            {"archive_number": archived.archive_number, "document": document.pk},
            status=status.HTTP_201_CREATED,
        )


class SlipPdfView(APIView):
    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request, pk):
        document = _document(request, pk)
        slips = document.slips.select_related("reader").order_by("circulation_id", "position")
        record_access(actor=request.user, obj=document, action="slip_pdf")
        response = HttpResponse(slip_pdf(document, slips), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="slip-{document.pk}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response


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


class SlipListView(generics.ListAPIView):
    """My routing-slip lines: `?state=pending` (default; waiting for me now) or `signed`."""

    serializer_class = MySlipSerializer

    def get_queryset(self):
        user = self.request.user
        if self.request.query_params.get("state", "pending") == "signed":
            queryset = RoutingSlip.objects.filter(
                reader=user,
                state=RoutingSlip.State.SIGNED,
                document__in=IncomingDocument.objects.visible_to(user),
            )
        else:
            queryset = pending_slips(user)
        return queryset.select_related("document")


class SlipSignView(APIView):
    @extend_schema(request=TextSerializer, responses=MySlipSerializer)
    def post(self, request, pk):
        visible = IncomingDocument.objects.visible_to(request.user)
        slip = get_object_or_404(RoutingSlip.objects.filter(document__in=visible), pk=pk)
        data = TextSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        slip = services.slip_sign(
            slip=slip, comment=data.validated_data["comment"], by=request.user
        )
        return Response(
            MySlipSerializer(RoutingSlip.objects.select_related("document").get(pk=slip.pk)).data
        )


class TaskReportView(APIView):
    class Input(serializers.Serializer):
        result = serializers.CharField()

    @extend_schema(request=Input, responses=DocumentTaskSerializer)
    def post(self, request, pk):
        visible = IncomingDocument.objects.visible_to(request.user)
        task = get_object_or_404(HandlingTask.objects.filter(document__in=visible), pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        task = services.task_report(
            task=task, result=data.validated_data["result"], by=request.user
        )
        return Response(DocumentTaskSerializer(task).data)


class SearchView(APIView):
    """`?q=` full text over what I may see, with the register filters; `limit`, `offset`."""

    @extend_schema(responses=dict)
    def get(self, request):
        q = request.query_params.get("q", "").strip()
        if not q:
            raise ServiceError(_("Enter something to search for."), code="invalid", field="q")
        try:
            limit = max(1, min(int(request.query_params.get("limit", 20)), 100))
            offset = max(0, min(int(request.query_params.get("offset", 0)), 1000))
        except ValueError:
            raise ServiceError(_("Invalid limit or offset."), code="invalid") from None
        form = FilterForm(request.query_params)
        hits = search_documents(request.user, q, form.filters(), limit=limit + 1, offset=offset)
        return Response(
            {
                "results": [
                    {"title": h.title, "url": h.url, "snippet": h.snippet, "score": h.score}
                    for h in hits[:limit]
                ],
                "next_offset": offset + limit if len(hits) > limit else None,
            }
        )
