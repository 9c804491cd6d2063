"""Mounted by the API app at /api/v1/notifications/."""

from django.urls import path

from . import api

urlpatterns = [
    path("", api.NotificationListView.as_view(), name="notification-list"),
    path("<int:pk>/read/", api.NotificationReadView.as_view(), name="notification-read"),
    path("read-all/", api.NotificationReadAllView.as_view(), name="notification-read-all"),
]
