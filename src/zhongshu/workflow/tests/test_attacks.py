"""Hardening #7: a delegation must not hand a task to someone who may not see what it is about.

A request type says who may see its target (`can_handle`); a delegate who may not never gets
the task (it stays with the person they stand in for) and nobody who may not can decide it.
Types without the check (the general request) delegate as before. The documents app's borrowing
of a classified item is tested in `documents/tests/test_attacks.py`.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from zhongshu.workflow import registry
from zhongshu.workflow.models import ApprovalTask, RequestStatus
from zhongshu.workflow.services import approval_decide, approval_submit, delegation_set

from .factories import ApprovalChainFactory

pytestmark = pytest.mark.django_db


def _pending(request):
    return list(ApprovalTask.objects.filter(request=request, status="pending").order_by("id"))


def _delegate(from_user, to_user):
    now = timezone.now()
    return delegation_set(
        from_user=from_user,
        to_user=to_user,
        start=now - timedelta(hours=1),
        end=now + timedelta(days=3),
        by=from_user,
    )


@pytest.fixture
def guarded(supervisor):
    """`guarded`: a request type whose target only users with `secret` clearance may see, decided
    by the supervisor."""
    registry.register_request_type(
        "guarded",
        "受限事项",
        can_handle=lambda user, request: user.clearance_rank >= 2,
    )
    ApprovalChainFactory(request_type="guarded", supervisor_step=True)
    yield
    registry._TYPES.pop("guarded", None)


def test_a_delegate_who_may_not_see_the_target_never_gets_the_task(
    guarded, supervisor, driver, employee
):
    _delegate(supervisor, driver)
    request = approval_submit(request_type="guarded", title="事项", by=employee)
    [task] = _pending(request)
    assert task.assignee == supervisor and task.acting_for is None
    approval_decide(task=task, decision="approve", by=supervisor)
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED


def test_nobody_who_may_not_see_the_target_decides(
    guarded, supervisor, driver, employee, api_client_for
):
    """A task routed to the delegate before the check existed (or before their clearance was
    lowered) cannot be decided by them: 403 and nothing changes."""
    request = approval_submit(request_type="guarded", title="事项", by=employee)
    [task] = _pending(request)
    ApprovalTask.objects.filter(pk=task.pk).update(assignee=driver, acting_for=supervisor)
    task.refresh_from_db()
    with pytest.raises(PermissionDenied):
        approval_decide(task=task, decision="approve", by=driver)
    response = api_client_for(driver).post(
        reverse("workflow-task-decide", args=[task.pk]), {"decision": "approve"}, format="json"
    )
    assert response.status_code == 403
    task.refresh_from_db()
    request.refresh_from_db()
    assert task.status == "pending" and request.status == RequestStatus.PENDING


def test_a_cleared_delegate_still_gets_the_task(guarded, supervisor, clerk, employee):
    _delegate(supervisor, clerk)
    request = approval_submit(request_type="guarded", title="事项", by=employee)
    [task] = _pending(request)
    assert task.assignee == clerk and task.acting_for == supervisor
    approval_decide(task=task, decision="approve", by=clerk)
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED


def test_general_requests_still_delegate_to_anyone(submit, team, driver):
    """The general request has no target to see: delegation works as before, even to 公开."""
    _delegate(team["dept_head"], driver)
    request = submit()
    [task] = _pending(request)
    assert task.assignee == driver and task.acting_for == team["dept_head"]
    approval_decide(task=task, decision="approve", by=driver)
    assert [t.assignee for t in _pending(request)] == [team["supervisor"]]
