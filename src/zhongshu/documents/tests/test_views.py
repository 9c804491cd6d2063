from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from zhongshu.documents import services
from zhongshu.documents.models import IncomingDocument, OutgoingDocument, RoutingSlip

from .conftest import txt

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


FORM = {
    "subject": "关于开展消防安全检查的通知",
    "issuer": "市应急管理局",
    "doc_number": "应急发〔2026〕8号",
    "kind": "notice",
    "urgency": "urgent",
    "pages": "3",
    "copies": "1",
}


def test_register_page_with_file_and_duplicate_confirmation(clerk, levels):
    web = client_for(clerk)
    blank = web.get(reverse("documents:incoming_create")).content.decode()
    assert 'type="checkbox" name="confirm_duplicate"' not in blank  # offered only when needed
    data = {**FORM, "level": levels["internal"].pk, "file": txt()}
    response = web.post(reverse("documents:incoming_create"), data)
    document = IncomingDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:incoming_detail", args=[document.pk])
    again = web.post(reverse("documents:incoming_create"), {**FORM, "level": levels["internal"].pk})
    assert again.status_code == 200
    assert "已登记过" in again.content.decode()
    assert 'type="checkbox" name="confirm_duplicate"' in again.content.decode()
    assert IncomingDocument.objects.count() == 1
    confirmed = web.post(
        reverse("documents:incoming_create"),
        {**FORM, "level": levels["internal"].pk, "confirm_duplicate": "on"},
    )
    assert confirmed.status_code == 302
    assert IncomingDocument.objects.filter(duplicate_of=document).count() == 1


def test_register_refuses_mismatched_file_and_saves_nothing(clerk, levels):
    fake = SimpleUploadedFile("扫描件.pdf", b"not a pdf", "application/pdf")
    response = client_for(clerk).post(
        reverse("documents:incoming_create"), {**FORM, "level": levels["internal"].pk, "file": fake}
    )
    assert response.status_code == 200
    assert IncomingDocument.objects.count() == 0


def test_register_page_refused_to_employees(employee):
    assert client_for(employee).get(reverse("documents:incoming_create")).status_code == 403


def _queries(web, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert web.get(url).status_code == 200
    return len(captured)


def test_list_filters_and_fixed_query_count(register, clerk):
    register(doc_number="", kind="letter", issuer="区发展改革委")
    web = client_for(clerk)
    url = reverse("documents:incoming_list")
    few = _queries(web, url)
    for index in range(60):
        register(doc_number="", subject=f"通知{index}")
    assert _queries(web, url) == few <= 18
    page = web.get(url, {"kind": "letter"}).content.decode()
    assert "区发展改革委" in page and "通知1" not in page


def test_detail_actions_walk(doc, clerk, employee, leader):
    web = client_for(clerk)
    page = web.get(reverse("documents:incoming_detail", args=[doc.pk])).content.decode()
    assert 'data-testid="action-propose"' in page and 'data-testid="action-circulate"' in page
    response = web.post(
        reverse("documents:incoming_circulate", args=[doc.pk]),
        {"readers": [employee.pk], "mode": "parallel"},
    )
    assert response.status_code == 302
    bad = web.post(
        reverse("documents:incoming_circulate", args=[doc.pk]),
        {"readers": [987654], "mode": "parallel"},
    )
    assert bad.status_code == 200 and doc.circulations.count() == 1
    assert "is-invalid" in bad.content.decode()  # the form again, the unknown reader marked
    reader = client_for(employee)
    slip = RoutingSlip.objects.get()
    assert (
        'data-testid="action-sign"'
        in reader.get(reverse("documents:incoming_detail", args=[doc.pk])).content.decode()
    )
    assert "消防" in reader.get(reverse("documents:slip_list")).content.decode()
    reader.post(reverse("documents:slip_sign", args=[slip.pk]), {"comment": "已阅"})
    slip.refresh_from_db()
    assert slip.state == "signed" and slip.comment == "已阅"
    web.post(
        reverse("documents:incoming_propose", args=[doc.pk]),
        {"action": "inform", "priority": "normal"},
    )
    response = web.post(
        reverse("documents:incoming_archive", args=[doc.pk]),
        {"retention": "D10", "category": "WS", "year": YEAR, "paper_location": "A柜"},
    )
    doc.refresh_from_db()
    assert doc.status == "archived"
    assert doc.archive.archive_number in web.get(response["Location"]).content.decode()


def test_search_page_with_filters(register, clerk):
    register(doc_number="", subject="关于消防演练的通知")
    register(doc_number="", subject="关于消防器材采购的函", kind="letter")
    web = client_for(clerk)
    both = web.get(reverse("documents:search"), {"q": "消防"}).content.decode()
    assert "消防演练" in both and "消防器材" in both
    letters = web.get(reverse("documents:search"), {"q": "消防", "kind": "letter"}).content.decode()
    assert "消防器材" in letters and "消防演练" not in letters


def test_archive_catalogue_export_columns(register, clerk, employee):
    document = register(doc_number="", subject='=HYPERLINK("http://x")')
    services.document_propose(document=document, action="inform", by=clerk)
    services.document_archive(document=document, retention="Y", category="WS", year=YEAR, by=clerk)
    response = client_for(clerk).get(reverse("documents:archive_export"))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("序号", "档号", "文号", "责任者", "题名", "日期", "密级", "页数", "备注")
    assert rows[1][1] == f"Z001-WS·{YEAR}-Y-BGS-0001"
    assert rows[1][4] == '=HYPERLINK("http://x")'
    assert sheet.cell(row=2, column=5).data_type == "s"
    assert client_for(employee).get(reverse("documents:archive_export")).status_code == 403


def test_outgoing_pages_walk(clerk, leader, employee):
    web = client_for(clerk)
    response = web.post(
        reverse("documents:outgoing_create"),
        {
            "title": "关于调整作息时间的通知",
            "kind": "notice",
            "urgency": "normal",
            "body": "各部门：",
            "copies": 1,
            "recipients": [employee.pk],
        },
    )
    outgoing = OutgoingDocument.objects.get()
    assert response.status_code == 302 and outgoing.status == "reviewing"
    web.post(
        reverse("documents:outgoing_review", args=[outgoing.pk]),
        {"decision": "approve", "signer": leader.pk},
    )
    client_for(leader).post(
        reverse("documents:outgoing_sign_off", args=[outgoing.pk]), {"decision": "approve"}
    )
    web.post(reverse("documents:outgoing_issue", args=[outgoing.pk]))
    outgoing.refresh_from_db()
    assert outgoing.number == f"中枢发〔{YEAR}〕1号"
    page = client_for(employee).get(reverse("documents:outgoing_detail", args=[outgoing.pk]))
    assert outgoing.number in page.content.decode()


def test_new_forms_start_as_a_notice(client, clerk):
    """通知 is the everyday 文种; the forms must not start on the first choice (决议)."""
    client.force_login(clerk)
    for name in ("documents:incoming_create", "documents:outgoing_create"):
        html = client.get(reverse(name)).content.decode()
        assert '<option value="notice" selected>' in html, name
