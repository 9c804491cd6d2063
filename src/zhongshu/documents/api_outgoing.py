"""REST API of outgoing documents (发文), under /api/v1/documents/outgoing/."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from zhongshu.api.serializers import PersonSerializer
from zhongshu.org.models import User

from . import services
from .api import ArchiveSerializer
from .models import (
    ArchiveRecord,
    DocKind,
    OutgoingCopy,
    OutgoingDocument,
    OutgoingStatus,
    OutgoingTemplate,
    Urgency,
)
from .services.incoming import users_from_ids


class OutgoingSerializer(serializers.ModelSerializer):
    drafted_by = PersonSerializer(read_only=True)
    signer = PersonSerializer(read_only=True)
    recipients = serializers.SerializerMethodField()

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
    copies = serializers.IntegerField(min_value=1, required=False)
    recipients = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )
    template = serializers.PrimaryKeyRelatedField(
        queryset=OutgoingTemplate.objects.all(), required=False, allow_null=True, default=None
    )


def _outgoing(request, pk):
    return get_object_or_404(OutgoingDocument.objects.visible_to(request.user), pk=pk)


class OutgoingListView(generics.ListAPIView):
    """Outgoing documents I may see (`?status=`); POST drafts one and sends it to review."""

    serializer_class = OutgoingSerializer

    def get_queryset(self):
        queryset = OutgoingDocument.objects.visible_to(self.request.user).select_related(
            "drafted_by", "signer"
        )
        wanted = self.request.query_params.get("status")
        return queryset.filter(status=wanted) if wanted in OutgoingStatus.values else queryset

    @extend_schema(request=OutgoingInput, responses={201: OutgoingSerializer})
    def post(self, request):
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


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "return"])
    note = serializers.CharField(required=False, allow_blank=True, default="")
    signer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.active(), required=False, allow_null=True, default=None
    )


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

    @extend_schema(request=ArchiveSerializer, responses={201: dict})
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
