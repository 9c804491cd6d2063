from decimal import Decimal

import pytest

from zhongshu.workflow import registry


@pytest.fixture
def audit_log(monkeypatch):
    """Every audit.record call (the real one still runs)."""
    from zhongshu.audit import services as audit

    calls = []
    real = audit.record

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(audit, "record", spy)
    return calls


@pytest.fixture
def notes():
    """Read the in-app notifications written so far: notes(user) -> list of (kind, title)."""
    from zhongshu.notices.models import Notification

    def read(user, kind=None):
        rows = Notification.objects.filter(recipient=user).order_by("id")
        if kind:
            rows = rows.filter(kind=kind)
        return [(n.kind, n.title) for n in rows]

    return read


@pytest.fixture
def supervisor2(make_user):
    return make_user("supervisor2", "supervisor", name="钱主管")


@pytest.fixture
def leader2(make_user):
    return make_user("leader2", "leader", department="root", name="郑副总")


@pytest.fixture
def team(supervisor, dept_head, employee, leader):
    """The seeded general chains have someone at every step for the sales employee."""
    return {
        "supervisor": supervisor,
        "dept_head": dept_head,
        "employee": employee,
        "leader": leader,
    }


@pytest.fixture
def submit(team):
    from zhongshu.workflow.services import approval_submit

    def make(by=None, amount=None, title="采购投影仪", **extra):
        return approval_submit(
            request_type=registry.GENERAL,
            title=title,
            reason="会议室投影仪坏了",
            amount=Decimal(amount) if amount is not None else None,
            by=by or team["employee"],
            **extra,
        )

    return make


@pytest.fixture
def callbacks():
    """A registered request type `test_type` whose callbacks are recorded."""
    calls = []

    def on(name):
        return lambda request, *, by: calls.append((name, request.pk, by.pk))

    registry.register_request_type(
        "test_type",
        "测试",
        on_approved=on("approved"),
        on_rejected=on("rejected"),
        on_returned=on("returned"),
        on_withdrawn=on("withdrawn"),
    )
    from .factories import ApprovalChainFactory

    ApprovalChainFactory(request_type="test_type", name="测试链", supervisor_step=True)
    yield calls
    registry._TYPES.pop("test_type", None)
