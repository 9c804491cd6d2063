from datetime import timedelta

import pytest
from django.utils import timezone

from zhongshu.workflow.models import ApprovalRequest, ApprovalTask, Delegation

pytestmark = pytest.mark.django_db

BASE = "/api/v1/workflow/"


def task_of(request):
    return ApprovalTask.objects.get(request=request, status="pending")


def test_anonymous_is_refused(api_client_for):
    response = api_client_for(None).get(f"{BASE}requests/")
    assert response.status_code in (401, 403)
    assert "code" in response.json()


def test_submit_list_and_detail(api_client_for, team, outsider):
    client = api_client_for(team["employee"])
    response = client.post(
        f"{BASE}requests/", {"title": "申请显示器", "amount": "800.5"}, format="json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["number"].startswith("SP-") and data["status"] == "pending"
    assert data["amount"] == "800.50" and data["type_label"] == "通用事项申请"
    assert data["tasks"][0]["assignee"]["username"] == "dept_head"
    assert [e["action"] for e in data["events"]] == ["submitted"]
    request = ApprovalRequest.objects.get(pk=data["id"])
    assert request.requester == team["employee"]

    listing = client.get(f"{BASE}requests/").json()
    assert [r["id"] for r in listing["results"]] == [request.pk]
    assert client.get(f"{BASE}requests/", {"status": "approved"}).json()["results"] == []
    assert api_client_for(outsider).get(f"{BASE}requests/").json()["results"] == []
    missing = api_client_for(outsider).get(f"{BASE}requests/{request.pk}/")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert client.get(f"{BASE}requests/{request.pk}/").json()["title"] == "申请显示器"


def test_submit_errors_are_json(api_client_for, team):
    client = api_client_for(team["employee"])
    response = client.post(f"{BASE}requests/", {"title": ""}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    from zhongshu.workflow.models import ApprovalChain

    ApprovalChain.objects.update(is_active=False)
    response = client.post(f"{BASE}requests/", {"title": "x"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "no_chain"
    assert ApprovalRequest.objects.count() == 0


def test_decide(api_client_for, submit, team):
    request = submit()
    task = task_of(request)
    url = f"{BASE}tasks/{task.pk}/decide/"
    forbidden = api_client_for(team["employee"]).post(url, {"decision": "approve"}, format="json")
    assert forbidden.status_code == 403 and forbidden.json()["code"] == "permission_denied"
    client = api_client_for(team["dept_head"])
    no_reason = client.post(url, {"decision": "reject"}, format="json")
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "comment"
    bad = client.post(url, {"decision": "maybe"}, format="json")
    assert bad.status_code == 400
    ok = client.post(url, {"decision": "approve", "comment": "同意"}, format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    twice = client.post(url, {"decision": "approve"}, format="json")
    assert twice.status_code == 409 and twice.json()["code"] == "already_decided"
    request.refresh_from_db()
    assert request.current_step.name == "行政主管审批"


def test_decide_invisible_task_is_404(api_client_for, submit, outsider):
    task = task_of(submit())
    response = api_client_for(outsider).post(
        f"{BASE}tasks/{task.pk}/decide/", {"decision": "approve"}, format="json"
    )
    assert response.status_code == 404


def test_return_resubmit_withdraw(api_client_for, submit, team):
    request = submit()
    api_client_for(team["dept_head"]).post(
        f"{BASE}tasks/{task_of(request).pk}/decide/",
        {"decision": "return", "comment": "补充"},
        format="json",
    )
    client = api_client_for(team["employee"])
    response = client.post(
        f"{BASE}requests/{request.pk}/resubmit/",
        {"title": "新标题", "amount": "20000"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["status"] == "pending"
    assert ApprovalRequest.objects.get(pk=request.pk).chain.name == "通用事项审批（大额）"
    other = api_client_for(team["dept_head"]).post(f"{BASE}requests/{request.pk}/withdraw/")
    assert other.status_code == 403
    response = client.post(f"{BASE}requests/{request.pk}/withdraw/")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    again = client.post(f"{BASE}requests/{request.pk}/withdraw/")
    assert again.status_code == 409


def test_delegations(api_client_for, team, make_user):
    deputy = make_user("deputy", "employee", department="sales")
    client = api_client_for(team["dept_head"])
    now = timezone.now()
    payload = {
        "to_username": "deputy",
        "start": now.isoformat(),
        "end": (now + timedelta(days=2)).isoformat(),
    }
    response = client.post(f"{BASE}delegations/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["to_user"]["username"] == "deputy"
    assert response.json()["request_types"] == []
    overlap = client.post(f"{BASE}delegations/", payload, format="json")
    assert overlap.status_code == 409 and overlap.json()["code"] == "overlap"
    unknown = client.post(f"{BASE}delegations/", {**payload, "to_username": "ghost"}, format="json")
    assert unknown.status_code == 400
    received = api_client_for(deputy).get(f"{BASE}delegations/").json()["results"]
    assert len(received) == 1 and received[0]["from_user"]["username"] == "dept_head"
    delegation = Delegation.objects.get()
    assert api_client_for(deputy).delete(f"{BASE}delegations/{delegation.pk}/").status_code == 404
    assert client.delete(f"{BASE}delegations/{delegation.pk}/").status_code == 204
    delegation.refresh_from_db()
    assert not delegation.is_active


def test_list_query_budget(api_client_for, submit, team, django_assert_max_num_queries):
    for _ in range(10):
        submit()
    client = api_client_for(team["employee"])
    with django_assert_max_num_queries(10):
        response = client.get(f"{BASE}requests/")
    assert len(response.json()["results"]) == 10


def test_resubmit_by_someone_who_may_only_read_is_403_before_validation(
    api_client_for, employee, dept_head, auditor
):
    from zhongshu.workflow.services import approval_submit

    approval = approval_submit(request_type="general", title="借用会议室", by=employee)
    response = api_client_for(auditor).post(
        f"/api/v1/workflow/requests/{approval.pk}/resubmit/", {}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_inbox_lists_my_pending_approval_with_links(api_client_for, employee, dept_head):
    from zhongshu.workflow.services import approval_submit

    request = approval_submit(
        request_type="general", title="申请借用投影仪", reason="客户演示", by=employee
    )
    body = api_client_for(dept_head).get("/api/v1/inbox/").json()
    assert len(body) == 1
    item = body[0]
    assert item["kind"] == "approval"
    assert "申请借用投影仪" in item["title"]
    assert item["url"].endswith(f"/workflow/requests/{request.pk}/")
    assert item["api_url"].endswith(f"/api/v1/workflow/requests/{request.pk}/")
    assert item["overdue"] is False
    assert api_client_for(employee).get("/api/v1/inbox/").json() == []


def test_submit_with_files_as_multipart(api_client_for, team):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhongshu.files.models import Attachment

    client = api_client_for(team["employee"])
    files = [
        SimpleUploadedFile("清单.txt", "投影仪 一台".encode(), content_type="text/plain"),
        SimpleUploadedFile("说明.txt", "会议室用".encode(), content_type="text/plain"),
    ]
    response = client.post(
        f"{BASE}requests/", {"title": "带附件", "amount": "300", "attachments": files}
    )
    assert response.status_code == 201, response.json()
    request = ApprovalRequest.objects.get(pk=response.json()["id"])
    names = sorted(Attachment.objects.values_list("original_name", flat=True))
    assert names == ["清单.txt", "说明.txt"]
    assert set(Attachment.objects.values_list("owner_id", flat=True)) == {str(request.pk)}


def test_a_refused_file_leaves_no_request(api_client_for, team):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhongshu.files.models import Attachment

    fake = SimpleUploadedFile("fake.pdf", b"not a pdf at all", content_type="application/pdf")
    response = api_client_for(team["employee"]).post(
        f"{BASE}requests/", {"title": "坏附件", "attachments": [fake]}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "attachments"
    assert ApprovalRequest.objects.count() == 0 and Attachment.objects.count() == 0


def test_json_attachments_must_be_files(api_client_for, team):
    response = api_client_for(team["employee"]).post(
        f"{BASE}requests/", {"title": "x", "attachments": ["not-a-file"]}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert ApprovalRequest.objects.count() == 0
