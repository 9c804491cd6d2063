"""Anonymous → login or 401, wrong role → 403/404, right role → success, for every route."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.access import EVERYONE, PERSONAS, ROUTES, all_route_names, domain_access_modules

ROUTES_BY_NAME = {route.name: route for route in ROUTES}


def test_every_route_has_an_access_rule():
    names = [name for name, _pattern in all_route_names()]
    unnamed = [pattern for name, pattern in all_route_names() if not name]
    assert unnamed == [], "every route needs a name"
    missing = sorted(set(names) - set(ROUTES_BY_NAME))
    assert missing == [], f"routes without an entry in tests/access.py: {missing}"
    stale = sorted(set(ROUTES_BY_NAME) - set(names))
    assert stale == [], f"entries in tests/access.py for routes that no longer exist: {stale}"


class World(dict):
    """Objects the routes act on, built lazily: a route's test builds only what it touches."""

    def __init__(self, base, factories):
        super().__init__(base)
        self.factories = factories

    def __missing__(self, key):
        if key not in self.factories:
            raise KeyError(key)
        value = self.factories[key](self)
        self[key] = value
        return value


def platform_factories():
    from zhongshu.files.services import attachment_create
    from zhongshu.notices.services import notify
    from zhongshu.org.models import Department
    from zhongshu.workflow.models import ApprovalTask
    from zhongshu.workflow.services import approval_submit, delegation_set

    def request(w):
        return approval_submit(
            request_type="general", title="申请购买显示器", reason="旧显示器坏了", by=w["employee"]
        )

    def delegation(w):
        now = timezone.now()
        return delegation_set(
            from_user=w["employee"],
            to_user=w["clerk"],
            start=now + timedelta(days=1),
            end=now + timedelta(days=3),
            by=w["employee"],
        )

    def upload_form(w):
        return lambda: {
            "owner_type": "workflow.approvalrequest",
            "owner_id": str(w["request"].pk),
            "file": SimpleUploadedFile("补充.txt", "补充说明".encode(), "text/plain"),
        }

    return {
        "request": request,
        "task": lambda w: ApprovalTask.objects.get(request=w["request"], assignee=w["dept_head"]),
        "attachment": lambda w: attachment_create(
            owner=w["request"],
            upload=SimpleUploadedFile("报价单.txt", "显示器报价 1200 元".encode(), "text/plain"),
            by=w["employee"],
        ),
        "notification": lambda w: notify(recipients=[w["employee"]], title="测试通知", url="/")[0],
        "delegation": delegation,
        "target": lambda w: w["make_user"]("target", "employee", department="sales"),
        "empty_department": lambda w: Department.objects.create(
            name="空部门", code="empty", parent=w["company"]["root"]
        ),
        "closed_department": lambda w: Department.objects.create(
            name="撤销组", code="closed", parent=w["company"]["root"], is_active=False
        ),
        "upload_form": upload_form,
    }


@pytest.fixture
def world(personas, company, make_user):
    factories = platform_factories()
    for module in domain_access_modules():
        factories.update(module.world_factories())
    return World({**personas, "company": company, "make_user": make_user}, factories)


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
