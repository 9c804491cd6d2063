from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import Conflict, ServiceError
from zhongshu.documents import services
from zhongshu.documents.models import (
    Circulation,
    EventAction,
    HandlingTask,
    IncomingDocument,
    KnowledgeScope,
    Ledger,
    RoutingSlip,
    Status,
)
from zhongshu.notices.models import Notification
from zhongshu.workflow.models import Deadline

pytestmark = pytest.mark.django_db


def actions(document):
    return list(document.events.values_list("action", flat=True))


# --- registration -------------------------------------------------------------------------
def test_register_general_number_scope_event_audit(doc, clerk):
    year = timezone.localdate().year
    assert doc.reg_number == f"收〔{year}〕0001号"
    assert doc.ledger == Ledger.GENERAL
    assert doc.status == Status.REGISTERED
    assert list(doc.scope.values_list("user__username", "reason")) == [("clerk", "registrar")]
    assert actions(doc) == [EventAction.REGISTERED]
    assert AuditEvent.objects.filter(action="documents.incoming_registered").count() == 1


def test_classified_items_use_their_own_ledger_and_sequence(register):
    year = timezone.localdate().year
    first = register(doc_number="")
    secret = register(level="secret", doc_number="", secrecy_years=5)
    second = register(doc_number="")
    assert first.reg_number == f"收〔{year}〕0001号"
    assert second.reg_number == f"收〔{year}〕0002号"
    assert secret.reg_number == f"密收〔{year}〕0001号"
    assert secret.ledger == Ledger.CLASSIFIED
    assert secret.secrecy_mark == "普通商密★5年"
    assert secret.secrecy_until.year == timezone.localdate().year + 5


def test_classified_item_without_term_takes_level_default(register):
    secret = register(level="secret", doc_number="")
    assert secret.secrecy_years == 10


def test_duplicate_doc_number_is_flagged_before_saving(register):
    first = register()
    with pytest.raises(Conflict) as caught:
        register()
    assert caught.value.code == "duplicate"
    assert IncomingDocument.objects.count() == 1
    again = register(confirm_duplicate=True)
    assert again.duplicate_of == first
    other_issuer = register(issuer="区发展改革委")
    assert other_issuer.duplicate_of is None


@pytest.mark.parametrize(
    "number",
    ["应急发[2026]8号", "应急发〔26〕8号", "应急发〔2026〕08号", "应急发〔2026〕第8号", "8号"],
)
def test_wrong_doc_number_format_is_refused(register, number):
    with pytest.raises(ServiceError) as caught:
        register(doc_number=number)
    assert caught.value.code == "invalid_doc_number"
    assert IncomingDocument.objects.count() == 0


def test_register_refusals(register, employee, clerk, levels):
    with pytest.raises(PermissionDenied):
        register(by=employee)
    with pytest.raises(ServiceError) as caught:
        register(level="top_secret")  # the clerk is cleared for secret only
    assert caught.value.code == "not_cleared"
    with pytest.raises(ServiceError):
        register(subject="  ")
    with pytest.raises(ServiceError):
        register(urgency="asap")
    with pytest.raises(ServiceError):
        register(level="nope")
    assert IncomingDocument.objects.count() == 0


def test_first_review_return(doc, clerk, employee):
    with pytest.raises(ServiceError):
        services.document_return(document=doc, reason="", by=clerk)
    with pytest.raises(PermissionDenied):
        services.document_return(document=doc, reason="不是我单位", by=employee)
    services.document_return(document=doc, reason="非本单位来文", by=clerk)
    doc.refresh_from_db()
    assert doc.status == Status.RETURNED
    assert doc.return_reason == "非本单位来文"
    with pytest.raises(Conflict):
        services.document_return(document=doc, reason="again", by=clerk)


# --- circulation --------------------------------------------------------------------------
def test_sequential_circulation_moves_reader_by_reader(doc, clerk, dept_head, employee):
    circulation = services.circulation_start(
        document=doc, readers=[dept_head.pk, employee.pk], mode="sequential", by=clerk
    )
    first, second = circulation.slips.order_by("position")
    assert (first.state, second.state) == ("pending", "waiting")
    assert first.due_at is not None and second.due_at is None
    with pytest.raises(Conflict) as caught:
        services.slip_sign(slip=second, by=employee)
    assert caught.value.code == "not_your_turn"
    with pytest.raises(PermissionDenied):
        services.slip_sign(slip=first, by=employee)
    services.slip_sign(slip=first, by=dept_head, comment="已阅")
    with pytest.raises(Conflict) as caught:
        services.slip_sign(slip=first, by=dept_head)
    assert caught.value.code == "already_signed"
    second.refresh_from_db()
    assert second.state == "pending" and second.due_at is not None
    services.slip_sign(slip=second, by=employee)
    circulation.refresh_from_db()
    assert circulation.completed_at is not None
    assert EventAction.CIRCULATION_DONE in actions(doc)
    assert not Deadline.objects.open().exists()


