"""Hardening of the documents app against what an attacker and a careless user found (issue 11):

- #6 classified file names, subjects and titles in the audit log, read by auditors and
  supervisors outside the knowledge scope;
- #7 a borrowing of a classified item delegated to someone not cleared for it;
- #9 outgoing documents (发文) without a 密级: the level was dropped and the auditor read the text;
- #21 the archive catalogue (归档文件目录) not ready to print.
"""

import json
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import ServiceError
from zhongshu.documents import services
from zhongshu.documents.models import (
    Borrowing,
    BorrowingStatus,
    OutgoingDocument,
    OutgoingStatus,
    RoutingSlip,
)
from zhongshu.documents.services.incoming import add_years
from zhongshu.files.models import Attachment
from zhongshu.notices.models import Notification
from zhongshu.org.models import User
from zhongshu.workflow.inbox import inbox_for
from zhongshu.workflow.models import ApprovalTask, Deadline
from zhongshu.workflow.services import approval_decide, delegation_set

from .conftest import txt

pytestmark = pytest.mark.django_db

# A word that appears only in the names, subjects, titles and texts that must stay secret.
MARK = "SECRETMARK"
YEAR = timezone.localdate().year
ARCHIVE = {"retention": "D30", "category": "WS", "year": YEAR}


def _web(user):
    client = Client()
    client.force_login(user)
    return client


def _audit_as_read(user, api_client_for) -> str:
    """Everything `user` reads in the audit log: the API's events and the audit page."""
    api = api_client_for(user).get(reverse("audit-event-list"), {"page_size": 200})
    assert api.status_code == 200
    page = _web(user).get(reverse("audit:list"))
    assert page.status_code == 200
    return api.content.decode() + page.content.decode()


def _stored_audit() -> str:
    return json.dumps(
        [
            [event.object_repr, event.before, event.after, event.note]
            for event in AuditEvent.objects.all()
        ],
        ensure_ascii=False,
    )


# --- #6: the audit log names classified material by its registration number only -------------


def test_audit_rows_of_a_classified_items_files_show_its_registration_number_only(
    secret_doc, clerk, cleared_reader, auditor, supervisor, api_client_for
):
    """The auditor (内部/商密, not on the scope) and the supervisor (cleared, not on the scope)
    read the log; neither may learn the file's name."""
    attachment = services.document_attach(
        document=secret_doc, upload=txt(f"secret-plan {MARK}.txt", "谈判底价"), by=clerk
    )
    services.scope_extend(document=secret_doc, users=[cleared_reader], by=clerk)
    download = _web(cleared_reader).get(reverse("files:download", args=[attachment.pk]))
    assert download.status_code == 200
    b"".join(download.streaming_content)

    rows = AuditEvent.objects.filter(object_type="files.attachment")
    assert sorted(rows.values_list("action", flat=True)) == ["download", "files.attachment_added"]
    assert set(rows.values_list("object_repr", flat=True)) == {secret_doc.reg_number}
    assert MARK not in _stored_audit()
    for reader in (auditor, supervisor):
        assert MARK not in _audit_as_read(reader, api_client_for)


def test_the_subject_and_return_reason_of_a_classified_item_stay_out_of_the_log(
    register, clerk, auditor, api_client_for
):
    document = register(subject=f"关于{MARK}的请示", level="secret", doc_number="")
    services.document_update(document=document, subject=f"关于{MARK}项目的请示", by=clerk)
    services.document_return(document=document, reason=f"{MARK}不属于本单位", by=clerk)
    assert AuditEvent.objects.filter(action="documents.incoming_returned").exists()
    assert MARK not in _stored_audit()
    assert MARK not in _audit_as_read(auditor, api_client_for)


def test_files_of_unclassified_items_keep_their_names_in_the_log(doc, clerk):
    services.document_attach(document=doc, upload=txt("值班表.txt"), by=clerk)
    event = AuditEvent.objects.get(action="files.attachment_added")
    assert event.object_repr == "值班表.txt" and event.after["name"] == "值班表.txt"


