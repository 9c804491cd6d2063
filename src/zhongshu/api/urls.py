"""Every REST route lives under /api/v1/; apps contribute their own `api_urls`."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("me/", views.MeView.as_view(), name="api-me"),
    path("inbox/", views.InboxView.as_view(), name="api-inbox"),
    path("org/clearance-levels/", views.ClearanceLevelList.as_view(), name="api-clearance-levels"),
    path("org/departments/", views.DepartmentList.as_view(), name="api-departments"),
    path("org/users/", views.UserList.as_view(), name="api-users"),
    path("org/users/<int:pk>/", views.UserDetail.as_view(), name="api-user-detail"),
    path("notifications/", include("zhongshu.notices.api_urls")),
    path("workflow/", include("zhongshu.workflow.api_urls")),
    path("audit/", include("zhongshu.audit.api_urls")),
    path("search/", include("zhongshu.search.api_urls")),
]
