"""Routes of /api/v1/meetings/ (wired by zhongshu.api.urls)."""

from django.urls import path

from . import api

urlpatterns = [
    path("rooms/", api.RoomListView.as_view(), name="meetings-room-list"),
    path("rooms/available/", api.RoomAvailableView.as_view(), name="meetings-room-available"),
    path("rooms/<int:pk>/", api.RoomDetailView.as_view(), name="meetings-room-detail"),
    path("", api.MeetingListView.as_view(), name="meetings-meeting-list"),
    path("<int:pk>/", api.MeetingDetailView.as_view(), name="meetings-meeting-detail"),
    path("<int:pk>/invite.ics", api.MeetingInviteView.as_view(), name="meetings-meeting-invite"),
    path("<int:pk>/respond/", api.MeetingRespondView.as_view(), name="meetings-meeting-respond"),
    path("<int:pk>/checkin/", api.MeetingCheckinView.as_view(), name="meetings-meeting-checkin"),
    path("<int:pk>/minutes/", api.MinutesView.as_view(), name="meetings-minutes"),
    path(
        "<int:pk>/minutes/submit/",
        api.MinutesActionView.as_view(step="submit"),
        name="meetings-minutes-submit",
    ),
    path(
        "<int:pk>/minutes/approve/",
        api.MinutesActionView.as_view(step="approve"),
        name="meetings-minutes-approve",
    ),
    path(
        "<int:pk>/minutes/return/",
        api.MinutesActionView.as_view(step="return"),
        name="meetings-minutes-return",
    ),
    path(
        "<int:pk>/minutes/publish/",
        api.MinutesActionView.as_view(step="publish"),
        name="meetings-minutes-publish",
    ),
    path("<int:pk>/actions/", api.MeetingActionListView.as_view(), name="meetings-action-list"),
    path(
        "actions/<int:pk>/progress/",
        api.ActionProgressView.as_view(),
        name="meetings-action-progress",
    ),
    path("actions/report/", api.ActionReportView.as_view(), name="meetings-action-report"),
]
