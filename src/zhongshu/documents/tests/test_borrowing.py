"""借阅: request → approval → lent (deadline) → returned, and every refusal."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import Conflict, ServiceError
from zhongshu.documents import services
from zhongshu.documents.models import (
    Borrowing,
    BorrowingStatus,
    KnowledgeScope,
    RoutingSlip,
)
from zhongshu.workflow.models import Deadline
from zhongshu.workflow.services import approval_decide, deadlines_process

pytestmark = pytest.mark.django_db

ARCHIVE = {"retention": "D30", "category": "WS", "year": timezone.localdate().year}


def _archive(document, clerk, reader):
    services.circulation_start(document=document, readers=[reader.pk], mode="parallel", by=clerk)
    services.slip_sign(slip=RoutingSlip.objects.get(document=document), by=reader)
    services.document_archive(document=document, by=clerk, **ARCHIVE)
    document.refresh_from_db()
    return document


@pytest.fixture
def archived(doc, clerk, employee):
    return _archive(doc, clerk, employee)


def _in(days):
    return timezone.localdate() + timedelta(days=days)


def _request(document, user, days=7, purpose="编写年度总结"):
    return services.borrowing_request(
        document=document, purpose=purpose, return_by=_in(days), by=user
    )


def _decide(borrowing, clerk, decision="approve"):
    task = borrowing.approval.tasks.get(assignee=clerk)
    approval_decide(task=task, decision=decision, comment="不符合规定", by=clerk)
    borrowing.refresh_from_db()
    return borrowing


def test_request_approve_return(archived, employee, clerk, supervisor):
    borrowing = _request(archived, employee)
    assert borrowing.status == BorrowingStatus.REQUESTED
    assert borrowing.approval.request_type == "document_borrowing"
    assert borrowing.approval.tasks.get().assignee == clerk
    assert AuditEvent.objects.filter(action="documents.borrowing_requested").count() == 1

    borrowing = _decide(borrowing, clerk)
    assert borrowing.status == BorrowingStatus.APPROVED
    assert borrowing.approved_at is not None
    assert KnowledgeScope.objects.filter(
        document=archived, user=employee, reason=KnowledgeScope.Reason.READER
    ).exists()
    deadline = Deadline.objects.get(kind="documents.borrowing", owner=employee)
    assert timezone.localdate(deadline.due_at) == borrowing.return_by
    assert deadline.done_at is None

    services.borrowing_return(borrowing=borrowing, by=supervisor)
    borrowing.refresh_from_db()
    assert borrowing.status == BorrowingStatus.RETURNED
    assert borrowing.returned_to == supervisor
    deadline.refresh_from_db()
    assert deadline.done_at is not None
    assert list(borrowing.events.values_list("action", flat=True)) == [
        "requested",
        "approved",
        "returned",
    ]
    with pytest.raises(Conflict) as error:
        services.borrowing_return(borrowing=borrowing, by=clerk)
    assert error.value.code == "already_returned"


def test_borrower_joins_scope_when_approved(archived, leader, clerk):
    borrowing = _request(archived, leader)
    assert not KnowledgeScope.objects.filter(document=archived, user=leader).exists()
    _decide(borrowing, clerk)
    assert KnowledgeScope.objects.get(document=archived, user=leader).reason == "borrower"


def test_rejected(archived, employee, clerk):
    borrowing = _decide(_request(archived, employee), clerk, decision="reject")
    assert borrowing.status == BorrowingStatus.REJECTED
    assert not Deadline.objects.filter(kind="documents.borrowing").exists()
    with pytest.raises(Conflict) as error:
        services.borrowing_return(borrowing=borrowing, by=clerk)
    assert error.value.code == "not_lent"
    # A rejected request does not block a new one.
    assert _request(archived, employee).status == BorrowingStatus.REQUESTED


def test_overdue_reminds_then_escalates(archived, employee, clerk, supervisor):
    from zhongshu.notices.models import Notification

    borrowing = _decide(_request(archived, employee, days=0), clerk)
    assert Borrowing.objects.overdue(today=_in(1)).get() == borrowing
    deadline = Deadline.objects.get(kind="documents.borrowing")
    deadlines_process(now=deadline.due_at + timedelta(minutes=1))
    deadline.refresh_from_db()
    assert deadline.reminded_at is not None
    assert deadline.escalated_at is not None
    assert Notification.objects.filter(recipient=clerk).exists()
    assert Notification.objects.filter(recipient=supervisor).exists()


def test_refusals_change_nothing(doc, archived, employee, clerk, outsider, register):
    unarchived = register(subject="关于车辆管理的通知", doc_number="")
    with pytest.raises(Conflict) as error:
        _request(unarchived, clerk)
    assert error.value.code == "not_archived"
    with pytest.raises(ServiceError) as error:
        _request(archived, employee, days=-1)
    assert error.value.field == "return_by"
    with pytest.raises(ServiceError) as error:
        _request(archived, employee, days=400)
    assert error.value.field == "return_by"
    with pytest.raises(ServiceError) as error:
        _request(archived, employee, purpose="  ")
    assert error.value.field == "purpose"
    with pytest.raises(PermissionDenied):
        _request(archived, outsider)
    assert not Borrowing.objects.exists()
    _request(archived, employee)
    with pytest.raises(Conflict) as error:
        _request(archived, employee)
    assert error.value.code == "open"
    assert Borrowing.objects.count() == 1


def test_only_registry_confirms_return(archived, employee, clerk, auditor):
    borrowing = _decide(_request(archived, employee), clerk)
    for user in (employee, auditor):
        with pytest.raises(PermissionDenied):
            services.borrowing_return(borrowing=borrowing, by=user)
    borrowing.refresh_from_db()
    assert borrowing.status == BorrowingStatus.APPROVED


def test_classified_needs_scope(secret_doc, clerk, cleared_reader, second_reader):
    archived = _archive(secret_doc, clerk, cleared_reader)
    # Cleared but not on the knowledge scope: may not even see the item.
    with pytest.raises(PermissionDenied):
        _request(archived, second_reader)
    borrowing = _request(archived, cleared_reader)
    assert archived.subject not in borrowing.approval.title
    assert borrowing.approval.reason == ""


def test_visibility(archived, employee, leader, clerk, auditor, outsider):
    mine = _request(archived, employee)
    theirs = _request(archived, leader)
    assert list(Borrowing.objects.visible_to(employee)) == [mine]
    assert set(Borrowing.objects.visible_to(auditor)) == {mine, theirs}
    assert set(Borrowing.objects.visible_to(clerk)) == {mine, theirs}
    assert not Borrowing.objects.visible_to(outsider).exists()


def test_pages(client, archived, employee, clerk):
    client.force_login(employee)
    detail = client.get(reverse("documents:incoming_detail", args=[archived.pk]))
    assert b'data-testid="action-borrow"' in detail.content
    response = client.post(
        reverse("documents:incoming_borrow", args=[archived.pk]),
        {"purpose": "查阅", "return_by": _in(-1).isoformat()},
    )
    assert response.status_code == 200 and "查阅" in response.content.decode()
    assert not Borrowing.objects.exists()
    client.post(
        reverse("documents:incoming_borrow", args=[archived.pk]),
        {"purpose": "查阅", "return_by": _in(3).isoformat()},
    )
    borrowing = _decide(Borrowing.objects.get(), clerk)
    Borrowing.objects.filter(pk=borrowing.pk).update(return_by=_in(-2))
    listing = client.get(reverse("documents:borrowing_list"))
    assert b"table-danger" in listing.content
    assert b"borrowing_return" not in listing.content
    client.force_login(clerk)
    listing = client.get(reverse("documents:borrowing_list") + "?overdue=1")
    assert reverse("documents:borrowing_return", args=[borrowing.pk]).encode() in listing.content
    client.post(reverse("documents:borrowing_return", args=[borrowing.pk]))
    borrowing.refresh_from_db()
    assert borrowing.status == BorrowingStatus.RETURNED


def test_api(api_client_for, archived, doc, employee, clerk):
    api = api_client_for(employee)
    url = reverse("documents-borrowing-list")
    response = api.post(
        url, {"document": archived.pk, "purpose": "查阅", "return_by": _in(-1)}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    response = api.post(
        url, {"document": archived.pk, "purpose": "查阅", "return_by": _in(5)}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "requested"
    assert body["overdue"] is False
    assert [row["id"] for row in api.get(url).json()["results"]] == [body["id"]]
    borrowing = _decide(Borrowing.objects.get(pk=body["id"]), clerk)
    return_url = reverse("documents-borrowing-return", args=[borrowing.pk])
    assert api.post(return_url).status_code == 403
    clerk_api = api_client_for(clerk)
    response = clerk_api.post(return_url)
    assert response.status_code == 200
    assert response.json()["status"] == "returned"
    response = clerk_api.post(return_url)
    assert response.status_code == 409
    assert response.json()["code"] == "already_returned"
