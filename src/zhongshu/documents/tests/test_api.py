import subprocess
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from zhongshu.documents.models import IncomingDocument, OutgoingDocument, RoutingSlip
from zhongshu.files.models import Attachment

from .conftest import txt

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def api(clerk, api_client_for):
    return api_client_for(clerk)


def register(api, **values):
    data = {
        "subject": "关于开展消防安全检查的通知",
        "issuer": "市应急管理局",
        "kind": "notice",
        "level": "internal",
        "doc_number": "应急发〔2026〕8号",
        "urgency": "very_urgent",
        **values,
    }
    return api.post(reverse("documents-incoming-list"), data, format="json")


def test_register_list_filter_detail(api):
    response = register(api)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reg_number"] == f"收〔{YEAR}〕0001号" and body["level"] == "internal"
    register(api, doc_number="", kind="letter", issuer="区发展改革委")
    listed = api.get(reverse("documents-incoming-list"), {"kind": "letter"}).json()["results"]
    assert [row["issuer"] for row in listed] == ["区发展改革委"]
    by_issuer = api.get(reverse("documents-incoming-list"), {"issuer": "市应急管理局"}).json()
    assert [row["id"] for row in by_issuer["results"]] == [body["id"]]
    secret = register(api, doc_number="", level="secret", secrecy_years=5).json()
    by_level = api.get(reverse("documents-incoming-list"), {"level": "secret"}).json()["results"]
    assert [row["id"] for row in by_level] == [secret["id"]]
    detail = api.get(reverse("documents-incoming-detail", args=[body["id"]])).json()
    assert detail["slips"] == [] and detail["archive_number"] is None


def test_register_errors(api, employee, api_client_for):
    assert register(api, doc_number="应急发[2026]8号").json()["code"] == "invalid_doc_number"
    assert register(api, urgency="soon").status_code == 400
    register(api)
    duplicate = register(api)
    assert duplicate.status_code == 409 and duplicate.json()["code"] == "duplicate"
    assert register(api, confirm_duplicate=True).json()["duplicate_of"] is not None
    assert register(api_client_for(employee)).status_code == 403
    assert IncomingDocument.objects.count() == 2


