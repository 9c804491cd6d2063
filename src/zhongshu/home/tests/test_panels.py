"""The dashboard's panels: who sees which, what they count, what they cost, how they draw."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zhongshu.assets.tests.factories import AssetFactory, StocktakeLineFactory, StocktakeScanFactory
from zhongshu.documents.tests.factories import IncomingDocumentFactory, RoutingSlipFactory
from zhongshu.home import charts, registry
from zhongshu.home.registry import Chart, Panel
from zhongshu.meetings.tests.factories import ActionItemFactory, MeetingFactory, RoomFactory
from zhongshu.workflow.services import approval_submit

pytestmark = pytest.mark.django_db


def panel_keys(response) -> list[str]:
    return [entry["panel"].key for entry in response.context["panels"]]


def get(client, user):
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response


def test_each_role_sees_the_panels_of_its_work(client, clerk, logistics, leader, employee):
    assert panel_keys(get(client, clerk)) == ["documents", "meetings", "approvals"]
    assert panel_keys(get(client, leader)) == ["documents", "meetings", "approvals"]
    assert panel_keys(get(client, logistics)) == ["meetings", "assets", "approvals"]
    assert panel_keys(get(client, employee)) == ["meetings", "approvals"]


def test_registry_asks_only_panels_the_user_may_see(monkeypatch, clerk, employee):
    monkeypatch.setattr(registry, "_PANELS", {})
    asked = []

    def build(user):
        asked.append(user.username)
        return Panel(empty="nothing") if user == clerk else None

    registry.register_dashboard_panel("x", "X", build=build, roles=["clerk", "employee"])
    registry.register_dashboard_panel("y", "Y", build=build, perm="org.manage_users")
    assert [panel.key for panel, _data in registry.panels_for(clerk)] == ["x"]
    assert registry.panels_for(employee) == []  # built, but answered None
    assert asked == ["clerk", "employee"]


def test_documents_panel_counts_stages_circulation_and_overdue_readers(client, clerk, employee):
    IncomingDocumentFactory(registered_by=clerk, status="handling")
    late = RoutingSlipFactory(
        circulation__document__registered_by=clerk,
        reader=employee,
        due_at=timezone.now() - timedelta(hours=3),
    )
    RoutingSlipFactory(circulation=late.circulation, document=late.document, position=2)
    data = next(
        e["data"] for e in get(client, clerk).context["panels"] if e["panel"].key == "documents"
    )
    figures = {figure.label: figure.value for figure in data.figures}
    assert figures["进行中"] == 2
    assert figures["传阅中"] == 1
    assert figures["逾期未阅"] == 1
    assert dict(zip(data.chart.labels, data.chart.series[0][1], strict=True))["承办中"] == 1


def test_assets_panel_shows_status_and_stocktake_progress(client, logistics, employee):
    AssetFactory.create_batch(3, custodian=employee)
    AssetFactory(status="under_repair")
    line = StocktakeLineFactory()
    StocktakeLineFactory(stocktake=line.stocktake)
    StocktakeScanFactory(stocktake=line.stocktake, asset=line.asset)
    data = next(
        e["data"] for e in get(client, logistics).context["panels"] if e["panel"].key == "assets"
    )
    assert dict(zip(data.chart.labels, data.chart.series[0][1], strict=True)) == {
        "在用": 3,
        "闲置": 2,
        "维修中": 1,
    }
    [progress] = data.progress
    assert (progress.done, progress.total, progress.percent) == (1, 2, 50)


def test_empty_panels_say_what_to_do_next(client, logistics):
    html = get(client, logistics).content.decode()
    assert "资产台账还是空的" in html
    assert reverse("assets:import") in html
    assert 'data-testid="todo-empty"' in html


def test_todo_summary_counts_kinds_and_overdue(client, employee, dept_head):
    approval_submit(request_type="general", title="申请借用投影仪", by=employee)
    RoutingSlipFactory(reader=dept_head, due_at=timezone.now() - timedelta(days=1))
    response = get(client, dept_head)
    todo = response.context["todo"]
    assert {kind.kind: (kind.total, kind.overdue) for kind in todo.kinds} == {
        "approval": (1, 0),
        "documents.read": (1, 1),
    }
    html = response.content.decode()
    assert 'data-testid="todo-overdue">1<' in html
    assert "<svg" in html and 'class="pygal-chart chart-stacked"' in html


def _world(clerk, logistics, employee, n):
    """`n` of everything the panels count."""
    for _ in range(n):
        RoutingSlipFactory(
            circulation__document__registered_by=clerk,
            reader=employee,
            due_at=timezone.now() - timedelta(hours=1),
        )
        AssetFactory(custodian=employee)
        StocktakeScanFactory(asset=StocktakeLineFactory().asset)
        room = RoomFactory()
        meeting = MeetingFactory(
            room=room, start=timezone.now(), end=timezone.now() + timedelta(hours=1)
        )
        ActionItemFactory(
            meeting=meeting, owner=employee, due_date=timezone.localdate() - timedelta(days=2)
        )
        approval_submit(request_type="general", title="申请", by=employee)


@pytest.mark.parametrize("who", ["clerk", "logistics", "employee", "leader"])
def test_dashboard_costs_the_same_queries_whatever_the_data(client, request, dept_head, who):
    clerk, logistics, employee = (
        request.getfixturevalue(name) for name in ("clerk", "logistics", "employee")
    )
    user = request.getfixturevalue(who)
    client.force_login(user)
    _world(clerk, logistics, employee, 1)
    client.get(reverse("dashboard"))  # warm the per-process caches
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("dashboard"))
    _world(clerk, logistics, employee, 6)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse("dashboard")).status_code == 200
    assert len(large) == len(small)


def test_dashboard_query_budget(
    client, clerk, logistics, employee, dept_head, django_assert_max_num_queries
):
    _world(clerk, logistics, employee, 3)
    client.force_login(logistics)
    with django_assert_max_num_queries(40):
        client.get(reverse("dashboard"))


@pytest.mark.parametrize("kind", ["bar", "hbar", "stacked", "donut"])
def test_charts_are_inline_svg_the_csp_allows(kind):
    svg = charts.render(
        Chart(
            kind=kind,
            title="图表<标题>",
            labels=["在用", "闲置", "维修中"],
            series=[("甲", [3, 0, 2]), ("乙", [1, 1, 0])][: 2 if kind == "stacked" else 1],
            tones=["danger", "primary"],
        )
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-label="图表&lt;标题&gt;"' in svg
    for forbidden in ("<script", "<style", "style=", " id=", "kozea", "http://pygal"):
        assert forbidden not in svg
    assert "在用" in svg
    if kind in ("stacked", "donut"):
        assert "tone-danger" in svg
