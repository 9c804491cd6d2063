import pytest
from django.urls import reverse

from zhongshu.notices import services
from zhongshu.notices.models import Notification, NotificationPreference

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def employee_client(client, employee):
    client.force_login(employee)
    return client


def test_list_requires_login(client):
    response = client.get(reverse("notices:list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_list_shows_my_notifications_newest_first_unread_highlighted(
    employee_client, employee, clerk, django_assert_max_num_queries
):
    NotificationFactory(recipient=employee, title="旧的通知", read=True)
    NotificationFactory(recipient=employee, title="新的通知")
    NotificationFactory(recipient=clerk, title="别人的通知")
    with django_assert_max_num_queries(12):
        response = employee_client.get(reverse("notices:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "别人的通知" not in html
    assert html.index("新的通知") < html.index("旧的通知")
    assert html.count("list-group-item-warning") == 1
    assert [n.title for n in response.context["notifications"]] == ["新的通知", "旧的通知"]


def test_list_unread_filter(employee_client, employee):
    NotificationFactory(recipient=employee, title="读过", read=True)
    NotificationFactory(recipient=employee, title="没读")
    response = employee_client.get(reverse("notices:list") + "?unread=1")
    assert [n.title for n in response.context["notifications"]] == ["没读"]


def test_list_pages_by_keyset(employee_client, employee):
    for i in range(35):
        NotificationFactory(recipient=employee, title=f"通知{i}")
    first = employee_client.get(reverse("notices:list"))
    titles = [n.title for n in first.context["notifications"]]
    assert len(titles) == 30
    assert titles[0] == "通知34"
    before = first.context["page"].next_before
    assert before == first.context["notifications"][-1].pk
    second = employee_client.get(reverse("notices:list") + f"?before={before}")
    assert [n.title for n in second.context["notifications"]] == [
        f"通知{i}" for i in range(4, -1, -1)
    ]
    assert second.context["page"].next_before is None
    assert second.context["page"].newer == second.context["notifications"][0].pk
    back = employee_client.get(reverse("notices:list") + f"?after={second.context['page'].newer}")
    assert [n.title for n in back.context["notifications"]] == titles
    bad = employee_client.get(reverse("notices:list") + "?before=abc")
    assert bad.status_code == 200
    assert len(bad.context["notifications"]) == 30


def test_read_marks_and_follows_the_local_link(employee_client, employee):
    [row] = services.notify(recipients=[employee], title="x", url="/documents/5/", email=False)
    response = employee_client.post(reverse("notices:read", args=[row.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/documents/5/"
    row.refresh_from_db()
    assert row.read_at is not None


@pytest.mark.parametrize("stored", ["https://evil.example/", "//evil.example/", "", "javascript:x"])
def test_read_never_redirects_off_site(employee_client, employee, stored):
    row = NotificationFactory(recipient=employee, url=stored)
    response = employee_client.post(reverse("notices:read", args=[row.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("notices:list")


def test_read_of_someone_elses_notification_is_404(employee_client, clerk):
    row = NotificationFactory(recipient=clerk)
    response = employee_client.post(reverse("notices:read", args=[row.pk]))
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.read_at is None


def test_read_needs_post(employee_client, employee):
    row = NotificationFactory(recipient=employee)
    assert employee_client.get(reverse("notices:read", args=[row.pk])).status_code == 405
    row.refresh_from_db()
    assert row.read_at is None


def test_read_all(employee_client, employee, clerk):
    NotificationFactory.create_batch(2, recipient=employee)
    NotificationFactory(recipient=employee, read=True)
    NotificationFactory(recipient=clerk)
    response = employee_client.post(reverse("notices:read_all"), follow=True)
    assert response.status_code == 200
    assert Notification.objects.for_user(employee).unread().count() == 0
    assert Notification.objects.for_user(clerk).unread().count() == 1
    [message] = response.context["messages"]
    assert message.message == "已将 2 条通知标为已读。"


def test_preference_toggle(employee_client, employee):
    response = employee_client.post(reverse("notices:preferences"), {})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=employee).email_enabled is False
    page = employee_client.get(reverse("notices:list"))
    assert page.context["preference"].email_enabled is False
    assert 'name="email_enabled" checked' not in page.content.decode()
    employee_client.post(reverse("notices:preferences"), {"email_enabled": "on"})
    assert NotificationPreference.objects.get(user=employee).email_enabled is True


def test_titles_are_escaped(employee_client, employee):
    services.notify(recipients=[employee], title="<script>alert(1)</script>", email=False)
    html = employee_client.get(reverse("notices:list")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
