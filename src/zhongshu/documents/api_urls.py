"""Routes of /api/v1/documents/ (wired by zhongshu.api.urls)."""

from django.urls import path

from . import api, api_borrowing, api_outgoing

urlpatterns = [
    path("incoming/", api.IncomingListView.as_view(), name="documents-incoming-list"),
    path("incoming/<int:pk>/", api.IncomingDetailView.as_view(), name="documents-incoming-detail"),
    path(
        "incoming/<int:pk>/attachments/",
        api.AttachmentView.as_view(),
        name="documents-incoming-attachments",
    ),
    path("incoming/<int:pk>/return/", api.ReturnView.as_view(), name="documents-incoming-return"),
    path(
        "incoming/<int:pk>/propose/", api.ProposeView.as_view(), name="documents-incoming-propose"
    ),
    path(
        "incoming/<int:pk>/instruct/",
        api.InstructView.as_view(),
        name="documents-incoming-instruct",
    ),
    path(
        "incoming/<int:pk>/circulate/",
        api.CirculateView.as_view(),
        name="documents-incoming-circulate",
    ),
    path("incoming/<int:pk>/scope/", api.ScopeView.as_view(), name="documents-incoming-scope"),
    path(
        "incoming/<int:pk>/archive/", api.ArchiveView.as_view(), name="documents-incoming-archive"
    ),
    path(
        "incoming/<int:pk>/slip.pdf", api.SlipPdfView.as_view(), name="documents-incoming-slip-pdf"
    ),
    path(
        "borrowings/",
        api_borrowing.BorrowingListView.as_view(),
        name="documents-borrowing-list",
    ),
    path(
        "borrowings/<int:pk>/return/",
        api_borrowing.BorrowingReturnView.as_view(),
        name="documents-borrowing-return",
    ),
    path("tasks/<int:pk>/report/", api.TaskReportView.as_view(), name="documents-task-report"),
    path("slips/", api.SlipListView.as_view(), name="documents-slip-list"),
    path("slips/<int:pk>/sign/", api.SlipSignView.as_view(), name="documents-slip-sign"),
    path("search/", api.SearchView.as_view(), name="documents-search"),
    path("outgoing/", api_outgoing.OutgoingListView.as_view(), name="documents-outgoing-list"),
    path(
        "outgoing/<int:pk>/",
        api_outgoing.OutgoingDetailView.as_view(),
        name="documents-outgoing-detail",
    ),
    path(
        "outgoing/<int:pk>/review/",
        api_outgoing.OutgoingReviewView.as_view(),
        name="documents-outgoing-review",
    ),
    path(
        "outgoing/<int:pk>/sign_off/",
        api_outgoing.OutgoingSignOffView.as_view(),
        name="documents-outgoing-sign-off",
    ),
    path(
        "outgoing/<int:pk>/issue/",
        api_outgoing.OutgoingIssueView.as_view(),
        name="documents-outgoing-issue",
    ),
    path(
        "outgoing/<int:pk>/archive/",
        api_outgoing.OutgoingArchiveView.as_view(),
        name="documents-outgoing-archive",
    ),
    path(
        "outgoing/<int:pk>/read/",
        api_outgoing.OutgoingAcknowledgeView.as_view(),
        name="documents-outgoing-read",
    ),
    path(
        "outgoing/<int:pk>/submit/",
        api_outgoing.OutgoingSubmitView.as_view(),
        name="documents-outgoing-submit",
    ),
]
