"""A retried POST does not run twice (hardening #12, the API half): `Idempotency-Key`."""

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.test.client import encode_multipart
from django.utils import timezone

from zhongshu.api.idempotency import IDEMPOTENCY_TTL
from zhongshu.api.models import IdempotencyKey
from zhongshu.api.tasks import purge_idempotency_keys
from zhongshu.documents.models import IncomingDocument
from zhongshu.workflow.models import ApprovalRequest

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/documents/incoming/"
REQUESTS = "/api/v1/workflow/requests/"
ITEM = {"subject": "关于开展安全检查的通知", "issuer": "市应急管理局", "kind": "notice"}


@pytest.fixture(autouse=True)
def approver(dept_head):
    """The head of the employee's department approves general requests."""
    return dept_head


def post(client, url, body, key, **extra):
    return client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key, **extra)


def test_a_registration_sent_twice_with_one_key_registers_once(api_client_for, clerk):
    """An item without 文号 is not caught as a duplicate: only the key keeps it single."""
    client = api_client_for(clerk)
    body = {**ITEM, "level": "internal"}
    first = post(client, REGISTER, body, "reg-7f3a")
    again = post(client, REGISTER, body, "reg-7f3a")
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert IncomingDocument.objects.count() == 1
    other = post(client, REGISTER, body, "reg-8b21")
    assert other.status_code == 201
    assert IncomingDocument.objects.count() == 2


def test_a_general_request_sent_twice_with_one_key_is_submitted_once(api_client_for, employee):
    client = api_client_for(employee)
    body = {"title": "申请购买显示器", "reason": "旧显示器坏了", "amount": "1200.00"}
    first = post(client, REQUESTS, body, "req-1")
    again = post(client, REQUESTS, body, "req-1")
    assert first.status_code == again.status_code == 201
    assert again.json()["number"] == first.json()["number"]
    assert ApprovalRequest.objects.filter(requester=employee).count() == 1


def test_a_multipart_retry_is_recognised_whatever_its_boundary(api_client_for, employee):
    client = api_client_for(employee)
    answers = []
    for boundary in ("first-boundary-1", "second-boundary-2"):
        body = encode_multipart(boundary, {"title": "报销", "reason": "差旅"})
        answers.append(
            client.post(
                REQUESTS,
                body,
                content_type=f"multipart/form-data; boundary={boundary}",
                HTTP_IDEMPOTENCY_KEY="multi-1",
            )
        )
    assert [answer.status_code for answer in answers] == [201, 201]
    assert answers[1].headers["Idempotent-Replayed"] == "true"
    assert ApprovalRequest.objects.filter(requester=employee).count() == 1


def test_the_same_key_with_another_body_or_route_is_a_conflict(api_client_for, employee):
    client = api_client_for(employee)
    assert post(client, REQUESTS, {"title": "申请一"}, "k-1").status_code == 201
    other_body = post(client, REQUESTS, {"title": "申请二"}, "k-1")
    assert other_body.status_code == 409
    assert other_body.json()["code"] == "idempotency_key_reused"
    other_route = client.post(
        "/api/v1/workflow/delegations/", {}, format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert other_route.status_code == 409
    assert other_route.json()["code"] == "idempotency_key_reused"
    assert ApprovalRequest.objects.filter(requester=employee).count() == 1


def test_a_key_still_running_is_a_conflict(api_client_for, employee):
    client = api_client_for(employee)
    body = {"title": "申请一"}
    assert post(client, REQUESTS, body, "busy").status_code == 201
    IdempotencyKey.objects.filter(key="busy").update(status_code=None, body=b"")
    response = post(client, REQUESTS, body, "busy")
    assert response.status_code == 409
    assert response.json()["code"] == "request_in_progress"
    assert ApprovalRequest.objects.filter(requester=employee).count() == 1


def test_a_refused_request_frees_its_key(api_client_for, employee):
    client = api_client_for(employee)
    refused = post(client, REQUESTS, {"title": ""}, "fix-me")
    assert refused.status_code == 400
    assert not IdempotencyKey.objects.filter(key="fix-me").exists()
    assert post(client, REQUESTS, {"title": "改好了"}, "fix-me").status_code == 201


def test_keys_belong_to_their_user(api_client_for, employee, make_user):
    colleague = make_user("colleague", "employee", department="sales_east")
    body = {"title": "申请一"}
    assert post(api_client_for(employee), REQUESTS, body, "shared").status_code == 201
    theirs = post(api_client_for(colleague), REQUESTS, body, "shared")
    assert theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs.headers
    assert ApprovalRequest.objects.count() == 2


def test_keys_expire_and_are_purged(api_client_for, employee):
    client = api_client_for(employee)
    body = {"title": "申请一"}
    assert post(client, REQUESTS, body, "old").status_code == 201
    long_ago = timezone.now() - IDEMPOTENCY_TTL - timedelta(minutes=1)
    IdempotencyKey.objects.filter(key="old").update(created_at=long_ago)
    rerun = post(client, REQUESTS, body, "old")
    assert rerun.status_code == 201 and "Idempotent-Replayed" not in rerun.headers
    assert ApprovalRequest.objects.filter(requester=employee).count() == 2
    IdempotencyKey.objects.update(created_at=long_ago)
    assert purge_idempotency_keys.call_local() == 1
    assert not IdempotencyKey.objects.exists()


@pytest.mark.parametrize("key", ["", "x" * 256, "键", "two words"])
def test_a_malformed_key_is_bad_input(api_client_for, employee, key):
    response = post(api_client_for(employee), REQUESTS, {"title": "申请一"}, key)
    assert response.status_code == 400
    assert not ApprovalRequest.objects.exists()


def test_the_schema_documents_the_header_on_posts(client, supervisor):
    client.force_login(supervisor)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"][REQUESTS]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in operation["parameters"])
    token = schema["paths"]["/api/v1/auth/token/"]["post"]
    assert not any(p["name"] == "Idempotency-Key" for p in token.get("parameters", []))


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_requests_at_once_with_one_key_run_once(api_client_for, employee, monkeypatch):
    """The first to claim the key runs (held in the service until the other has its answer);
    the other is told the request is in progress."""
    from zhongshu.workflow import services

    submit = services.request_submit
    other_answered = threading.Event()

    def held_submit(**kwargs):
        other_answered.wait(timeout=10)
        return submit(**kwargs)

    monkeypatch.setattr(services, "request_submit", held_submit)
    clients = [api_client_for(employee), api_client_for(employee)]
    barrier = threading.Barrier(2)
    answers = []

    def attempt(client):
        try:
            barrier.wait()
            response = post(client, REQUESTS, {"title": "并发申请"}, "race-1")
            answers.append((response.status_code, response.json().get("code")))
            if response.status_code == 409:
                other_answered.set()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers, key=lambda a: a[0]) == [(201, None), (409, "request_in_progress")]
    assert ApprovalRequest.objects.filter(requester=employee).count() == 1
