"""Routes of /api/v1/workflow/ (wired by zhongshu.api.urls)."""

from django.urls import path

from . import api

urlpatterns = [
    path("requests/", api.RequestListView.as_view(), name="workflow-request-list"),
    path("requests/<int:pk>/", api.RequestDetailView.as_view(), name="workflow-request-detail"),
    path(
        "requests/<int:pk>/resubmit/",
        api.RequestResubmitView.as_view(),
        name="workflow-request-resubmit",
    ),
    path(
        "requests/<int:pk>/withdraw/",
        api.RequestWithdrawView.as_view(),
        name="workflow-request-withdraw",
    ),
    path("tasks/<int:pk>/decide/", api.TaskDecideView.as_view(), name="workflow-task-decide"),
    path("delegations/", api.DelegationListView.as_view(), name="workflow-delegation-list"),
    path(
        "delegations/<int:pk>/",
        api.DelegationDetailView.as_view(),
        name="workflow-delegation-detail",
    ),
]
