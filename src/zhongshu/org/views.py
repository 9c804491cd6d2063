"""Web pages of the org app: sign-in, profile, staff directory, departments and users.

Thin views: they read through named QuerySets and write through `services`.
"""

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from zhongshu.core.roles import Role
from zhongshu.core.web import offset_page, run_service

from . import services
from .forms import (
    DepartmentForm,
    DirectoryFilterForm,
    PasswordResetForm,
    ProfileForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from .models import ClearanceLevel, Department, User
from .tokens import reset_token_generator

PAGE_SIZE = 50
manage_required = permission_required(services.MANAGE, raise_exception=True)


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True


def _keep_own_session(request, user) -> None:
    """After ending `user`'s sessions: the person who did it to themselves stays signed in here."""
    if user.pk == request.user.pk:
        update_session_auth_hash(request, user)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page and form (the old password is checked there); the change is org's service,
    which ends every other session and token of the user."""

    success_url = reverse_lazy("dashboard")

    def form_valid(self, form):
        form.service_fields = {"password": "new_password2"}
        user = run_service(
            self.request,
            lambda: services.password_change(
                user=self.request.user,
                password=form.cleaned_data["new_password1"],
                by=self.request.user,
            ),
            form=form,
            success=_("Your password has been changed."),
        )
        if user is None:
            return self.form_invalid(form)
        _keep_own_session(self.request, user)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetView(auth_views.PasswordResetView):
    """Django's page; the mails are throttled per account and per address by org's service, and
    the answer is the same neutral page whoever asks (no account enumeration)."""

    form_class = PasswordResetForm
    token_generator = reset_token_generator

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "address": get_client_ip_address(self.request)}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's link check and form; the new password is set by org's service, which ends every
    session and token of the user."""

    token_generator = reset_token_generator

    def form_valid(self, form):
        form.service_fields = {"password": "new_password2"}
        user = run_service(
            self.request,
            lambda: services.password_reset_complete(
                user=self.user, password=form.cleaned_data["new_password1"]
            ),
            form=form,
        )
        if user is None:
            return self.form_invalid(form)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


# --- helpers --------------------------------------------------------------------------------


def _role_labels(codes):
    return [Role(code).label for code in codes]


# --- profile and directory ------------------------------------------------------------------


@login_required
def profile(request):
    user = request.user
    return render(
        request,
        "org/profile.html",
        {
            "profile_user": user,
            "roles": _role_labels(user.role_codes),
            "headed": Department.objects.active().filter(head=user).order_by("path"),
        },
    )


@login_required
def profile_edit(request):
    user = request.user
    initial = {"name": user.name, "email": user.email, "phone": user.phone}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            lambda: services.profile_update(user=user, by=user, **form.cleaned_data),
            form=form,
            success=_("Your profile has been saved."),
        )
        if saved is not None:
            return redirect("org:profile")
    return render(request, "org/profile_form.html", {"form": form})


@login_required
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    users = (
        User.objects.visible_to(request.user)
        .active()
        .select_related("department")
        .only("username", "name", "email", "phone", "department__name")
        .order_by("department__path", "name", "username")
    )
    if form.is_valid():
        users = users.search(form.cleaned_data["q"])
        if form.cleaned_data["department"]:
            subtree = Department.objects.subtree_of([form.cleaned_data["department"]])
            users = users.filter(department__in=subtree)
    return render(
        request,
        "org/directory.html",
        {"form": form, "page": offset_page(users, request, size=PAGE_SIZE)},
    )


# --- departments ----------------------------------------------------------------------------


@login_required
@manage_required
def department_list(request):
    departments = list(
        Department.objects.visible_to(request.user)
        .with_member_counts()
        .select_related("head")
        .order_by("path")
    )
    # Nest children under their parent in tree order (siblings by `order`, then name).
    children = {}
    for department in departments:
        children.setdefault(department.parent_id, []).append(department)
    for siblings in children.values():
        siblings.sort(key=lambda d: (d.order, d.name))
    for department in departments:
        department.child_nodes = children.get(department.pk, [])
    return render(request, "org/department_list.html", {"roots": children.get(None, [])})


@login_required
@manage_required
def department_create(request):
    parent = None
    if request.GET.get("parent", "").isdigit():
        parent = Department.objects.active().filter(pk=request.GET["parent"]).first()
    form = DepartmentForm(request.POST or None, initial={"parent": parent, "order": 0})
    if request.method == "POST" and form.is_valid():
        created = run_service(
            request,
            lambda: services.department_create(by=request.user, **form.cleaned_data),
            form=form,
            success=lambda department: (
                _("Department %(name)s created.") % {"name": department.name}
            ),
        )
        if created is not None:
            return redirect("org:department_list")
    return render(request, "org/department_form.html", {"form": form, "department": None})


