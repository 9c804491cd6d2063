"""Routes of the audit API, mounted at /api/v1/audit/ by zhongshu.urls."""

from django.urls import path

from . import views

urlpatterns = [
    path("events/", views.AuditEventList.as_view(), name="audit-event-list"),
    path("verify/", views.AuditVerify.as_view(), name="audit-verify"),
]
