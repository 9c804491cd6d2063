"""REST API of the documents app (mounted at /api/v1/documents/): thin views over the services.

Every object route starts from the models' `visible_to` reads; what a user may not see answers
404. The lists filter through the FilterSets of `..filters`, like the web lists.
"""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from zhongshu.api.parsers import API_PARSERS
from zhongshu.api.renderers import PDF, PDF_RENDERERS
from zhongshu.audit.services import record_access
from zhongshu.core.errors import ServiceError, ensure

from .. import services
from ..filters import BorrowingFilter, OutgoingFilter, RegisterFilter, search_documents
from ..models import Borrowing, HandlingTask, IncomingDocument, OutgoingDocument, RoutingSlip
from ..pdf import slip_pdf
from ..services.common import users_from_ids
from ..services.incoming import check_editable
from .serializers import (
    ArchiveResultSerializer,
    ArchiveSerializer,
    AttachmentResultSerializer,
    BorrowingSerializer,
    BorrowInput,
    CirculateSerializer,
    DecisionSerializer,
    DocumentSearchResultSerializer,
    DocumentTaskSerializer,
    IncomingDetailSerializer,
    IncomingEdit,
    IncomingSerializer,
    InstructSerializer,
    MySlipSerializer,
    OutgoingArchiveResultSerializer,
    OutgoingDetailSerializer,
    OutgoingInput,
    OutgoingSerializer,
    ProposeSerializer,
    RegisterSerializer,
    ReturnInput,
    ScopeInput,
    TaskReportInput,
    TextSerializer,
)

# --- incoming items (收文) -------------------------------------------------------------------


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
    filter_backends = [DjangoFilterBackend]
    filterset_class = RegisterFilter
    parser_classes = API_PARSERS

    def get_queryset(self):
        return IncomingDocument.objects.visible_to(self.request.user).select_related("level")

    @extend_schema(
        request={
            "application/json": RegisterSerializer,
            "application/x-www-form-urlencoded": RegisterSerializer,
            "multipart/form-data": RegisterSerializer,
        },
        responses={201: IncomingDetailSerializer},
    )
    def post(self, request):
        ensure(request.user, "documents.register")
        data = RegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = services.document_register(by=request.user, **data.validated_data)
        return _detail(document, status.HTTP_201_CREATED)


class IncomingDetailView(APIView):
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
        data = IncomingEdit(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        confirm = values.pop("confirm_duplicate", False)
        services.document_update(
            document=document, by=request.user, confirm_duplicate=confirm, **values
        )
        return _detail(document)


class AttachmentView(APIView):
    """POST multipart `file`: a scan or electronic file (size, type and content checked)."""

    parser_classes = API_PARSERS

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        responses={201: AttachmentResultSerializer},
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
    """A POST on one visible item: check `permission` on it, validate `input_class`, then `act`
    (each subclass says what it does; every subclass defines it) and answer the item's detail
    unless `act` answers. Permission comes before the input, so that whoever may not act is
    told so whatever they sent."""

    input_class = None
    permission = "documents.manage_document"

    def act(self, request, document, data):
        raise NotImplementedError

    def post(self, request, pk):
        document = _document(request, pk)
        ensure(request.user, self.permission, document)
        data = self.input_class(data=request.data)
        data.is_valid(raise_exception=True)
        result = self.act(request, document, data.validated_data)
        return result if isinstance(result, Response) else _detail(document)


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
    permission = "documents.instruct"

    @extend_schema(request=InstructSerializer, responses=IncomingDetailSerializer)
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, request, document, data):
        services.document_instruct(document=document, by=request.user, **data)


class CirculateView(_Action):
    """`{"readers": [ids], "mode": "sequential"|"parallel", "due_at"?}`"""

    input_class = CirculateSerializer

    @extend_schema(request=CirculateSerializer, responses={201: IncomingDetailSerializer})
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, request, document, data):
        services.circulation_start(document=document, by=request.user, **data)
        return _detail(document, status.HTTP_201_CREATED)


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

    @extend_schema(request=ArchiveSerializer, responses={201: ArchiveResultSerializer})
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, request, document, data):
        archived = services.document_archive(document=document, by=request.user, **data)
        return Response(
            {"archive_number": archived.archive_number, "document": document.pk},
            status=status.HTTP_201_CREATED,
        )