def test_attachments_checked_and_searchable(api, settings, django_capture_on_commit_callbacks):
    doc_id = register(api).json()["id"]
    url = reverse("documents-incoming-attachments", args=[doc_id])
    with django_capture_on_commit_callbacks(execute=True):
        # The file's text is read by a background job once the upload is committed.
        ok = api.post(url, {"file": txt("通知.txt", "灭火器年检安排")}, format="multipart")
    assert ok.status_code == 201
    assert ok.json()["sha256"] == Attachment.objects.get().sha256
    big = SimpleUploadedFile(
        "大文件.pdf", b"%PDF-1.4\n" + b"0" * (50 * 1024 * 1024), "application/pdf"
    )
    too_big = api.post(url, {"file": big}, format="multipart")
    assert too_big.status_code == 400 and too_big.json()["code"] == "file_too_large"
    fake = SimpleUploadedFile("扫描件.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    mismatch = api.post(url, {"file": fake}, format="multipart")
    assert mismatch.status_code == 400 and mismatch.json()["code"] == "file_type_mismatch"
    assert Attachment.objects.count() == 1
    hits = api.get(reverse("documents-search"), {"q": "年检"}).json()["results"]
    assert len(hits) == 1


def test_circulate_sign_pending_and_errors(api, clerk, dept_head, employee, api_client_for):
    doc_id = register(api).json()["id"]
    url = reverse("documents-incoming-circulate", args=[doc_id])
    unknown = api.post(url, {"readers": [employee.pk, 987654], "mode": "sequential"}, format="json")
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_user"
    started = api.post(
        url, {"readers": [dept_head.pk, employee.pk], "mode": "sequential"}, format="json"
    )
    assert started.status_code == 201
    head = api_client_for(dept_head)
    pending = head.get(reverse("documents-slip-list"), {"state": "pending"}).json()["results"]
    assert len(pending) == 1
    row = pending[0]
    assert {"id", "document", "subject", "due_at"} <= set(row)
    assert row["document"] == doc_id and row["subject"] == "关于开展消防安全检查的通知"
    due = timezone.datetime.fromisoformat(row["due_at"])
    assert timezone.now() + timedelta(hours=23) < due <= timezone.now() + timedelta(hours=24)
    emp = api_client_for(employee)
    assert emp.get(reverse("documents-slip-list")).json()["results"] == []
    my_slip = RoutingSlip.objects.get(reader=employee)
    out_of_turn = emp.post(reverse("documents-slip-sign", args=[my_slip.pk]), {}, format="json")
    assert out_of_turn.status_code == 409 and out_of_turn.json()["code"] == "not_your_turn"
    sign_url = reverse("documents-slip-sign", args=[row["id"]])
    assert head.post(sign_url, {"comment": "已阅，同意"}, format="json").json()["state"] == "signed"
    twice = head.post(sign_url, {"comment": "again"}, format="json")
    assert twice.status_code == 409 and twice.json()["code"] == "already_signed"
    assert len(emp.get(reverse("documents-slip-list")).json()["results"]) == 1
    assert emp.post(sign_url, {}, format="json").status_code == 403


def test_propose_instruct_report_archive(api, clerk, leader, dept_head, company, api_client_for):
    doc_id = register(api).json()["id"]
    proposed = api.post(
        reverse("documents-incoming-propose", args=[doc_id]),
        {"action": "instruct", "leader": leader.pk, "basis": "上级要求", "priority": "high"},
        format="json",
    )
    assert proposed.json()["status"] == "awaiting_instruction"
    archive_url = reverse("documents-incoming-archive", args=[doc_id])
    early = api.post(
        archive_url, {"retention": "D30", "category": "WS", "year": YEAR}, format="json"
    )
    assert early.status_code == 409 and early.json()["code"] == "not_finished"
    instructed = api_client_for(leader).post(
        reverse("documents-incoming-instruct", args=[doc_id]),
        {"text": "请销售部办理", "lead": company["sales"].pk},
        format="json",
    )
    assert instructed.json()["status"] == "handling"
    task_id = instructed.json()["tasks"][0]["id"]
    reported = api_client_for(dept_head).post(
        reverse("documents-task-report", args=[task_id]), {"result": "已办结"}, format="json"
    )
    assert reported.json()["state"] == "done"
    archived = api.post(
        archive_url, {"retention": "D30", "category": "WS", "year": YEAR}, format="json"
    )
    assert archived.status_code == 201
    assert archived.json()["archive_number"] == f"Z001-WS·{YEAR}-D30-BGS-0001"


def test_slip_pdf_has_chinese_text_and_qr(api, employee, tmp_path):
    doc_id = register(api).json()["id"]
    api.post(
        reverse("documents-incoming-circulate", args=[doc_id]),
        {"readers": [employee.pk], "mode": "parallel"},
        format="json",
    )
    response = api.get(reverse("documents-incoming-slip-pdf", args=[doc_id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "slip.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "签阅单" in text and "关于开展消防安全检查的通知" in text and "刘员工" in text
    assert f"/documents/incoming/{doc_id}/" in text


def test_search_requires_q(api):
    assert api.get(reverse("documents-search")).status_code == 400


def test_outgoing_flow_with_gbt9704_number(api, clerk, leader, employee, api_client_for, settings):
    settings.DOCUMENTS_OUTGOING_CODE = "中枢发"
    created = api.post(
        reverse("documents-outgoing-list"),
        {"title": "关于调整作息时间的通知", "body": "各部门：……", "recipients": [employee.pk]},
        format="json",
    )
    assert created.status_code == 201 and created.json()["status"] == "reviewing"
    pk = created.json()["id"]
    lead = api_client_for(leader)
    assert lead.post(
        reverse("documents-outgoing-sign-off", args=[pk]), {"decision": "approve"}, format="json"
    ).status_code in (403, 404)
    reviewed = api.post(
        reverse("documents-outgoing-review", args=[pk]),
        {"decision": "approve", "signer": leader.pk},
        format="json",
    )
    assert reviewed.json()["status"] == "signing"
    early = api.post(reverse("documents-outgoing-issue", args=[pk]))
    assert early.status_code == 409
    signed = lead.post(
        reverse("documents-outgoing-sign-off", args=[pk]), {"decision": "approve"}, format="json"
    )
    assert signed.json()["status"] == "signed"
    issued = api.post(reverse("documents-outgoing-issue", args=[pk]))
    assert issued.json()["number"] == f"中枢发〔{YEAR}〕1号"
    received = api_client_for(employee).get(reverse("documents-outgoing-detail", args=[pk]))
    assert received.status_code == 200
    from zhongshu.notices.models import Notification

    assert Notification.objects.filter(
        recipient=employee, kind="documents.outgoing_issued"
    ).exists()
    second = api.post(
        reverse("documents-outgoing-list"), {"title": "二号", "body": "x"}, format="json"
    ).json()
    api.post(
        reverse("documents-outgoing-review", args=[second["id"]]),
        {"decision": "approve", "signer": leader.pk},
        format="json",
    )
    lead.post(
        reverse("documents-outgoing-sign-off", args=[second["id"]]),
        {"decision": "approve"},
        format="json",
    )
    assert (
        api.post(reverse("documents-outgoing-issue", args=[second["id"]])).json()["number"]
        == f"中枢发〔{YEAR}〕2号"
    )
    assert OutgoingDocument.objects.filter(status="issued").count() == 2


def test_outgoing_return_and_resubmit(api, clerk, leader):
    pk = api.post(
        reverse("documents-outgoing-list"), {"title": "草稿", "body": "x"}, format="json"
    ).json()["id"]
    bare = api.post(
        reverse("documents-outgoing-review", args=[pk]), {"decision": "return"}, format="json"
    )
    assert bare.status_code == 400
    returned = api.post(
        reverse("documents-outgoing-review", args=[pk]),
        {"decision": "return", "note": "改标题"},
        format="json",
    )
    assert returned.json()["status"] == "draft"
    again = api.post(
        reverse("documents-outgoing-submit", args=[pk]), {"title": "新标题"}, format="json"
    )
    assert again.json()["status"] == "reviewing" and again.json()["title"] == "新标题"


def test_register_with_files_in_one_request(api, django_capture_on_commit_callbacks):
    """multipart/form-data: the item and its files are saved together."""
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            reverse("documents-incoming-list"),
            {
                "subject": "关于开展消防安全检查的通知",
                "issuer": "市应急管理局",
                "kind": "notice",
                "level": "internal",
                "pages": "2",
                "attachments": [txt("通知.txt", "灭火器年检安排"), txt("附件.txt", "检查表")],
            },
            format="multipart",
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert sorted(a["name"] for a in body["attachments"]) == ["通知.txt", "附件.txt"]
    assert body["pages"] == 2
    document = IncomingDocument.objects.get(pk=body["id"])
    assert Attachment.objects.for_owner(document).count() == 2
    assert [e.action for e in document.events.all()] == ["registered", "attached", "attached"]
    hits = api.get(reverse("documents-search"), {"q": "年检"}).json()["results"]
    assert len(hits) == 1


def test_a_refused_file_refuses_the_whole_registration(api):
    fake = SimpleUploadedFile("扫描件.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    response = api.post(
        reverse("documents-incoming-list"),
        {
            "subject": "关于开展消防安全检查的通知",
            "issuer": "市应急管理局",
            "kind": "notice",
            "level": "internal",
            "attachments": [txt(), fake],
        },
        format="multipart",
    )
    assert response.status_code == 400 and response.json()["code"] == "file_type_mismatch"
    assert not IncomingDocument.objects.exists() and not Attachment.objects.exists()
    # The number was not used up either: the next registration takes it.
    assert register(api).json()["reg_number"] == f"收〔{YEAR}〕0001号"
