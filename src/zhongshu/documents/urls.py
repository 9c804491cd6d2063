from django.urls import path

from .views import archive, borrowing, incoming, outgoing
from .views.landing import overview

app_name = "documents"

urlpatterns = [
    path("overview/", overview, name="overview"),
    path("", incoming.incoming_list, name="incoming_list"),
    path("incoming/new/", incoming.incoming_create, name="incoming_create"),
    path("incoming/<int:pk>/", incoming.incoming_detail, name="incoming_detail"),
    path("incoming/<int:pk>/edit/", incoming.incoming_edit, name="incoming_edit"),
    path("incoming/<int:pk>/return/", incoming.incoming_return, name="incoming_return"),
    path("incoming/<int:pk>/propose/", incoming.incoming_propose, name="incoming_propose"),
    path("incoming/<int:pk>/instruct/", incoming.incoming_instruct, name="incoming_instruct"),
    path("incoming/<int:pk>/circulate/", incoming.incoming_circulate, name="incoming_circulate"),
    path("incoming/<int:pk>/scope/", incoming.incoming_scope, name="incoming_scope"),
    path("incoming/<int:pk>/archive/", incoming.incoming_archive, name="incoming_archive"),
    path("incoming/<int:pk>/declassify/", incoming.incoming_declassify, name="incoming_declassify"),
    path("incoming/<int:pk>/slip.pdf", incoming.incoming_slip_pdf, name="incoming_slip_pdf"),
    path("incoming/<int:pk>/borrow/", borrowing.incoming_borrow, name="incoming_borrow"),
    path("borrowings/", borrowing.borrowing_list, name="borrowing_list"),
    path("borrowings/<int:pk>/return/", borrowing.borrowing_return, name="borrowing_return"),
    path("tasks/<int:pk>/report/", incoming.task_report, name="task_report"),
    path("slips/", incoming.slip_list, name="slip_list"),
    path("slips/<int:pk>/sign/", incoming.slip_sign, name="slip_sign"),
    path("search/", archive.search, name="search"),
    path("archive/", archive.archive_list, name="archive_list"),
    path("archive/catalogue.xlsx", archive.archive_export, name="archive_export"),
    path("outgoing/", outgoing.outgoing_list, name="outgoing_list"),
    path("outgoing/new/", outgoing.outgoing_create, name="outgoing_create"),
    path("outgoing/<int:pk>/", outgoing.outgoing_detail, name="outgoing_detail"),
    path("outgoing/<int:pk>/edit/", outgoing.outgoing_edit, name="outgoing_edit"),
    path("outgoing/<int:pk>/review/", outgoing.outgoing_review, name="outgoing_review"),
    path("outgoing/<int:pk>/sign-off/", outgoing.outgoing_sign_off, name="outgoing_sign_off"),
    path("outgoing/<int:pk>/issue/", outgoing.outgoing_issue, name="outgoing_issue"),
    path("outgoing/<int:pk>/archive/", outgoing.outgoing_archive, name="outgoing_archive"),
    path("outgoing/<int:pk>/read/", outgoing.outgoing_acknowledge, name="outgoing_acknowledge"),
    path("outgoing/<int:pk>/declassify/", outgoing.outgoing_declassify, name="outgoing_declassify"),
]
