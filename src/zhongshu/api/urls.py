"""The API's own routes under /api/v1/ (tokens); each app's API is mounted by zhongshu.urls."""

from django.urls import path

from . import views

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
]
