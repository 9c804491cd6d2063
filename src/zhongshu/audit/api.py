"""Audit log API: the filtered event list and the chain verification (supervisor, auditor)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from zhongshu.api.pagination import KeysetPagination

from .forms import AuditFilterForm
from .models import AuditEvent
from .services import verify_chain


class CanViewAudit(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm("audit.view_audit")


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "seq",
            "at",
            "actor",
            "actor_name",
            "action",
            "category",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "note",
            "prev_hash",
            "hash",
        ]
        read_only_fields = fields


class AuditPagination(KeysetPagination):
    ordering = "-seq"


_FILTERS = [
    OpenApiParameter("actor", str, description="user name or id"),
    OpenApiParameter("action", str, description='exact action, or a prefix ending with "."'),
    OpenApiParameter("object_type", str, description='"app_label.model"'),
    OpenApiParameter("object_id", str),
    OpenApiParameter("category", str, enum=AuditEvent.Category.values),
    OpenApiParameter("date_from", str, description="YYYY-MM-DD, inclusive"),
    OpenApiParameter("date_to", str, description="YYYY-MM-DD, inclusive"),
]


@extend_schema(parameters=_FILTERS)
class AuditEventList(generics.ListAPIView):
    serializer_class = AuditEventSerializer
    permission_classes = [permissions.IsAuthenticated, CanViewAudit]
    pagination_class = AuditPagination

    def get_queryset(self):
        events = AuditEvent.objects.visible_to(self.request.user)
        form = AuditFilterForm(self.request.query_params)
        if not form.is_valid():
            errors = form.errors.get_json_data()
            raise ValidationError(
                {field: [error["message"] for error in items] for field, items in errors.items()}
            )
        return form.filter(events)


class VerifyResultSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    checked = serializers.IntegerField()
    first_broken_seq = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField(allow_blank=True)


class AuditVerify(APIView):
    permission_classes = [permissions.IsAuthenticated, CanViewAudit]

    @extend_schema(responses=VerifyResultSerializer)
    def get(self, request):
        return Response(VerifyResultSerializer(verify_chain()).data)
