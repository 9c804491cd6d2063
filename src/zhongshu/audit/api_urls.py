"""Mounted by the API app under /api/v1/audit/."""

from django.urls import path

from . import api

urlpatterns = [
    path("events/", api.AuditEventList.as_view(), name="audit-event-list"),
    path("verify/", api.AuditVerify.as_view(), name="audit-verify"),
]