def test_parallel_circulation_everyone_at_once(doc, clerk, dept_head, employee):
    circulation = services.circulation_start(
        document=doc, readers=[dept_head.pk, employee.pk], mode="parallel", by=clerk
    )
    assert set(circulation.slips.values_list("state", flat=True)) == {"pending"}
    second = circulation.slips.get(reader=employee)
    services.slip_sign(slip=second, by=employee)
    assert Notification.objects.filter(recipient=dept_head, kind="documents.read").exists()


@pytest.mark.parametrize(
    ("urgency", "hours"), [("very_urgent", 24), ("urgent", 48), ("normal", 120)]
)
def test_deadline_follows_urgency(register, clerk, employee, urgency, hours):
    document = register(urgency=urgency)
    before = timezone.now()
    circulation = services.circulation_start(
        document=document, readers=[employee.pk], mode="parallel", by=clerk
    )
    slip = circulation.slips.get()
    assert before + timedelta(hours=hours) <= slip.due_at <= timezone.now() + timedelta(hours=hours)
    deadline = Deadline.objects.get(owner=employee, kind="documents.read")
    assert deadline.due_at == slip.due_at


def test_deadline_hours_are_configurable(register, clerk, employee, settings):
    settings.DOCUMENTS_READ_HOURS = {"very_urgent": 2}
    document = register(urgency="very_urgent")
    slip = services.circulation_start(
        document=document, readers=[employee.pk], mode="parallel", by=clerk
    ).slips.get()
    assert slip.due_at <= timezone.now() + timedelta(hours=2)


def test_explicit_due_at(doc, clerk, employee):
    due = timezone.now() + timedelta(hours=6)
    slip = services.circulation_start(
        document=doc, readers=[employee.pk], mode="parallel", due_at=due, by=clerk
    ).slips.get()
    assert slip.due_at == due
    with pytest.raises(ServiceError):
        services.circulation_start(
            document=doc,
            readers=[employee.pk],
            mode="parallel",
            due_at=timezone.now() - timedelta(hours=1),
            by=clerk,
        )


def test_circulation_refusals_change_nothing(doc, secret_doc, clerk, employee, cleared_reader):
    with pytest.raises(ServiceError) as caught:
        services.circulation_start(
            document=doc, readers=[employee.pk, 999999], mode="parallel", by=clerk
        )
    assert caught.value.code == "unknown_user"
    with pytest.raises(ServiceError) as caught:
        services.circulation_start(
            document=secret_doc, readers=[cleared_reader.pk, employee.pk], mode="parallel", by=clerk
        )
    assert caught.value.code == "not_cleared"
    with pytest.raises(ServiceError):
        services.circulation_start(document=doc, readers=[], mode="parallel", by=clerk)
    with pytest.raises(ServiceError):
        services.circulation_start(document=doc, readers=[employee.pk], mode="random", by=clerk)
    assert Circulation.objects.count() == 0
    assert RoutingSlip.objects.count() == 0
    assert not KnowledgeScope.objects.filter(user__in=[employee, cleared_reader]).exists()


def test_reader_cannot_add_readers(secret_doc, clerk, cleared_reader, second_reader):
    services.circulation_start(
        document=secret_doc, readers=[cleared_reader.pk], mode="parallel", by=clerk
    )
    with pytest.raises(PermissionDenied):
        services.circulation_start(
            document=secret_doc, readers=[second_reader.pk], mode="parallel", by=cleared_reader
        )
    with pytest.raises(PermissionDenied):
        services.scope_extend(document=secret_doc, users=[second_reader], by=cleared_reader)
    assert not KnowledgeScope.objects.filter(user=second_reader).exists()


def test_reminder_then_escalation_from_periodic_job(register, clerk, supervisor, employee):
    from zhongshu.workflow.services import deadlines_process

    document = register(urgency="very_urgent")
    services.circulation_start(document=document, readers=[employee.pk], mode="parallel", by=clerk)
    now = timezone.now()
    assert deadlines_process(now=now + timedelta(hours=1)) == {"reminded": 0, "escalated": 0}
    assert deadlines_process(now=now + timedelta(hours=23)) == {"reminded": 1, "escalated": 0}
    assert Notification.objects.filter(recipient=employee, kind="deadline_reminder").count() == 1
    assert deadlines_process(now=now + timedelta(hours=25)) == {"reminded": 0, "escalated": 1}
    assert Notification.objects.filter(recipient=employee, kind="deadline_overdue").count() == 1
    escalated = Notification.objects.filter(kind="deadline_escalated")
    assert set(escalated.values_list("recipient__username", flat=True)) == {"clerk", "supervisor"}
    assert deadlines_process(now=now + timedelta(hours=30)) == {"reminded": 0, "escalated": 0}


