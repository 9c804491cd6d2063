"""Temporary routes; replaced by the app's real views."""

from django.http import HttpResponse
from django.urls import path

app_name = "org"


def _todo(request, *args, **kwargs):
    return HttpResponse("")


urlpatterns = [
    path("profile/", _todo, name="profile"),
    path("directory/", _todo, name="directory"),
    path("department_list/", _todo, name="department_list"),
    path("user_list/", _todo, name="user_list"),
]
