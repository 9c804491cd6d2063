"""Platform API: tokens, me, inbox, organisation.

Thin: reads go through named QuerySets, writes through the org services.
"""

from django.contrib.auth import authenticate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.response import Response
from rest_framework.views import APIView

from zhongshu.core.errors import ensure
from zhongshu.org import services as org_services
from zhongshu.org.models import ClearanceLevel, Department, User
from zhongshu.workflow.api import InboxItemSerializer
from zhongshu.workflow.inbox import inbox_for

from .authentication import BearerTokenAuthentication
from .models import ApiToken
from .serializers import (
    ClearanceLevelSerializer,
    DepartmentSerializer,
    MeSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    UserSerializer,
)


class TokenView(APIView):
    """Exchange a username and password for a bearer token (shown once, stored hashed)."""

    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [permissions.AllowAny]

    @extend_schema(request=TokenRequestSerializer, responses={201: TokenSerializer})
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise AuthenticationFailed(_("Incorrect username or password."))
        token, raw = ApiToken.issue(user, name="api")
        return Response(
            {"token": raw, "expires_at": token.expires_at}, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        """Revoke the token this request is authenticated with."""
        if not isinstance(request.auth, ApiToken):
            raise AuthenticationFailed(_("Send the token to revoke in the Authorization header."))
        ApiToken.objects.filter(pk=request.auth.pk).update(revoked_at=timezone.now())
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(generics.RetrieveAPIView):
    serializer_class = MeSerializer

    def get_object(self):
        return self.request.user


class InboxView(APIView):
    @extend_schema(responses=InboxItemSerializer(many=True))
    def get(self, request):
        items = inbox_for(request.user, limit=200)
        return Response(InboxItemSerializer(items, many=True, context={"request": request}).data)


class ClearanceLevelList(generics.ListAPIView):
    serializer_class = ClearanceLevelSerializer
    queryset = ClearanceLevel.objects.order_by("rank")
    pagination_class = None


class SupervisorWrites(permissions.BasePermission):
    """Anyone signed in may read the organisation; only supervisors may change it."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        ensure(request.user, "org.manage_users")
        return True


class DepartmentList(generics.ListCreateAPIView):
    serializer_class = DepartmentSerializer
    permission_classes = [permissions.IsAuthenticated, SupervisorWrites]
    pagination_class = None

    def get_queryset(self):
        return Department.objects.visible_to(self.request.user).select_related("parent")

    def perform_create(self, serializer):
        serializer.instance = org_services.department_create(
            by=self.request.user, **serializer.validated_data
        )


class UserList(generics.ListCreateAPIView):
    serializer_class = UserSerializer
    permission_classes = [permissions.IsAuthenticated, SupervisorWrites]

    def get_queryset(self):
        users = (
            User.objects.visible_to(self.request.user)
            .select_related("department", "clearance")
            .prefetch_related("groups")
        )
        department = self.request.query_params.get("department")
        if department and department.isdigit():
            users = users.filter(department_id=department)
        return users

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        roles = data.pop("role_codes", [])
        user, _password = org_services.user_create(by=self.request.user, roles=roles, **data)
        serializer.instance = user


class UserDetail(generics.RetrieveAPIView):
    serializer_class = UserSerializer

    def get_queryset(self):
        return User.objects.visible_to(self.request.user).select_related("department", "clearance")
