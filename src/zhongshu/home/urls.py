"""The home page at `/`; its name `dashboard` has no namespace (LOGIN_REDIRECT_URL uses it)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
