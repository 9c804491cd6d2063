"""Temporary routes; replaced by the app's real views."""

from django.http import HttpResponse
from django.urls import path

app_name = "search"


def _todo(request, *args, **kwargs):
    return HttpResponse("")


urlpatterns = [
    path("results/", _todo, name="results"),
]
