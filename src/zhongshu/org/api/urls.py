"""Routes of the org API, mounted at /api/v1/: `me/` at the API root, the rest under `org/`."""

from django.urls import include, path

from . import views

organisation = [
    path("clearance-levels/", views.ClearanceLevelList.as_view(), name="api-clearance-levels"),
    path("departments/", views.DepartmentList.as_view(), name="api-departments"),
    path("users/", views.UserList.as_view(), name="api-users"),
    path("users/<int:pk>/", views.UserDetail.as_view(), name="api-user-detail"),
    path(
        "users/<int:pk>/end-sessions/",
        views.UserEndSessions.as_view(),
        name="api-user-end-sessions",
    ),
]

urlpatterns = [
    path("me/", views.MeView.as_view(), name="api-me"),
    path("org/", include(organisation)),
]
