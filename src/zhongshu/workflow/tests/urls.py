"""The project's routes plus the workflow API at /api/v1/workflow/ (as the lead mounts it)."""

from django.urls import include, path

from zhongshu.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("api/v1/workflow/", include("zhongshu.workflow.api_urls")),
    *project_urlpatterns,
]