def test_classified_notifications_never_carry_the_subject(
    secret_doc, clerk, supervisor, cleared_reader
):
    from zhongshu.workflow.services import deadlines_process

    services.circulation_start(
        document=secret_doc, readers=[cleared_reader.pk], mode="parallel", by=clerk
    )
    deadlines_process(now=timezone.now() + timedelta(days=30))
    titles = list(Notification.objects.values_list("title", flat=True))
    assert titles and any(secret_doc.reg_number in t for t in titles)
    assert not any("核心技术" in t for t in titles)
    from django.core import mail

    assert not any("核心技术" in m.subject + m.body for m in mail.outbox)


# --- proposal, instruction, handling --------------------------------------------------------
def test_propose_to_leader_instruct_then_departments_report(
    doc, clerk, leader, company, dept_head, make_user
):
    admin_head = make_user("admin_head", "dept_head", department="admin", name="行政部长")
    company["admin"].head = admin_head
    company["admin"].save()
    proposal = services.document_propose(
        document=doc,
        action="instruct",
        leader=leader,
        basis="市应急局要求",
        opinion="拟请张总阅示",
        priority="high",
        due_date=timezone.localdate() + timedelta(days=3),
        by=clerk,
    )
    doc.refresh_from_db()
    assert doc.status == Status.AWAITING_INSTRUCTION
    assert KnowledgeScope.objects.filter(document=doc, user=leader, reason="instruction").exists()
    assert Deadline.objects.open().filter(owner=leader, kind="documents.instruct").exists()
    with pytest.raises(PermissionDenied):
        services.document_instruct(document=doc, text="同意", lead=company["sales"], by=clerk)
    services.document_instruct(
        document=doc,
        text="请销售部牵头，行政部配合",
        lead=company["sales"],
        assisting=[company["admin"]],
        due_date=timezone.localdate() + timedelta(days=5),
        by=leader,
    )
    proposal.refresh_from_db()
    assert proposal.instruction == "请销售部牵头，行政部配合"
    doc.refresh_from_db()
    assert doc.status == Status.HANDLING
    lead, assist = doc.tasks.order_by("role")
    assert (lead.role, lead.assignee, assist.role, assist.assignee) == (
        "assist",
        admin_head,
        "lead",
        dept_head,
    ) or (lead.assignee == dept_head)
    tasks = {t.assignee.username: t for t in doc.tasks.all()}
    assert tasks["dept_head"].role == HandlingTask.Role.LEAD
    assert tasks["admin_head"].role == HandlingTask.Role.ASSIST
    assert not Deadline.objects.open().filter(kind="documents.instruct").exists()
    with pytest.raises(PermissionDenied):
        services.task_report(task=tasks["dept_head"], result="完成", by=admin_head)
    services.task_report(task=tasks["dept_head"], result="已完成检查", by=dept_head)
    doc.refresh_from_db()
    assert doc.status == Status.HANDLING
    with pytest.raises(Conflict):
        services.task_report(task=tasks["dept_head"], result="again", by=dept_head)
    services.task_report(task=tasks["admin_head"], result="已配合", by=admin_head)
    doc.refresh_from_db()
    assert doc.status == Status.DONE and doc.finished_at
    assert EventAction.DONE in actions(doc)


def test_propose_to_departments_directly_and_for_information(register, clerk, company, dept_head):
    first = register(doc_number="")
    services.document_propose(document=first, action="departments", lead=company["sales"], by=clerk)
    first.refresh_from_db()
    assert first.status == Status.HANDLING
    assert first.tasks.get().assignee == dept_head
    second = register(doc_number="")
    services.document_propose(document=second, action="inform", by=clerk)
    second.refresh_from_db()
    assert second.status == Status.DONE
    with pytest.raises(Conflict):
        services.document_propose(document=second, action="inform", by=clerk)


def test_propose_refusals(doc, clerk, employee, company):
    with pytest.raises(ServiceError):
        services.document_propose(document=doc, action="instruct", leader=employee, by=clerk)
    with pytest.raises(ServiceError) as caught:
        services.document_propose(
            document=doc, action="departments", lead=company["branch"], by=clerk
        )
    assert caught.value.code == "no_head"
    with pytest.raises(ServiceError):
        services.document_propose(document=doc, action="departments", by=clerk)
    with pytest.raises(ServiceError):
        services.document_propose(
            document=doc,
            action="inform",
            due_date=timezone.localdate() - timedelta(days=1),
            by=clerk,
        )
    doc.refresh_from_db()
    assert doc.status == Status.REGISTERED
    assert not doc.proposals.exists()


