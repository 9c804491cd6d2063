"""Mounted by the API app at /api/v1/search/."""

from django.urls import path

from . import api

urlpatterns = [
    path("", api.SearchView.as_view(), name="search"),
]