@login_required
@manage_required
def department_edit(request, pk):
    department = get_object_or_404(Department.objects.visible_to(request.user), pk=pk)
    initial = {
        "name": department.name,
        "code": department.code,
        "parent": department.parent,
        "head": department.head,
        "order": department.order,
    }
    form = DepartmentForm(request.POST or None, initial=initial, department=department)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            lambda: services.department_update(
                department=department, by=request.user, **form.cleaned_data
            ),
            form=form,
            success=lambda saved: _("Department %(name)s saved.") % {"name": saved.name},
        )
        if saved is not None:
            return redirect("org:department_list")
    return render(request, "org/department_form.html", {"form": form, "department": department})


def _department_action(request, pk, action, done_message):
    department = get_object_or_404(Department.objects.visible_to(request.user), pk=pk)
    run_service(
        request,
        lambda: action(department=department, by=request.user),
        success=done_message % {"name": department.name},
    )
    return redirect("org:department_list")


@require_POST
@login_required
@manage_required
def department_deactivate(request, pk):
    return _department_action(
        request, pk, services.department_deactivate, _("Department %(name)s deactivated.")
    )


@require_POST
@login_required
@manage_required
def department_activate(request, pk):
    return _department_action(
        request, pk, services.department_activate, _("Department %(name)s reactivated.")
    )


# --- users ----------------------------------------------------------------------------------


@login_required
@manage_required
def user_list(request):
    form = UserFilterForm(request.GET or None)
    users = (
        User.objects.visible_to(request.user)
        .select_related("department", "clearance")
        .prefetch_related(Prefetch("groups"))
        .order_by("username")
    )
    if form.is_valid():
        data = form.cleaned_data
        users = users.search(data["q"])
        if data["department"]:
            users = users.filter(department__in=Department.objects.subtree_of([data["department"]]))
        if data["role"]:
            users = users.filter(groups__name=data["role"])
        if data["active"]:
            users = users.filter(is_active=data["active"] == "1")
    page = offset_page(users, request, size=PAGE_SIZE)
    for user in page.rows:
        user.role_labels = _role_labels(user.role_codes)
    return render(request, "org/user_list.html", {"form": form, "page": page})


def _password_page(request, user, password, *, created):
    """Shown once, in the POST's own response: the password never goes to the session or a cache."""
    response = render(
        request,
        "org/password_shown.html",
        {"shown_user": user, "password": password, "created": created},
    )
    add_never_cache_headers(response)
    return response


@login_required
@manage_required
def user_create(request):
    initial = {
        "roles": [Role.EMPLOYEE],
        "clearance": ClearanceLevel.objects.filter(code="internal").first(),
    }
    form = UserCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        created = run_service(
            request, lambda: services.user_create(by=request.user, **form.cleaned_data), form=form
        )
        if created is not None:
            user, generated = created
            if generated:
                return _password_page(request, user, generated, created=True)
            messages.success(request, _("User %(name)s created.") % {"name": user.display_name})
            return redirect("org:user_edit", pk=user.pk)
    return render(request, "org/user_form.html", {"form": form, "edited_user": None})


@login_required
@manage_required
def user_edit(request, pk):
    user = get_object_or_404(
        User.objects.visible_to(request.user).select_related("department", "clearance"), pk=pk
    )
    initial = {
        "name": user.name,
        "email": user.email,
        "phone": user.phone,
        "department": user.department,
        "roles": user.role_codes,
        "clearance": user.clearance,
    }
    form = UserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            lambda: services.user_update(user=user, by=request.user, **form.cleaned_data),
            form=form,
            success=lambda saved: _("User %(name)s saved.") % {"name": saved.name},
        )
        if saved is not None:
            _keep_own_session(request, saved)
            return redirect(reverse("org:user_edit", args=[user.pk]))
    return render(request, "org/user_form.html", {"form": form, "edited_user": user})


def _user_action(request, pk, action, done_message):
    user = get_object_or_404(User.objects.visible_to(request.user), pk=pk)
    done = run_service(
        request,
        lambda: action(user=user, by=request.user),
        success=done_message % {"name": user.display_name},
    )
    if done is not None:
        _keep_own_session(request, done)
    return redirect("org:user_edit", pk=user.pk)


@require_POST
@login_required
@manage_required
def user_disable(request, pk):
    return _user_action(request, pk, services.user_disable, _("User %(name)s disabled."))


@require_POST
@login_required
@manage_required
def user_enable(request, pk):
    return _user_action(request, pk, services.user_enable, _("User %(name)s enabled."))


@require_POST
@login_required
@manage_required
def user_end_sessions(request, pk):
    return _user_action(
        request, pk, services.user_sessions_end, _("All sessions of %(name)s have been ended.")
    )


@require_POST
@login_required
@manage_required
def user_reset_password(request, pk):
    user = get_object_or_404(User.objects.visible_to(request.user), pk=pk)
    password = services.user_reset_password(user=user, by=request.user)
    if user.pk == request.user.pk:
        _keep_own_session(request, User.objects.get(pk=user.pk))
    return _password_page(request, user, password, created=False)
