"""Routes of the search API, mounted at /api/v1/search/ by zhongshu.urls."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.SearchView.as_view(), name="search"),
]
