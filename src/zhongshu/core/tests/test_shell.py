"""The page shell: the navigation rendered once per language and permission set, list links,
and permissions that come from the rules alone."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from zhongshu.core.links import pk_url

pytestmark = pytest.mark.django_db


def test_navigation_follows_permissions_and_language(client, supervisor, employee):
    client.force_login(employee)
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("org:user_list") not in page and reverse("audit:list") not in page
    client.force_login(supervisor)
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("org:user_list") in page and reverse("audit:list") in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Users and roles" in client.get(reverse("dashboard")).content.decode()
    client.force_login(employee)  # a new session: Chinese again, and no admin links
    page = client.get(reverse("dashboard")).content.decode()
    assert "用户与角色" not in page and reverse("org:user_list") not in page


def test_pk_url_matches_reverse():
    detail = pk_url("documents:incoming_detail")
    assert detail(42) == reverse("documents:incoming_detail", args=[42])
    with translation.override("en"):
        assert detail(7) == reverse("documents:incoming_detail", args=[7])


def test_model_permissions_grant_nothing(employee):
    """Every permission is a rules predicate; a stray model permission never opens a door."""
    employee.user_permissions.add(Permission.objects.get(codename="view_user"))
    employee = type(employee).objects.get(pk=employee.pk)
    assert not employee.has_perm("org.view_user")
    assert not employee.has_perm("org.manage_users")


def test_our_wording_wins_over_django_admin_catalogue(client, employee):
    """Django's admin translates "Filter" as 过滤器 and "Log out" as 注销; ours must show."""
    client.force_login(employee)
    page = client.get(reverse("workflow:request_list")).content.decode()
    assert "退出登录" in page and "注销" not in page
    register = client.get(reverse("documents:incoming_list")).content.decode()
    assert "筛选" in register and "过滤器" not in register
