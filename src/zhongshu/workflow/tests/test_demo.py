import io

import pytest

from zhongshu.org.demo import load_demo
from zhongshu.workflow import demo
from zhongshu.workflow.models import ApprovalRequest, ApprovalTask, RequestStatus

pytestmark = pytest.mark.django_db


def test_small_demo_submits_real_requests_once():
    load_demo("demo-pass-1", "small", stdout=io.StringIO())
    load_demo("demo-pass-1", "small", stdout=io.StringIO())
    general = ApprovalRequest.objects.filter(request_type="general")
    titles = sorted(general.values_list("title", flat=True))
    assert titles == sorted(title for _user, title, _reason, _amount in demo.SMALL_REQUESTS)
    assert ApprovalTask.objects.filter(status="pending").exists()


def test_large_demo_bulk_loads_numbered_requests_with_tasks(monkeypatch):
    monkeypatch.setattr(demo, "LARGE_REQUESTS", 300)
    monkeypatch.setattr(demo, "BUSY_APPROVER_OPEN_TASKS", 20)
    monkeypatch.setattr(demo, "BATCH_SIZE", 100)
    load_demo("demo-pass-1", "small", stdout=io.StringIO())
    demo.load("large", io.StringIO())
    total = ApprovalRequest.objects.count()
    assert total >= 300
    assert ApprovalTask.objects.count() == total
    numbers = list(ApprovalRequest.objects.values_list("number", flat=True))
    assert len(set(numbers)) == total
    assert ApprovalRequest.objects.filter(status=RequestStatus.PENDING).exists()
    demo.load("large", io.StringIO())
    assert ApprovalRequest.objects.count() == total
