"""Notifications API: my notifications, mark one or all read."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import services
from ..models import Notification
from .serializers import NotificationSerializer


@extend_schema(
    parameters=[
        OpenApiParameter("unread", bool, description="1: only unread notifications"),
    ]
)
class NotificationListView(generics.ListAPIView):
    """My notifications, newest first (keyset pages)."""

    serializer_class = NotificationSerializer

    def get_queryset(self):
        notifications = Notification.objects.for_user(self.request.user)
        if self.request.query_params.get("unread") in ("1", "true"):
            notifications = notifications.unread()
        return notifications


class NotificationReadView(APIView):
    """Mark one of my notifications read; someone else's id answers 404."""

    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request, pk):
        try:
            notification = services.notification_mark_read(notification_id=pk, by=request.user)
        except Notification.DoesNotExist:
            raise Http404 from None
        return Response(NotificationSerializer(notification).data)


class NotificationReadAllView(APIView):
    """Mark all my notifications read."""

    @extend_schema(
        request=None,
        responses=inline_serializer("ReadAllResult", {"updated": serializers.IntegerField()}),
    )
    def post(self, request):
        return Response({"updated": services.notification_mark_all_read(by=request.user)})