# --- #7: a delegate must be able to see what the task shows ----------------------------------


@pytest.fixture
def archived_secret(secret_doc, clerk, cleared_reader):
    services.circulation_start(
        document=secret_doc, readers=[cleared_reader.pk], mode="parallel", by=clerk
    )
    services.slip_sign(slip=RoutingSlip.objects.get(document=secret_doc), by=cleared_reader)
    services.document_archive(document=secret_doc, by=clerk, **ARCHIVE)
    secret_doc.refresh_from_db()
    return secret_doc


def test_a_borrowing_of_a_classified_item_stays_with_the_archivist_not_the_uncleared_delegate(
    archived_secret, clerk, driver, cleared_reader, api_client_for
):
    now = timezone.now()
    delegation_set(
        from_user=clerk,
        to_user=driver,
        start=now - timedelta(hours=1),
        end=now + timedelta(days=3),
        by=clerk,
    )
    borrowing = services.borrowing_request(
        document=archived_secret,
        purpose="核对条款",
        return_by=timezone.localdate() + timedelta(days=7),
        by=cleared_reader,
    )
    [task] = borrowing.approval.tasks.all()
    assert task.assignee == clerk and task.acting_for is None
    assert not ApprovalTask.objects.filter(assignee=driver).exists()

    # A task that reached the driver anyway (routed before the fix) is refused, nothing changes.
    ApprovalTask.objects.filter(pk=task.pk).update(assignee=driver, acting_for=clerk)
    response = api_client_for(driver).post(
        reverse("workflow-task-decide", args=[task.pk]), {"decision": "approve"}, format="json"
    )
    assert response.status_code == 403
    borrowing.refresh_from_db()
    assert borrowing.status == BorrowingStatus.REQUESTED

    ApprovalTask.objects.filter(pk=task.pk).update(assignee=clerk, acting_for=None)
    task.refresh_from_db()
    approval_decide(task=task, decision="approve", by=clerk)
    assert Borrowing.objects.get(pk=borrowing.pk).status == BorrowingStatus.APPROVED


# --- #9: outgoing documents carry a 密级 and 保密期限 -----------------------------------------


def _draft(by, *, level="secret", recipients=(), **values):
    values = {"title": f"关于{MARK}项目的通知", "body": f"{MARK}的实施方案如下。", **values}
    return services.outgoing_create(by=by, level=level, recipients=recipients, **values)


