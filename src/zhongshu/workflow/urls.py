"""Temporary routes; replaced by the app's real views."""

from django.http import HttpResponse
from django.urls import path

app_name = "workflow"


def _todo(request, *args, **kwargs):
    return HttpResponse("")


urlpatterns = [
    path("inbox/", _todo, name="inbox"),
    path("request_list/", _todo, name="request_list"),
    path("chain_list/", _todo, name="chain_list"),
]
