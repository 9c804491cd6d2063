"""Routes of the workflow API, mounted at /api/v1/: the inbox at the API root (`inbox/`), the
approvals under `workflow/`."""

from django.urls import include, path

from . import views

approvals = [
    path("requests/", views.RequestListView.as_view(), name="workflow-request-list"),
    path("requests/<int:pk>/", views.RequestDetailView.as_view(), name="workflow-request-detail"),
    path(
        "requests/<int:pk>/resubmit/",
        views.RequestResubmitView.as_view(),
        name="workflow-request-resubmit",
    ),
    path(
        "requests/<int:pk>/withdraw/",
        views.RequestWithdrawView.as_view(),
        name="workflow-request-withdraw",
    ),
    path("tasks/<int:pk>/decide/", views.TaskDecideView.as_view(), name="workflow-task-decide"),
    path("delegations/", views.DelegationListView.as_view(), name="workflow-delegation-list"),
    path(
        "delegations/<int:pk>/",
        views.DelegationDetailView.as_view(),
        name="workflow-delegation-detail",
    ),
]

urlpatterns = [
    path("inbox/", views.InboxView.as_view(), name="api-inbox"),
    path("workflow/", include(approvals)),
]
