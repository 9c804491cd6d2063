"""The project's routes plus this app's API, mounted where the API app mounts it."""

from django.urls import include, path

urlpatterns = [
    path("api/v1/audit/", include("zhongshu.audit.api_urls")),
    path("", include("zhongshu.urls")),
]
