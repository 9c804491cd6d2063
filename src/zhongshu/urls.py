from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

# Error pages inside the site shell; JSON under /api/.
handler400 = "zhongshu.core.error_pages.bad_request"
handler403 = "zhongshu.core.error_pages.permission_denied"
handler404 = "zhongshu.core.error_pages.page_not_found"
handler500 = "zhongshu.core.error_pages.server_error"

urlpatterns = [
    path("", include("zhongshu.home.urls")),
    path("", include("zhongshu.core.urls")),
    path("accounts/", include("zhongshu.org.auth_urls")),
    path("org/", include("zhongshu.org.urls")),
    path("workflow/", include("zhongshu.workflow.urls")),
    path("notices/", include("zhongshu.notices.urls")),
    path("audit/", include("zhongshu.audit.urls")),
    path("files/", include("zhongshu.files.urls")),
    path("search/", include("zhongshu.search.urls")),
    path("documents/", include("zhongshu.documents.urls")),
    path("meetings/", include("zhongshu.meetings.urls")),
    path("assets/", include("zhongshu.assets.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file (`?script`) and our template
    # its style as a file, so the page runs under the CSP without anything inline.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    # The API app's own routes (tokens); every app serves its own API below.
    path("api/v1/", include("zhongshu.api.urls")),
    # org and workflow also answer at the API root (`me/`, `inbox/`), so they are mounted at
    # /api/v1/ and their URLconfs add their own prefix (`org/`, `workflow/`).
    path("api/v1/", include("zhongshu.org.api.urls")),
    path("api/v1/", include("zhongshu.workflow.api.urls")),
    path("api/v1/notifications/", include("zhongshu.notices.api.urls")),
    path("api/v1/audit/", include("zhongshu.audit.api.urls")),
    path("api/v1/search/", include("zhongshu.search.api.urls")),
    # Each domain app serves its own API under /api/v1/<app>/.
    path("api/v1/documents/", include("zhongshu.documents.api.urls")),
    path("api/v1/meetings/", include("zhongshu.meetings.api.urls")),
    path("api/v1/assets/", include("zhongshu.assets.api.urls")),
]
