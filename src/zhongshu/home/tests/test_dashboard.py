import pytest
from django.urls import reverse

from zhongshu.notices.services import notify
from zhongshu.workflow.services import approval_submit

pytestmark = pytest.mark.django_db


def test_dashboard_lists_my_to_dos_and_latest_notifications(client, employee, dept_head):
    approval_submit(request_type="general", title="申请借用投影仪", by=employee)
    notify(recipients=[dept_head], title="周会改到周三", email=False)
    client.force_login(dept_head)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert [item.kind for item in response.context["inbox_items"]] == ["approval"]
    html = response.content.decode()
    assert "申请借用投影仪" in html and "周会改到周三" in html
    # The top bar counts both unread notices: "approval needed" and the one sent above.
    assert response.context["unread_notifications"] == 2
    assert 'data-testid="unread-count">2<' in html


def test_dashboard_quick_links_depend_on_role(client, employee):
    client.force_login(employee)
    html = client.get(reverse("dashboard")).content.decode()
    assert reverse("workflow:request_list") in html
    assert reverse("org:department_list") not in html


def test_dashboard_is_the_home_page_and_needs_a_login(client):
    assert reverse("dashboard") == "/"
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")
