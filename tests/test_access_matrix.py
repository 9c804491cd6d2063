"""Anonymous → login or 401, wrong role → 403/404, right role → success, for every route."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.access import EVERYONE, PERSONAS, ROUTES, all_route_names

ROUTES_BY_NAME = {route.name: route for route in ROUTES}


def test_every_route_has_an_access_rule():
    names = [name for name, _pattern in all_route_names()]
    unnamed = [pattern for name, pattern in all_route_names() if not name]
    assert unnamed == [], "every route needs a name"
    missing = sorted(set(names) - set(ROUTES_BY_NAME))
    assert missing == [], f"routes without an entry in tests/access.py: {missing}"
    stale = sorted(set(ROUTES_BY_NAME) - set(names))
    assert stale == [], f"entries in tests/access.py for routes that no longer exist: {stale}"


@pytest.fixture
def world(personas, company, make_user):
    from zhongshu.files.services import attachment_create
    from zhongshu.notices.services import notify
    from zhongshu.org.models import Department
    from zhongshu.workflow.models import ApprovalTask
    from zhongshu.workflow.services import approval_submit, delegation_set

    employee = personas["employee"]
    request = approval_submit(
        request_type="general", title="申请购买显示器", reason="旧显示器坏了", by=employee
    )
    task = ApprovalTask.objects.get(request=request, assignee=personas["dept_head"])
    attachment = attachment_create(
        owner=request,
        upload=SimpleUploadedFile("报价单.txt", "显示器报价 1200 元".encode(), "text/plain"),
        by=employee,
    )
    notification = notify(recipients=[employee], title="测试通知", url="/")[0]
    now = timezone.now()
    delegation = delegation_set(
        from_user=employee,
        to_user=personas["clerk"],
        start=now + timedelta(days=1),
        end=now + timedelta(days=3),
        by=employee,
    )
    closed = Department.objects.create(
        name="撤销组", code="closed", parent=company["root"], is_active=False
    )

    def upload_form():
        return {
            "owner_type": "workflow.approvalrequest",
            "owner_id": str(request.pk),
            "file": SimpleUploadedFile("补充.txt", "补充说明".encode(), "text/plain"),
        }

    return {
        **personas,
        "company": company,
        "request": request,
        "task": task,
        "attachment": attachment,
        "notification": notification,
        "delegation": delegation,
        "target": make_user("target", "employee", department="sales"),
        "empty_department": Department.objects.create(
            name="空部门", code="empty", parent=company["root"]
        ),
        "closed_department": closed,
        "upload_form": upload_form,
    }


def call(route, world, user):
    url = reverse(route.name, kwargs=route.kwargs(world) if route.kwargs else None) + route.query
    data = route.data(world) if route.data else {}
    if route.api:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        send = getattr(client, route.method)
        return send(url, data, format="json") if route.method != "get" else client.get(url)
    client = Client()
    if user is not None:
        client.force_login(user)
    return getattr(client, route.method)(url, data) if route.method != "get" else client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=[route.name for route in ROUTES])
def test_route_access(route, world):
    anonymous = call(route, world, None)
    if route.public:
        assert anonymous.status_code < 400, f"{route.name}: public but {anonymous.status_code}"
        return
    if route.api:
        assert anonymous.status_code == 401, route.name
    else:
        assert anonymous.status_code == 302, route.name
        assert "/accounts/login/" in anonymous.headers["Location"], route.name

    # Refusals first, so a state change by an allowed persona cannot hide them.
    for persona in sorted(EVERYONE - route.allowed):
        response = call(route, world, world[persona])
        assert response.status_code in route.denied, (
            f"{route.name}: {persona} got {response.status_code}, expected {route.denied}"
        )
    for persona in [p for p in PERSONAS if p in route.allowed]:
        response = call(route, world, world[persona])
        assert response.status_code in route.ok, (
            f"{route.name}: {persona} got {response.status_code}"
        )
