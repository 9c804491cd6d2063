"""The project's routes plus this app's API, mounted where the API app mounts it."""

from django.urls import include, path

from zhongshu.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("api/v1/search/", include("zhongshu.search.api_urls")),
    *project_urlpatterns,
]