def test_the_api_keeps_the_level_and_term_of_an_outgoing_document(supervisor, api_client_for):
    api = api_client_for(supervisor)
    response = api.post(
        reverse("documents-outgoing-list"),
        {"title": f"{MARK}方案", "body": "正文", "level": "top_secret"},
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["level"] == "top_secret"
    assert data["secrecy_years"] == 30
    assert data["secrecy_until"] == add_years(timezone.localdate(), 30).isoformat()
    detail = api.get(reverse("documents-outgoing-detail", args=[data["id"]])).json()
    assert detail["level"] == "top_secret"
    outgoing = OutgoingDocument.objects.get(pk=data["id"])
    assert outgoing.level_rank == 4 and outgoing.is_classified


@pytest.mark.parametrize(
    ("level", "code"),
    [
        ("ultra_secret", "invalid_level"),
        ("top_secret", "not_cleared"),
    ],
)
def test_an_unknown_level_or_one_above_the_drafters_clearance_answers_400(
    clerk, api_client_for, level, code
):
    response = api_client_for(clerk).post(
        reverse("documents-outgoing-list"),
        {"title": "通知", "body": "正文", "level": level},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert not OutgoingDocument.objects.exists()


def test_a_level_that_is_no_code_is_refused_before_any_query(clerk):
    """A NUL byte in the code would make PostgreSQL fail the query (a 500)."""
    with pytest.raises(ServiceError) as refused:
        _draft(clerk, level="secret\x00")
    assert refused.value.code == "invalid_level"


def test_a_document_left_unmarked_is_internal(clerk, api_client_for):
    response = api_client_for(clerk).post(
        reverse("documents-outgoing-list"), {"title": "通知", "body": "正文"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["level"] == "internal"
    assert response.json()["secrecy_until"] is None


@pytest.fixture
def secret_outgoing(clerk, cleared_reader):
    return _draft(clerk, recipients=[cleared_reader])


OUTSIDERS = {
    # cleared for 普通商密, not on the document's scope (neither drafter, signer nor recipient):
    "auditor": lambda p: p["auditor"],
    "leader_not_signer": lambda p: p["leader"],
    # not cleared:
    "employee": lambda p: p["employee"],
    "driver": lambda p: p["driver"],
    # a recipient, before the document is issued:
    "recipient_before_issue": lambda p: User.objects.get(username="reader1"),
}


@pytest.fixture(params=sorted(OUTSIDERS))
def outsider_of(request, secret_outgoing, personas):
    return OUTSIDERS[request.param](personas)


def test_a_classified_outgoing_document_is_hidden_outside_its_scope(
    secret_outgoing, clerk, outsider_of, api_client_for
):
    attachment = Attachment.objects.get(
        pk=services_attach(secret_outgoing, clerk, f"{MARK}附件.txt").pk
    )
    web, api = _web(outsider_of), api_client_for(outsider_of)
    assert web.get(reverse("documents:outgoing_detail", args=[secret_outgoing.pk])).status_code == (
        404
    )
    assert MARK not in web.get(reverse("documents:outgoing_list")).content.decode()
    assert api.get(reverse("documents-outgoing-detail", args=[secret_outgoing.pk])).status_code == (
        404
    )
    listed = api.get(reverse("documents-outgoing-list")).json()["results"]
    assert secret_outgoing.pk not in [row["id"] for row in listed]
    assert web.get(reverse("files:download", args=[attachment.pk])).status_code == 404
    assert not api.get(reverse("documents-search"), {"q": MARK}).json()["results"]
    assert not api.get(reverse("search"), {"q": MARK}).json()["results"]
    found = web.get(reverse("search:results"), {"q": MARK}).content.decode()
    assert reverse("documents:outgoing_detail", args=[secret_outgoing.pk]) not in found
    assert MARK not in api.get(reverse("api-inbox")).content.decode()


def services_attach(outgoing, by, name):
    from zhongshu.files.services import attachment_create

    return attachment_create(owner=outgoing, upload=txt(name, f"{MARK}的附件正文"), by=by)


def test_registry_staff_cleared_for_the_level_and_the_drafter_see_it(
    secret_outgoing, clerk, supervisor, make_user, api_client_for
):
    for user in (clerk, supervisor):
        response = api_client_for(user).get(
            reverse("documents-outgoing-detail", args=[secret_outgoing.pk])
        )
        assert response.status_code == 200
        assert response.json()["body"] == secret_outgoing.body
    search = reverse("documents-search")
    hits = api_client_for(clerk).get(search, {"q": MARK, "level": "secret"}).json()["results"]
    assert [hit["url"] for hit in hits] == [
        reverse("documents:outgoing_detail", args=[secret_outgoing.pk])
    ]
    assert not api_client_for(clerk).get(search, {"q": MARK, "level": "internal"}).json()["results"]
    # Registry staff below the level do not.
    low_clerk = make_user("clerk2", "clerk", clearance="internal")
    url = reverse("documents-outgoing-detail", args=[secret_outgoing.pk])
    assert api_client_for(low_clerk).get(url).status_code == 404


def test_top_secret_is_hidden_even_from_a_secret_cleared_clerk(supervisor, clerk, api_client_for):
    outgoing = _draft(supervisor, level="top_secret")
    url = reverse("documents-outgoing-detail", args=[outgoing.pk])
    assert api_client_for(clerk).get(url).status_code == 404
    assert api_client_for(supervisor).get(url).status_code == 200


def test_recipients_and_signer_must_be_cleared(clerk, employee, make_user, secret_outgoing):
    with pytest.raises(ServiceError) as refused:
        _draft(clerk, recipients=[employee])
    assert refused.value.code == "not_cleared" and refused.value.field == "recipients"
    uncleared_leader = make_user("leader3", "leader", department="root", clearance="internal")
    with pytest.raises(ServiceError) as refused:
        services.outgoing_review(
            outgoing=secret_outgoing, decision="approve", signer=uncleared_leader, by=clerk
        )
    assert refused.value.field == "signer"
    assert OutgoingDocument.objects.get(pk=secret_outgoing.pk).status == OutgoingStatus.REVIEWING


def _issue(outgoing, clerk, leader):
    services.outgoing_review(outgoing=outgoing, decision="approve", signer=leader, by=clerk)
    services.outgoing_sign_off(outgoing=outgoing, decision="approve", by=leader)
    return services.outgoing_issue(outgoing=outgoing, by=clerk)


def test_a_classified_document_flows_without_its_title_in_notifications_or_the_log(
    secret_outgoing, clerk, leader, cleared_reader, auditor, api_client_for
):
    issued = _issue(secret_outgoing, clerk, leader)
    notified = Notification.objects.filter(recipient__in=[leader, cleared_reader])
    assert notified.count() == 2
    for notification in Notification.objects.all():
        assert MARK not in notification.title + notification.body
    assert issued.number in notified.get(recipient=cleared_reader).title
    assert MARK not in _stored_audit()
    assert MARK not in _audit_as_read(auditor, api_client_for)
    # The recipient, cleared for the level, now sees it and their numbered copy (份号).
    detail = api_client_for(cleared_reader).get(
        reverse("documents-outgoing-detail", args=[issued.pk])
    )
    assert detail.status_code == 200
    copies = detail.json()["copy_register"]
    assert [c["copy_no"] for c in copies if c["user"] == cleared_reader.pk] == ["000001"]


def test_copy_numbers_go_only_to_the_cleared(
    secret_outgoing, clerk, leader, cleared_reader, levels
):
    """A recipient whose clearance was lowered before the issue gets no numbered copy; after the
    issue, lowering it hides the document and its copy register."""
    User.objects.filter(pk=cleared_reader.pk).update(clearance=levels["internal"])
    with pytest.raises(ServiceError) as refused:
        _issue(secret_outgoing, clerk, leader)
    assert refused.value.code == "not_cleared"
    assert not secret_outgoing.copy_register.exists()

    User.objects.filter(pk=cleared_reader.pk).update(clearance=levels["secret"])
    issued = services.outgoing_issue(outgoing=secret_outgoing, by=clerk)
    User.objects.filter(pk=cleared_reader.pk).update(clearance=levels["internal"])
    reader = User.objects.get(pk=cleared_reader.pk)
    page = _web(reader).get(reverse("documents:outgoing_detail", args=[issued.pk]))
    assert page.status_code == 404
    with pytest.raises(PermissionDenied):
        services.outgoing_acknowledge(outgoing=issued, by=reader)


def test_files_of_a_classified_outgoing_document_are_not_extracted_and_logged_by_number(
    secret_outgoing, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        attachment = services_attach(secret_outgoing, clerk, f"{MARK}.txt")
    attachment.refresh_from_db()
    assert attachment.extracted_text == ""
    event = AuditEvent.objects.get(action="files.attachment_added")
    assert MARK not in event.object_repr and event.after["name"] == "***"
    assert event.object_repr == str(secret_outgoing)


def test_the_declassification_review_is_due_when_the_term_ends(
    secret_outgoing, clerk, leader, auditor
):
    deadline = Deadline.objects.get(kind="documents.declassify", owner=clerk)
    assert MARK not in deadline.title
    _issue(secret_outgoing, clerk, leader)
    secret_outgoing.refresh_from_db()
    assert secret_outgoing.secrecy_until == add_years(timezone.localdate(), 10)
    OutgoingDocument.objects.filter(pk=secret_outgoing.pk).update(
        secrecy_until=timezone.localdate()
    )
    [item] = inbox_for(clerk, kind="documents.declassify")
    assert item.url == reverse("documents:outgoing_detail", args=[secret_outgoing.pk])
    assert not OutgoingDocument.objects.visible_to(auditor).filter(pk=secret_outgoing.pk)

    response = _web(clerk).post(
        reverse("documents:outgoing_declassify", args=[secret_outgoing.pk]),
        {"decision": "declassify"},
    )
    assert response.status_code == 302
    secret_outgoing.refresh_from_db()
    assert secret_outgoing.level.code == "internal" and secret_outgoing.secrecy_until is None
    assert OutgoingDocument.objects.visible_to(auditor).filter(pk=secret_outgoing.pk).exists()
    assert Deadline.objects.get(kind="documents.declassify").done_at is not None
    assert inbox_for(clerk, kind="documents.declassify") == []


def test_the_web_form_and_pages_show_the_level(clerk, cleared_reader):
    web = _web(clerk)
    form = web.get(reverse("documents:outgoing_create")).content.decode()
    assert 'name="level"' in form and "普通商密" in form
    assert "绝密" not in form  # above the clerk's own clearance
    response = web.post(
        reverse("documents:outgoing_create"),
        {
            "title": "关于新产品保密的通知",
            "kind": "notice",
            "urgency": "normal",
            "level": OutgoingDocument._meta.get_field("level")
            .related_model.objects.get(code="secret")
            .pk,
            "secrecy_years": 5,
            "body": "各部门：",
            "copies": 1,
            "recipients": cleared_reader.pk,
        },
    )
    outgoing = OutgoingDocument.objects.get()
    assert response.status_code == 302
    assert outgoing.level.code == "secret" and outgoing.secrecy_years == 5
    detail = web.get(reverse("documents:outgoing_detail", args=[outgoing.pk])).content.decode()
    assert "普通商密★5年" in detail
    assert "普通商密★5年" in web.get(reverse("documents:outgoing_list")).content.decode()


# --- #21: the archive catalogue is ready to print ----------------------------------------------


def test_the_archive_catalogue_prints_landscape_one_page_wide_with_its_header_repeated(
    secret_outgoing, doc, clerk, leader, employee
):
    services.circulation_start(document=doc, readers=[employee.pk], mode="parallel", by=clerk)
    services.slip_sign(slip=RoutingSlip.objects.get(document=doc), by=employee)
    services.document_archive(document=doc, by=clerk, **ARCHIVE)
    issued = _issue(secret_outgoing, clerk, leader)
    services.outgoing_archive(outgoing=issued, by=clerk, **ARCHIVE)

    response = _web(clerk).get(reverse("documents:archive_export"))
    sheet = load_workbook(BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == [
        "序号",
        "档号",
        "文号",
        "责任者",
        "题名",
        "日期",
        "密级",
        "页数",
        "备注",
    ]
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDEFGHI"}
    assert widths["B"] >= len(f"Z001-WS·{YEAR}-D30-BGS-0001")
    assert widths["E"] >= 40 and all(width >= 6 for width in widths.values())
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == [1, 2]
    assert rows[0][5] == timezone.localdate(doc.received_at).strftime("%Y%m%d")
    assert sheet.cell(row=2, column=1).number_format == "0"
    outgoing_row = next(row for row in rows if row[2] == issued.number)
    assert outgoing_row[6] == "普通商密★10年"
