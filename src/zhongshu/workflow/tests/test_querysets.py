"""The named reads of the workflow models, over rows built by the factories."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zhongshu.core.roles import Role
from zhongshu.org.tests.factories import UserFactory
from zhongshu.workflow.models import (
    ApprovalRequest,
    ApprovalTask,
    Deadline,
    Delegation,
    RequestStatus,
    TaskStatus,
)

from .factories import ApprovalTaskFactory, DeadlineFactory, DelegationFactory

pytestmark = pytest.mark.django_db


def test_open_for_lists_only_pending_tasks_of_pending_requests():
    approver = UserFactory(roles=[Role.SUPERVISOR])
    waiting = ApprovalTaskFactory(assignee=approver)
    ApprovalTaskFactory(assignee=approver, status=TaskStatus.APPROVED)
    ApprovalTaskFactory(assignee=approver, request__status=RequestStatus.WITHDRAWN)
    ApprovalTaskFactory()  # someone else's
    assert list(ApprovalTask.objects.open_for(approver)) == [waiting]


def test_a_request_is_visible_to_its_people_and_the_reviewers_only():
    task = ApprovalTaskFactory(acting_for=UserFactory())
    request = task.request
    readers = {
        "requester": request.requester,
        "assignee": task.assignee,
        "acting for": task.acting_for,
        "supervisor": UserFactory(roles=[Role.SUPERVISOR]),
        "auditor": UserFactory(roles=[Role.AUDITOR]),
        "colleague": UserFactory(department=request.department),
        "inactive supervisor": UserFactory(roles=[Role.SUPERVISOR], is_active=False),
    }
    seen = {
        who
        for who, user in readers.items()
        if ApprovalRequest.objects.visible_to(user).filter(pk=request.pk).exists()
    }
    assert seen == {"requester", "assignee", "acting for", "supervisor", "auditor"}


def test_deadlines_due_for_a_reminder_or_an_escalation():
    now = timezone.now()
    hour = timedelta(hours=1)
    remind = DeadlineFactory(due_at=now + hour, remind_at=now - hour)
    escalate = DeadlineFactory(due_at=now - hour)
    DeadlineFactory(due_at=now + hour, remind_at=now - hour, reminded_at=now - hour)
    DeadlineFactory(due_at=now - hour, escalated_at=now)
    DeadlineFactory(due_at=now - hour, done_at=now)
    DeadlineFactory()  # due tomorrow, reminder not yet due
    assert list(Deadline.objects.to_remind(now)) == [remind]
    assert list(Deadline.objects.to_escalate(now)) == [escalate]
    assert escalate.is_overdue and not remind.is_overdue


def test_delegation_is_active_in_its_period_for_its_types():
    now = timezone.now()
    current = DelegationFactory(request_types=["general"])
    DelegationFactory(start=now + timedelta(days=1))
    DelegationFactory(end=now)
    DelegationFactory(is_active=False)
    assert list(Delegation.objects.active_at(now)) == [current]
    assert current.covers("general") and not current.covers("meeting_booking")
    assert DelegationFactory().covers("meeting_booking")
