"""The page shell: the navigation rendered once per language and permission set, showing only
what the user may open with the current page marked; list links; permissions from the rules."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from zhongshu.core.links import pk_url
from zhongshu.core.templatetags import shell_tags

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


def nav_of(page: str) -> str:
    return page.split('id="sidenav"', 1)[1].split("</aside>", 1)[0]


def test_the_menu_holds_only_pages_the_role_may_open(client, employee, dept_head, logistics):
    hidden_from_employee = ("documents:archive_list", "assets:transfer_list", "api-docs")
    client.force_login(employee)
    nav = nav_of(client.get(reverse("dashboard")).content.decode())
    for name in (*hidden_from_employee, "assets:stocktake_list"):
        assert f'href="{reverse(name)}"' not in nav, name
    assert f'href="{reverse("assets:list")}"' in nav
    client.force_login(dept_head)  # receives transfers into the department
    nav = nav_of(client.get(reverse("dashboard")).content.decode())
    assert f'href="{reverse("assets:transfer_list")}"' in nav
    assert f'href="{reverse("assets:stocktake_list")}"' not in nav
    client.force_login(logistics)
    nav = nav_of(client.get(reverse("dashboard")).content.decode())
    assert f'href="{reverse("assets:stocktake_list")}"' in nav
    assert f'href="{reverse("documents:archive_list")}"' not in nav


def test_the_current_page_and_section_are_marked(client, clerk):
    client.force_login(clerk)
    nav = nav_of(client.get(reverse("documents:slip_list")).content.decode())
    slips = reverse("documents:slip_list")
    assert f'<a class="nav-link active" aria-current="page" href="{slips}"' in nav
    assert nav.count("active") == 1
    assert 'data-section="documents" data-current' in nav
    assert nav.count("data-current") == 1
    nav = nav_of(client.get(reverse("dashboard")).content.decode())
    assert f'<a class="nav-link active" aria-current="page" href="{reverse("dashboard")}"' in nav
    assert 'data-section="workspace" data-current' in nav
    nav = nav_of(client.get(reverse("documents:overview")).content.decode())
    overview = reverse("documents:overview")
    assert f'<a class="nav-section active" aria-current="page" href="{overview}"' in nav
    assert "nav-link active" not in nav


def test_a_page_below_a_menu_entry_marks_that_entry():
    """A stocktake (/assets/stocktakes/3/) marks 资产盘点, the deepest entry above it."""
    nav = shell_tags.RenderedNav(
        '<a class="nav-link" href="/">D</a><a class="nav-link" href="/assets/">A</a>'
        '<a class="nav-link" href="/assets/stocktakes/">S</a>',
        (("/assets/stocktakes/", "assets"), ("/assets/", "assets"), ("/", "workspace")),
    )
    marked = shell_tags.mark_current(nav, "/assets/stocktakes/3/", "assets")
    assert '<a class="nav-link active" aria-current="page" href="/assets/stocktakes/">' in marked
    assert marked.count("active") == 1
    assert "active" not in shell_tags.mark_current(nav, "/nowhere/", "")


def test_the_menu_is_rendered_once_per_language_and_grants(
    rf, clerk, make_user, django_assert_num_queries
):
    from django.template import Context, Template

    shell_tags._rendered.clear()
    template = Template("{% load shell_tags %}{% sidenav %}")
    other_clerk = make_user("clerk2", "clerk")
    for user in (clerk, other_clerk):
        request = rf.get("/")
        request.user = type(user).objects.get(pk=user.pk)
        with django_assert_num_queries(1):  # the user's groups, once; nothing else
            template.render(Context({"user": request.user, "request": request}))
        with django_assert_num_queries(0):
            template.render(Context({"user": request.user, "request": request}))
    assert len(shell_tags._rendered) == 1  # both clerks share one rendering


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


def test_api_docs_page_has_no_inline_script_or_style(client):
    page = client.get(reverse("api-docs")).content.decode()
    assert "<script>" not in page and "<style>" not in page
    assert '<script src="/api/docs/?script="></script>' in page
    init = client.get(reverse("api-docs") + "?script")
    assert init.status_code == 200
    assert init.headers["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in init.content.decode()
