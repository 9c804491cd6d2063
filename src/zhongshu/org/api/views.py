"""REST API of the org app: me, clearance levels, departments and users.

Thin: reads go through named QuerySets, writes through the org services.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from zhongshu.core.errors import ensure
from zhongshu.core.web import cursor_param

from .. import services
from ..models import ClearanceLevel, Department, User
from .serializers import (
    ClearanceLevelSerializer,
    DepartmentSerializer,
    MeSerializer,
    UserSerializer,
    UserUpdateSerializer,
)


class MeView(generics.RetrieveAPIView):
    serializer_class = MeSerializer

    def get_object(self):
        return self.request.user


class ClearanceLevelList(generics.ListAPIView):
    serializer_class = ClearanceLevelSerializer
    queryset = ClearanceLevel.objects.order_by("rank")
    pagination_class = None


class SupervisorWrites(permissions.BasePermission):
    """Anyone signed in may read the organisation; only supervisors may change it."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        ensure(request.user, services.MANAGE)
        return True


class DepartmentList(generics.ListCreateAPIView):
    serializer_class = DepartmentSerializer
    permission_classes = [permissions.IsAuthenticated, SupervisorWrites]
    pagination_class = None

    def get_queryset(self):
        return Department.objects.visible_to(self.request.user).select_related("parent")

    def perform_create(self, serializer):
        serializer.instance = services.department_create(
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
        department = cursor_param(self.request, "department")
        if department is not None:
            users = users.filter(department_id=department)
        return users

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        roles = data.pop("role_codes", [])
        user, _password = services.user_create(by=self.request.user, roles=roles, **data)
        serializer.instance = user


class UserDetail(generics.RetrieveAPIView):
    """GET a user; PATCH (supervisors) changes contact details, department, roles, clearance."""

    serializer_class = UserSerializer
    permission_classes = [permissions.IsAuthenticated, SupervisorWrites]

    def get_queryset(self):
        return User.objects.visible_to(self.request.user).select_related("department", "clearance")

    @extend_schema(request=UserUpdateSerializer, responses=UserSerializer)
    def patch(self, request, pk):
        user = self.get_object()
        data = UserUpdateSerializer(user, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = services.user_update(user=user, by=request.user, **data.validated_data)
        user = self.get_queryset().prefetch_related("groups").get(pk=user.pk)
        return Response(UserSerializer(user).data)


class UserEndSessions(APIView):
    """POST (supervisors): sign the user out everywhere, web sessions and API tokens alike."""

    permission_classes = [permissions.IsAuthenticated, SupervisorWrites]

    @extend_schema(request=None, responses={204: None})
    def post(self, request, pk):
        user = generics.get_object_or_404(User.objects.visible_to(request.user), pk=pk)
        services.user_sessions_end(user=user, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
