"""Routes of /api/v1/meetings/ (mounted by the project URLconf, zhongshu/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("rooms/", views.RoomListView.as_view(), name="meetings-room-list"),
    path("rooms/available/", views.RoomAvailableView.as_view(), name="meetings-room-available"),
    path("rooms/<int:pk>/", views.RoomDetailView.as_view(), name="meetings-room-detail"),
    path("", views.MeetingListView.as_view(), name="meetings-meeting-list"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="meetings-meeting-detail"),
    path("<int:pk>/invite.ics", views.MeetingInviteView.as_view(), name="meetings-meeting-invite"),
    path("<int:pk>/respond/", views.MeetingRespondView.as_view(), name="meetings-meeting-respond"),
    path("<int:pk>/checkin/", views.MeetingCheckinView.as_view(), name="meetings-meeting-checkin"),
    path("<int:pk>/minutes/", views.MinutesView.as_view(), name="meetings-minutes"),
    path(
        "<int:pk>/minutes/submit/",
        views.MinutesActionView.as_view(step="submit"),
        name="meetings-minutes-submit",
    ),
    path(
        "<int:pk>/minutes/approve/",
        views.MinutesActionView.as_view(step="approve"),
        name="meetings-minutes-approve",
    ),
    path(
        "<int:pk>/minutes/return/",
        views.MinutesActionView.as_view(step="return"),
        name="meetings-minutes-return",
    ),
    path(
        "<int:pk>/minutes/publish/",
        views.MinutesActionView.as_view(step="publish"),
        name="meetings-minutes-publish",
    ),
    path("<int:pk>/actions/", views.MeetingActionListView.as_view(), name="meetings-action-list"),
    path(
        "actions/<int:pk>/progress/",
        views.ActionProgressView.as_view(),
        name="meetings-action-progress",
    ),
    path("actions/report/", views.ActionReportView.as_view(), name="meetings-action-report"),
]