class SlipPdfView(APIView):
    renderer_classes = PDF_RENDERERS

    @extend_schema(responses={(200, PDF): bytes})
    def get(self, request, pk):
        document = _document(request, pk)
        slips = document.slips.select_related("reader").order_by("circulation_id", "position")
        record_access(actor=request.user, obj=document, action="slip_pdf")
        response = HttpResponse(slip_pdf(document, slips), content_type=PDF)
        response["Content-Disposition"] = f'inline; filename="slip-{document.pk}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response


class SlipListView(generics.ListAPIView):
    """My routing-slip lines: `?state=pending` (default; waiting for me now) or `signed`."""

    serializer_class = MySlipSerializer

    def get_queryset(self):
        user = self.request.user
        if self.request.query_params.get("state") == RoutingSlip.State.SIGNED:
            queryset = RoutingSlip.objects.filter(
                reader=user,
                state=RoutingSlip.State.SIGNED,
                document__in=IncomingDocument.objects.visible_to(user),
            )
        else:
            queryset = RoutingSlip.objects.pending_for(user)
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
    @extend_schema(request=TaskReportInput, responses=DocumentTaskSerializer)
    def post(self, request, pk):
        visible = IncomingDocument.objects.visible_to(request.user)
        task = get_object_or_404(HandlingTask.objects.filter(document__in=visible), pk=pk)
        data = TaskReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        task = services.task_report(
            task=task, result=data.validated_data["result"], by=request.user
        )
        return Response(DocumentTaskSerializer(task).data)


class SearchView(APIView):
    """`?q=` full text over what I may see, with the register filters; `limit`, `offset`."""

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, required=True, description="the words to look for"),
            OpenApiParameter("limit", int, description="1–100, default 20"),
            OpenApiParameter("offset", int, description="0–1000, default 0"),
        ],
        responses=DocumentSearchResultSerializer,
    )
    def get(self, request):
        q = request.query_params.get("q", "").strip()
        if not q:
            raise ServiceError(_("Enter something to search for."), code="invalid", field="q")
        try:
            limit = max(1, min(int(request.query_params.get("limit", 20)), 100))
            offset = max(0, min(int(request.query_params.get("offset", 0)), 1000))
        except ValueError:
            raise ServiceError(_("Invalid limit or offset."), code="invalid") from None
        filters = RegisterFilter(request.query_params).lookups()
        hits = search_documents(request.user, q, filters, limit=limit + 1, offset=offset)
        return Response(
            {
                "results": [
                    {"title": h.title, "url": h.url, "snippet": h.snippet, "score": h.score}
                    for h in hits[:limit]
                ],
                "next_offset": offset + limit if len(hits) > limit else None,
            }
        )


# --- borrowing (借阅) -------------------------------------------------------------------------


class BorrowingListView(generics.ListAPIView):
    """Borrowings I may see (`?mine=1` my own, `?overdue=1`); POST asks to borrow an item."""

    serializer_class = BorrowingSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = BorrowingFilter

    def get_queryset(self):
        return Borrowing.objects.visible_to(self.request.user).select_related(
            "document", "borrower"
        )

    @extend_schema(request=BorrowInput, responses={201: BorrowingSerializer})
    def post(self, request):
        data = BorrowInput(data=request.data)
        data.is_valid(raise_exception=True)
        document = get_object_or_404(
            IncomingDocument.objects.visible_to(request.user), pk=data.validated_data["document"]
        )
        borrowing = services.borrowing_request(
            document=document,
            purpose=data.validated_data["purpose"],
            return_by=data.validated_data["return_by"],
            by=request.user,
        )
        return Response(BorrowingSerializer(borrowing).data, status=status.HTTP_201_CREATED)


class BorrowingReturnView(APIView):
    """The registry confirms that a lent item came back."""

    @extend_schema(request=None, responses=BorrowingSerializer)
    def post(self, request, pk):
        borrowing = get_object_or_404(Borrowing.objects.visible_to(request.user), pk=pk)
        borrowing = services.borrowing_return(borrowing=borrowing, by=request.user)
        return Response(BorrowingSerializer(borrowing).data)


