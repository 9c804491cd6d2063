from django.urls import path

from . import autocomplete, views

app_name = "org"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("directory/", views.directory, name="directory"),
    path("pick/people/", autocomplete.people, name="pick_people"),
    path("pick/departments/", autocomplete.departments, name="pick_departments"),
    path("departments/", views.department_list, name="department_list"),
    path("departments/new/", views.department_create, name="department_create"),
    path("departments/<int:pk>/edit/", views.department_edit, name="department_edit"),
    path(
        "departments/<int:pk>/deactivate/",
        views.department_deactivate,
        name="department_deactivate",
    ),
    path("departments/<int:pk>/activate/", views.department_activate, name="department_activate"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/disable/", views.user_disable, name="user_disable"),
    path("users/<int:pk>/enable/", views.user_enable, name="user_enable"),
    path("users/<int:pk>/reset-password/", views.user_reset_password, name="user_reset_password"),
    path("users/<int:pk>/end-sessions/", views.user_end_sessions, name="user_end_sessions"),
]
