from django.urls import path

from . import views
from .views.landing import overview

app_name = "meetings"

urlpatterns = [
    path("overview/", overview, name="overview"),
    path("", views.index, name="index"),
    path("book/", views.book, name="book"),
    path("grid/", views.grid, name="grid"),
    path("stats/", views.stats, name="stats"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("feeds/", views.feeds, name="feeds"),
    path("feeds/<int:pk>/revoke/", views.feed_revoke, name="feed_revoke"),
    path("rooms/", views.rooms, name="rooms"),
    path("rooms/new/", views.room_create, name="room_create"),
    path("rooms/<int:pk>/", views.room_detail, name="room_detail"),
    path("rooms/<int:pk>/edit/", views.room_edit, name="room_edit"),
    path("rooms/<int:pk>/feed/", views.room_feed_create, name="room_feed_create"),
    path("rooms/<int:pk>/feed/<str:token>.ics", views.room_feed, name="room_feed"),
    path("actions/report/", views.report, name="report"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/respond/", views.respond, name="respond"),
    path("<int:pk>/invite.ics", views.invite, name="invite"),
    path("<int:pk>/qr/", views.qr, name="qr"),
    path("<int:pk>/checkin/", views.checkin, name="checkin"),
    path(
        "<int:pk>/attendees/<int:attendee_pk>/sign-in/",
        views.sign_in_other,
        name="sign_in_other",
    ),
    path("<int:pk>/equipment-check/", views.equipment_check, name="equipment_check"),
    path("<int:pk>/materials.zip", views.materials, name="materials"),
    path("<int:pk>/minutes/", views.minutes, name="minutes"),
    path("<int:pk>/minutes/<str:step>/", views.minutes_step, name="minutes_step"),
    path("<int:pk>/actions/add/", views.action_add, name="action_add"),
]