# --- outgoing documents (发文) ----------------------------------------------------------------


def _outgoing(request, pk):
    return get_object_or_404(OutgoingDocument.objects.visible_to(request.user), pk=pk)


class OutgoingListView(generics.ListAPIView):
    """Outgoing documents I may see (`?status=`); POST drafts one and sends it to review."""

    serializer_class = OutgoingSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = OutgoingFilter

    def get_queryset(self):
        return OutgoingDocument.objects.visible_to(self.request.user).select_related(
            "drafted_by", "signer", "level"
        )

    @extend_schema(request=OutgoingInput, responses={201: OutgoingSerializer})
    def post(self, request):
        ensure(request.user, "documents.draft_outgoing")
        data = OutgoingInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        recipients = users_from_ids(values.pop("recipients"), "recipients")
        outgoing = services.outgoing_create(by=request.user, recipients=recipients, **values)
        return Response(OutgoingSerializer(outgoing).data, status=status.HTTP_201_CREATED)


class OutgoingDetailView(APIView):
    @extend_schema(responses=OutgoingDetailSerializer)
    def get(self, request, pk):
        return Response(OutgoingDetailSerializer(_outgoing(request, pk)).data)


class OutgoingReviewView(APIView):
    """核稿: `{"decision": "approve"|"return", "signer": leader id, "note"}`."""

    @extend_schema(request=DecisionSerializer, responses=OutgoingDetailSerializer)
    def post(self, request, pk):
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        outgoing = services.outgoing_review(
            outgoing=_outgoing(request, pk), by=request.user, **data.validated_data
        )
        return Response(OutgoingDetailSerializer(outgoing).data)


class OutgoingSignOffView(APIView):
    """签发 by the chosen leader: `{"decision": "approve"|"return", "note"}`."""

    @extend_schema(request=DecisionSerializer, responses=OutgoingDetailSerializer)
    def post(self, request, pk):
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("signer")
        outgoing = services.outgoing_sign_off(
            outgoing=_outgoing(request, pk), by=request.user, **values
        )
        return Response(OutgoingDetailSerializer(outgoing).data)


class OutgoingIssueView(APIView):
    """Number (发文字号) and distribute a signed-off document."""

    @extend_schema(request=None, responses=OutgoingDetailSerializer)
    def post(self, request, pk):
        outgoing = services.outgoing_issue(outgoing=_outgoing(request, pk), by=request.user)
        return Response(OutgoingDetailSerializer(outgoing).data)


class OutgoingSubmitView(APIView):
    """The drafter sends a returned draft to review again (fields as on creation)."""

    @extend_schema(request=OutgoingInput, responses=OutgoingDetailSerializer)
    def post(self, request, pk):
        outgoing = _outgoing(request, pk)
        if outgoing.drafted_by_id != request.user.pk:
            raise PermissionDenied(_("Only the drafter can revise this draft."))
        data = OutgoingInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("template", None)
        recipients = values.pop("recipients", None)
        if recipients is not None:
            recipients = users_from_ids(recipients, "recipients")
        outgoing = services.outgoing_resubmit(
            outgoing=outgoing, by=request.user, recipients=recipients, **values
        )
        return Response(OutgoingDetailSerializer(outgoing).data)


class OutgoingArchiveView(APIView):
    """整理归档 of an issued document: `{"retention", "category", "year"}` → 档号."""

    @extend_schema(request=ArchiveSerializer, responses={201: OutgoingArchiveResultSerializer})
    def post(self, request, pk):
        data = ArchiveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        archived = services.outgoing_archive(
            outgoing=_outgoing(request, pk), by=request.user, **data.validated_data
        )
        return Response(
            {"archive_number": archived.archive_number, "outgoing": archived.outgoing_id},
            status=status.HTTP_201_CREATED,
        )


class OutgoingAcknowledgeView(APIView):
    """An internal recipient marks an issued document as read (阅知)."""

    @extend_schema(request=None, responses=OutgoingDetailSerializer)
    def post(self, request, pk):
        outgoing = _outgoing(request, pk)
        services.outgoing_acknowledge(outgoing=outgoing, by=request.user)
        return Response(OutgoingDetailSerializer(outgoing).data)
