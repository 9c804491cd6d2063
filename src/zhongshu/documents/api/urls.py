"""Routes of /api/v1/documents/ (mounted by the project URLconf, zhongshu.urls)."""

from django.urls import path

from . import views

urlpatterns = [
    path("incoming/", views.IncomingListView.as_view(), name="documents-incoming-list"),
    path(
        "incoming/<int:pk>/", views.IncomingDetailView.as_view(), name="documents-incoming-detail"
    ),
    path(
        "incoming/<int:pk>/attachments/",
        views.AttachmentView.as_view(),
        name="documents-incoming-attachments",
    ),
    path("incoming/<int:pk>/return/", views.ReturnView.as_view(), name="documents-incoming-return"),
    path(
        "incoming/<int:pk>/propose/", views.ProposeView.as_view(), name="documents-incoming-propose"
    ),
    path(
        "incoming/<int:pk>/instruct/",
        views.InstructView.as_view(),
        name="documents-incoming-instruct",
    ),
    path(
        "incoming/<int:pk>/circulate/",
        views.CirculateView.as_view(),
        name="documents-incoming-circulate",
    ),
    path("incoming/<int:pk>/scope/", views.ScopeView.as_view(), name="documents-incoming-scope"),
    path(
        "incoming/<int:pk>/archive/", views.ArchiveView.as_view(), name="documents-incoming-archive"
    ),
    path(
        "incoming/<int:pk>/slip.pdf",
        views.SlipPdfView.as_view(),
        name="documents-incoming-slip-pdf",
    ),
    path(
        "borrowings/",
        views.BorrowingListView.as_view(),
        name="documents-borrowing-list",
    ),
    path(
        "borrowings/<int:pk>/return/",
        views.BorrowingReturnView.as_view(),
        name="documents-borrowing-return",
    ),
    path("tasks/<int:pk>/report/", views.TaskReportView.as_view(), name="documents-task-report"),
    path("slips/", views.SlipListView.as_view(), name="documents-slip-list"),
    path("slips/<int:pk>/sign/", views.SlipSignView.as_view(), name="documents-slip-sign"),
    path("search/", views.SearchView.as_view(), name="documents-search"),
    path("outgoing/", views.OutgoingListView.as_view(), name="documents-outgoing-list"),
    path(
        "outgoing/<int:pk>/",
        views.OutgoingDetailView.as_view(),
        name="documents-outgoing-detail",
    ),
    path(
        "outgoing/<int:pk>/review/",
        views.OutgoingReviewView.as_view(),
        name="documents-outgoing-review",
    ),
    path(
        "outgoing/<int:pk>/sign_off/",
        views.OutgoingSignOffView.as_view(),
        name="documents-outgoing-sign-off",
    ),
    path(
        "outgoing/<int:pk>/issue/",
        views.OutgoingIssueView.as_view(),
        name="documents-outgoing-issue",
    ),
    path(
        "outgoing/<int:pk>/archive/",
        views.OutgoingArchiveView.as_view(),
        name="documents-outgoing-archive",
    ),
    path(
        "outgoing/<int:pk>/read/",
        views.OutgoingAcknowledgeView.as_view(),
        name="documents-outgoing-read",
    ),
    path(
        "outgoing/<int:pk>/submit/",
        views.OutgoingSubmitView.as_view(),
        name="documents-outgoing-submit",
    ),
]
