from django.urls import path

from . import views

app_name = "workflow"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/count/", views.inbox_badge, name="inbox_count"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/resubmit/", views.request_resubmit, name="request_resubmit"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("tasks/<int:pk>/decide/", views.task_decide, name="task_decide"),
    path("delegations/", views.delegation_list, name="delegation_list"),
    path("delegations/<int:pk>/cancel/", views.delegation_cancel, name="delegation_cancel"),
    path("chains/", views.chain_list, name="chain_list"),
    path("chains/new/", views.chain_edit, name="chain_create"),
    path("chains/<int:pk>/", views.chain_edit, name="chain_edit"),
]