# --- archive ---------------------------------------------------------------------------------
def test_archive_only_finished_items_with_da_t22_number(doc, clerk, employee, settings):
    year = timezone.localdate().year
    with pytest.raises(Conflict) as caught:
        services.document_archive(document=doc, retention="D30", category="WS", year=year, by=clerk)
    assert caught.value.code == "not_finished"
    circulation = services.circulation_start(
        document=doc, readers=[employee.pk], mode="parallel", by=clerk
    )
    with pytest.raises(Conflict):
        services.document_archive(document=doc, retention="D30", category="WS", year=year, by=clerk)
    services.slip_sign(slip=circulation.slips.get(), by=employee)
    archived = services.document_archive(
        document=doc, retention="D30", category="ws", year=year, paper_location="A柜3盒", by=clerk
    )
    assert archived.archive_number == f"Z001-WS·{year}-D30-BGS-0001"
    doc.refresh_from_db()
    assert doc.status == Status.ARCHIVED
    with pytest.raises(Conflict):
        services.document_archive(document=doc, retention="D30", category="WS", year=year, by=clerk)


def test_archive_numbers_count_per_year_retention_and_org(register, clerk):
    year = timezone.localdate().year
    numbers = []
    for retention in ("D10", "D10", "Y"):
        document = register(doc_number="")
        services.document_propose(document=document, action="inform", by=clerk)
        numbers.append(
            services.document_archive(
                document=document, retention=retention, category="WS", year=year, by=clerk
            ).archive_number
        )
    assert numbers == [
        f"Z001-WS·{year}-D10-BGS-0001",
        f"Z001-WS·{year}-D10-BGS-0002",
        f"Z001-WS·{year}-Y-BGS-0001",
    ]


def test_archive_refusals(register, clerk):
    document = register(doc_number="")
    services.document_propose(document=document, action="inform", by=clerk)
    for bad in ({"retention": "D99"}, {"category": "文书"}, {"year": 3000}):
        values = {"retention": "D30", "category": "WS", "year": timezone.localdate().year, **bad}
        with pytest.raises(ServiceError):
            services.document_archive(document=document, by=clerk, **values)
    document.refresh_from_db()
    assert document.status == Status.DONE


def test_fixity_check_finds_damaged_files(register, clerk, supervisor):
    from zhongshu.files.models import Attachment
    from zhongshu.files.services import storage_path

    from .conftest import txt

    document = register(doc_number="")
    services.document_attach(document=document, upload=txt(), by=clerk)
    services.document_propose(document=document, action="inform", by=clerk)
    archived = services.document_archive(
        document=document, retention="D10", category="WS", year=timezone.localdate().year, by=clerk
    )
    assert services.fixity_check() == {"checked": 1, "failed": 0}
    archived.refresh_from_db()
    assert archived.fixity_ok is True and archived.fixity_checked_at
    path = storage_path(Attachment.objects.get().storage_name)
    data = bytearray(path.read_bytes())
    data[-5] ^= 0xFF
    path.write_bytes(bytes(data))
    assert services.fixity_check() == {"checked": 1, "failed": 1}
    archived.refresh_from_db()
    assert archived.fixity_ok is False
    assert Notification.objects.filter(recipient=supervisor, kind="documents.fixity").exists()


# --- declassification --------------------------------------------------------------------------
def test_declassify_review(secret_doc, clerk):
    deadline = Deadline.objects.open().get(kind="documents.declassify")
    assert deadline.owner == clerk
    assert timezone.localdate(deadline.due_at) == secret_doc.secrecy_until
    until = secret_doc.secrecy_until
    services.declassify_review(document=secret_doc, decision="extend", extend_years=2, by=clerk)
    secret_doc.refresh_from_db()
    assert secret_doc.secrecy_until == until.replace(year=until.year + 2)
    with pytest.raises(ServiceError):
        services.declassify_review(document=secret_doc, decision="extend", extend_years=0, by=clerk)
    services.declassify_review(document=secret_doc, decision="declassify", by=clerk)
    secret_doc.refresh_from_db()
    assert secret_doc.level.code == "internal" and not secret_doc.is_classified
    assert not Deadline.objects.open().filter(kind="documents.declassify").exists()


def test_declassify_inbox_task_when_term_ended(secret_doc, clerk):
    from zhongshu.workflow.inbox import inbox_for

    IncomingDocument.objects.filter(pk=secret_doc.pk).update(
        secrecy_until=timezone.localdate() - timedelta(days=1)
    )
    kinds = [item.kind for item in inbox_for(clerk)]
    assert "documents.declassify" in kinds
