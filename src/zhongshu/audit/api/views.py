"""Audit log API: the filtered event list and the chain verification (supervisor, auditor)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from ..forms import AuditFilterForm
from ..models import AuditEvent
from ..services import verify_chain
from .serializers import AuditEventSerializer, VerifyResultSerializer


class CanViewAudit(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm("audit.view_audit")


class AuditPagination(CursorPagination):
    """The API's keyset pages (the limits of zhongshu.api.pagination), along the chain's `seq`.

    Declared here because audit sits below the API app and may not import it.
    """

    ordering = "-seq"
    page_size_query_param = "page_size"
    max_page_size = 200


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


class AuditVerify(APIView):
    permission_classes = [permissions.IsAuthenticated, CanViewAudit]

    @extend_schema(responses=VerifyResultSerializer)
    def get(self, request):
        return Response(VerifyResultSerializer(verify_chain()).data)
