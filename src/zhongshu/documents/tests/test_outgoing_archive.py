"""份号 per distributed copy and 整理归档 of issued documents, in the DA/T 22 sequence."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import Conflict
from zhongshu.documents import services
from zhongshu.documents.models import ArchiveRecord, OutgoingDocument, OutgoingStatus
from zhongshu.files.services import attachment_create

from .conftest import txt

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
ARCHIVE = {"retention": "D10", "category": "WS", "year": YEAR}


@pytest.fixture
def issue(clerk, leader):
    """Draft, review, sign off and issue an outgoing document."""

    def make(*, recipients=(), attach=None, **values):
        values = {"title": "关于节假日值班安排的通知", "body": "各部门：……", **values}
        draft = services.outgoing_create(by=clerk, recipients=recipients, **values)
        if attach:
            attachment_create(owner=draft, upload=attach, by=clerk)
        services.outgoing_review(outgoing=draft, decision="approve", signer=leader, by=clerk)
        services.outgoing_sign_off(outgoing=draft, decision="approve", by=leader)
        return services.outgoing_issue(outgoing=draft, by=clerk)

    return make


def test_issue_numbers_every_distributed_copy(issue, employee):
    issued = issue(main_to="市政府办公厅、区商务局", cc="审计部", recipients=[employee], copies=6)
    register = [(c.copy_mark, c.role, c.recipient) for c in issued.copy_register.all()]
    assert register == [
        ("000001", "main", "市政府办公厅"),
        ("000002", "main", "区商务局"),
        ("000003", "cc", "审计部"),
        ("000004", "internal", employee.display_name),
        ("000005", "kept", ""),
        ("000006", "kept", ""),
    ]
    assert issued.copy_register.get(role="internal").user == employee


def test_a_print_run_smaller_than_the_distribution_is_raised_to_cover_it(issue, employee):
    issued = issue(main_to="各子公司；各部门", recipients=[employee], copies=1)
    assert OutgoingDocument.objects.get(pk=issued.pk).copies == 3
    assert [c.copy_no for c in issued.copy_register.all()] == [1, 2, 3]


def test_only_issued_documents_archive_in_the_shared_sequence(issue, clerk, leader, register):
    draft = services.outgoing_create(by=clerk, title="草稿", body="……")
    with pytest.raises(Conflict) as refused:
        services.outgoing_archive(outgoing=draft, by=clerk, **ARCHIVE)
    assert refused.value.code == "not_issued" and not ArchiveRecord.objects.exists()
    incoming = register(doc_number="")
    services.document_propose(document=incoming, action="inform", by=clerk)
    services.document_archive(document=incoming, by=clerk, **ARCHIVE)
    issued = issue()
    archived = services.outgoing_archive(
        outgoing=issued, by=clerk, paper_location="B柜1盒", **ARCHIVE
    )
    assert archived.archive_number == f"Z001-WS·{YEAR}-D10-BGS-0002"
    issued.refresh_from_db()
    assert issued.status == OutgoingStatus.ARCHIVED
    assert AuditEvent.objects.filter(action="documents.outgoing_archived").count() == 1
    with pytest.raises(Conflict) as again:
        services.outgoing_archive(outgoing=issued, by=clerk, **ARCHIVE)
    assert again.value.code == "already_archived"


def test_readers_cannot_archive(issue, employee, leader):
    issued = issue(recipients=[employee])
    for user in (employee, leader):
        with pytest.raises(PermissionDenied):
            services.outgoing_archive(outgoing=issued, by=user, **ARCHIVE)
    assert OutgoingDocument.objects.get(pk=issued.pk).status == OutgoingStatus.ISSUED


def test_archived_outgoing_in_list_catalogue_and_fixity(client, issue, clerk, employee, company):
    issued = issue(recipients=[employee], attach=txt("定稿.txt"))
    archived = services.outgoing_archive(outgoing=issued, by=clerk, **ARCHIVE)
    client.force_login(clerk)
    listing = client.get(reverse("documents:archive_list")).content.decode()
    assert archived.archive_number in listing and issued.number in listing
    by_year = client.get(reverse("documents:archive_list"), {"year": YEAR}).content.decode()
    assert archived.archive_number in by_year
    by_level = client.get(reverse("documents:archive_list"), {"ledger": "general"}).content.decode()
    assert archived.archive_number not in by_level  # 收文-only filter: outgoing rows drop out
    book = load_workbook(io.BytesIO(client.get(reverse("documents:archive_export")).content))
    row = list(book.active.iter_rows(values_only=True))[1]
    assert row[1:5] == (archived.archive_number, issued.number, company["root"].name, issued.title)
    assert services.fixity_check() == {"checked": 1, "failed": 0}
    client.force_login(employee)  # a recipient sees the document, never the archive list
    assert client.get(reverse("documents:archive_list")).status_code == 403
    page = client.get(reverse("documents:outgoing_detail", args=[issued.pk])).content.decode()
    assert archived.archive_number in page and 'data-testid="archive-form"' not in page


def test_archive_from_the_page_and_the_api(client, api_client_for, issue, clerk, employee):
    issued = issue(main_to="区商务局", recipients=[employee], copies=3)
    client.force_login(clerk)
    page = client.get(reverse("documents:outgoing_detail", args=[issued.pk])).content.decode()
    assert 'data-testid="copy-register"' in page and "000003" in page
    bad = client.post(
        reverse("documents:outgoing_archive", args=[issued.pk]), {**ARCHIVE, "category": "文书"}
    )
    assert bad.status_code == 302 and not ArchiveRecord.objects.exists()
    api = api_client_for(clerk)
    detail = api.get(f"/api/v1/documents/outgoing/{issued.pk}/").json()
    assert [c["copy_no"] for c in detail["copy_register"]] == ["000001", "000002", "000003"]
    assert detail["archive_number"] is None
    assert (
        api_client_for(employee)
        .post(f"/api/v1/documents/outgoing/{issued.pk}/archive/", ARCHIVE, format="json")
        .status_code
        == 403
    )
    created = api.post(f"/api/v1/documents/outgoing/{issued.pk}/archive/", ARCHIVE, format="json")
    assert created.status_code == 201
    assert created.json()["archive_number"] == f"Z001-WS·{YEAR}-D10-BGS-0001"
    assert api.get(f"/api/v1/documents/outgoing/{issued.pk}/").json()["status"] == "archived"
    conflict = api.post(f"/api/v1/documents/outgoing/{issued.pk}/archive/", ARCHIVE, format="json")
    assert conflict.status_code == 409 and conflict.json()["code"] == "already_archived"


def test_outgoing_documents_are_found_by_who_may_see_them(issue, clerk, employee, outsider):
    from zhongshu.documents.filters import search_documents

    draft = services.outgoing_create(
        by=clerk, title="关于消防演练的通知", body="全体员工参加疏散演练"
    )
    assert [h.url for h in search_documents(clerk, "疏散", {})] == [
        reverse("documents:outgoing_detail", args=[draft.pk])
    ]
    assert search_documents(employee, "疏散", {}) == []  # a draft is the registry's business
    issued = issue(title="关于防汛值班的通知", body="请各部门做好防汛值班", recipients=[employee])
    hits = search_documents(employee, "防汛", {})
    assert [h.title for h in hits] == [f"{issued.number} 关于防汛值班的通知"]
    assert search_documents(employee, issued.number, {})  # by its 发文字号
    assert search_documents(outsider, "防汛", {}) == []
    assert search_documents(clerk, "防汛", {"kind": "notice"})
    assert search_documents(clerk, "防汛", {"ledger": "general"}) == []  # 收文-only filter


def test_recipients_read_issued_documents_from_their_inbox(
    client, api_client_for, issue, clerk, employee, dept_head
):
    from zhongshu.workflow.inbox import inbox_for

    issued = issue(recipients=[employee, dept_head])
    kinds = [item.kind for item in inbox_for(employee)]
    assert "documents.received" in kinds
    client.force_login(employee)
    page = client.get(reverse("documents:outgoing_detail", args=[issued.pk])).content.decode()
    assert (
        'data-testid="acknowledge-form"' in page and "000002" not in page.split("copy-register")[0]
    )
    client.post(reverse("documents:outgoing_acknowledge", args=[issued.pk]))
    copy = issued.copy_register.get(user=employee)
    assert copy.read_at is not None
    assert "documents.received" not in [item.kind for item in inbox_for(employee)]
    with pytest.raises(Conflict) as again:
        services.outgoing_acknowledge(outgoing=issued, by=employee)
    assert again.value.code == "already_read"
    with pytest.raises(PermissionDenied):
        services.outgoing_acknowledge(outgoing=issued, by=clerk)  # sees it, has no copy
    api = api_client_for(dept_head)
    read = api.post(f"/api/v1/documents/outgoing/{issued.pk}/read/")
    assert read.status_code == 200
    register = {c["recipient"]: c["read_at"] for c in read.json()["copy_register"]}
    assert register[dept_head.display_name] and register[employee.display_name]
    assert api.post(f"/api/v1/documents/outgoing/{issued.pk}/read/").status_code == 409


def test_a_draft_is_not_to_read(clerk, employee):
    draft = services.outgoing_create(by=clerk, title="草稿", body="……", recipients=[employee])
    with pytest.raises(PermissionDenied):
        services.outgoing_acknowledge(outgoing=draft, by=employee)
