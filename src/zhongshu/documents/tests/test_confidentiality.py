"""涉密: a classified item is seen only by users cleared for its level AND on its knowledge scope.

Every path is checked with a user who is cleared but not listed, and one listed but not cleared.
"""

from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from zhongshu.audit.models import AuditEvent
from zhongshu.documents import services
from zhongshu.documents.models import IncomingDocument, RoutingSlip
from zhongshu.files.models import Attachment
from zhongshu.org.models import User
from zhongshu.workflow.inbox import inbox_count, inbox_for

from .conftest import txt

pytestmark = pytest.mark.django_db
SECRET_WORD = "核心技术"


@pytest.fixture
def world(secret_doc, clerk, cleared_reader, second_reader, supervisor, levels):
    """The secret item, circulated to two cleared readers; one of them then loses clearance."""
    services.document_attach(
        document=secret_doc, upload=txt("纪要.txt", "谈判涉及核心技术和专利许可费用。"), by=clerk
    )
    services.circulation_start(
        document=secret_doc,
        readers=[cleared_reader.pk, second_reader.pk],
        mode="parallel",
        by=clerk,
    )
    User.objects.filter(pk=second_reader.pk).update(clearance=levels["internal"])
    return {"doc": secret_doc, "attachment": Attachment.objects.get()}


INTRUDERS = {
    # cleared for the level, not on the knowledge scope:
    "supervisor_not_listed": lambda w, p: p["supervisor"],
    "auditor_not_listed": lambda w, p: p["auditor"],
    "employee_cleared_not_listed": lambda w, p: p["make_user"](
        "cleared", "employee", clearance="top_secret"
    ),
    # on the knowledge scope (a reader), clearance lowered below the level:
    "reader_listed_not_cleared": lambda w, p: User.objects.get(username="reader2"),
}


@pytest.fixture(params=sorted(INTRUDERS))
def intruder(request, world, personas, make_user):
    return INTRUDERS[request.param](world, {**personas, "make_user": make_user})


def _web(user):
    client = Client()
    client.force_login(user)
    return client


def _api(user, api_client_for):
    return api_client_for(user)


def test_listed_and_cleared_reader_sees_everything(world, cleared_reader, api_client_for):
    doc = world["doc"]
    web = _web(cleared_reader)
    assert web.get(reverse("documents:incoming_detail", args=[doc.pk])).status_code == 200
    assert doc.reg_number in web.get(reverse("documents:incoming_list")).content.decode()
    assert web.get(reverse("files:download", args=[world["attachment"].pk])).status_code == 200
    assert web.get(reverse("documents:incoming_slip_pdf", args=[doc.pk])).status_code == 200
    hits = web.get(reverse("documents:search"), {"q": SECRET_WORD}).content.decode()
    assert doc.reg_number in hits
    api = _api(cleared_reader, api_client_for)
    assert api.get(reverse("documents-incoming-detail", args=[doc.pk])).status_code == 200
    pending = api.get(reverse("documents-slip-list"), {"state": "pending"}).json()["results"]
    assert [row["document"] for row in pending] == [doc.pk]
    assert pending[0]["subject"] == doc.subject
    assert api.get(reverse("documents-search"), {"q": SECRET_WORD}).json()["results"]
    assert inbox_count(cleared_reader, kind="documents.read") == 1


def test_the_text_of_a_classified_file_is_never_stored_or_searchable(
    world, clerk, cleared_reader, api_client_for, django_capture_on_commit_callbacks
):
    """Hardening #8: the decrypted text would sit in plain text in the database and the index."""
    with django_capture_on_commit_callbacks(execute=True):
        services.document_attach(
            document=world["doc"], upload=txt("附录.txt", "专利许可费用明细"), by=clerk
        )
    assert set(Attachment.objects.values_list("extracted_text", flat=True)) == {""}
    from zhongshu.search.models import SearchEntry

    assert not SearchEntry.objects.filter(body__contains="专利").exists()
    api = _api(cleared_reader, api_client_for)
    assert api.get(reverse("documents-search"), {"q": "专利"}).json()["results"] == []


def test_every_view_and_download_is_logged(world, cleared_reader, api_client_for):
    doc = world["doc"]
    web = _web(cleared_reader)
    web.get(reverse("documents:incoming_detail", args=[doc.pk]))
    web.get(reverse("documents:incoming_slip_pdf", args=[doc.pk]))
    b"".join(web.get(reverse("files:download", args=[world["attachment"].pk])).streaming_content)
    _api(cleared_reader, api_client_for).get(reverse("documents-incoming-detail", args=[doc.pk]))
    logged = AuditEvent.objects.filter(category="access", actor=cleared_reader)
    assert sorted(logged.values_list("action", flat=True)) == [
        "download",
        "slip_pdf",
        "view",
        "view",
    ]


def test_web_pages_hide_the_item(world, intruder):
    doc = world["doc"]
    web = _web(intruder)
    listing = web.get(reverse("documents:incoming_list")).content.decode()
    assert doc.reg_number not in listing and SECRET_WORD not in listing
    assert web.get(reverse("documents:incoming_detail", args=[doc.pk])).status_code == 404
    assert web.get(reverse("documents:incoming_slip_pdf", args=[doc.pk])).status_code == 404
    assert web.get(reverse("files:download", args=[world["attachment"].pk])).status_code == 404
    found = web.get(reverse("documents:search"), {"q": SECRET_WORD}).content.decode()
    assert doc.reg_number not in found
    platform = web.get(reverse("search:results"), {"q": SECRET_WORD}).content.decode()
    assert doc.reg_number not in platform
    slips = web.get(reverse("documents:slip_list")).content.decode()
    assert doc.reg_number not in slips


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("documents:incoming_return", {"reason": "x"}),
        ("documents:incoming_propose", {"action": "inform", "priority": "normal"}),
        ("documents:incoming_instruct", {"text": "同意"}),
        ("documents:incoming_circulate", {"readers": "clerk", "mode": "parallel"}),
        ("documents:incoming_scope", {"users": "clerk"}),
        ("documents:incoming_archive", {"retention": "Y", "category": "WS", "year": 2026}),
        ("documents:incoming_declassify", {"decision": "declassify"}),
    ],
)
def test_web_actions_answer_404(world, intruder, name, data):
    response = _web(intruder).post(reverse(name, args=[world["doc"].pk]), data)
    assert response.status_code == 404
    assert IncomingDocument.objects.get(pk=world["doc"].pk).status == "registered"


def test_slip_sign_refused_when_not_cleared_any_more(world, second_reader, api_client_for):
    slip = RoutingSlip.objects.get(reader=second_reader)
    assert (
        _web(second_reader).post(reverse("documents:slip_sign", args=[slip.pk])).status_code == 404
    )
    api = _api(second_reader, api_client_for)
    assert api.post(reverse("documents-slip-sign", args=[slip.pk]), {}).status_code == 404
    slip.refresh_from_db()
    assert slip.state == "pending"


def test_api_routes_hide_the_item(world, intruder, api_client_for):
    doc = world["doc"]
    api = _api(intruder, api_client_for)
    listed = api.get(reverse("documents-incoming-list")).json()["results"]
    assert doc.pk not in [row["id"] for row in listed]
    for name in ("documents-incoming-detail", "documents-incoming-slip-pdf"):
        assert api.get(reverse(name, args=[doc.pk])).status_code == 404
    posts = {
        "documents-incoming-return": {"reason": "x"},
        "documents-incoming-propose": {"action": "inform"},
        "documents-incoming-instruct": {"text": "同意"},
        "documents-incoming-circulate": {"readers": [intruder.pk], "mode": "parallel"},
        "documents-incoming-scope": {"users": [intruder.pk]},
        "documents-incoming-archive": {"retention": "Y", "category": "WS", "year": 2026},
    }
    for name, data in posts.items():
        response = api.post(reverse(name, args=[doc.pk]), data, format="json")
        assert response.status_code == 404, name
        assert response.json()["code"] == "not_found"
    upload = api.post(
        reverse("documents-incoming-attachments", args=[doc.pk]),
        {"file": txt()},
        format="multipart",
    )
    assert upload.status_code == 404
    assert Attachment.objects.count() == 1
    assert not api.get(reverse("documents-search"), {"q": SECRET_WORD}).json()["results"]
    assert not api.get(reverse("search"), {"q": SECRET_WORD}).json()["results"]
    pending = api.get(reverse("documents-slip-list"), {"state": "pending"}).json()["results"]
    assert doc.pk not in [row["document"] for row in pending]
    inbox = api.get(reverse("api-inbox")).content.decode()
    assert SECRET_WORD not in inbox and doc.reg_number not in inbox


def test_counts_and_inbox_leave_it_out(world, intruder):
    assert inbox_count(intruder, kind="documents.read") == 0
    assert not any(world["doc"].reg_number in item.title for item in inbox_for(intruder))
    assert IncomingDocument.objects.visible_to(intruder).filter(pk=world["doc"].pk).count() == 0


def test_archive_export_leaves_it_out(world, clerk, cleared_reader, supervisor):
    doc = world["doc"]
    RoutingSlip.objects.filter(document=doc).update(state="signed", signed_at=timezone.now())
    services.document_archive(
        document=doc, retention="Y", category="WS", year=timezone.localdate().year, by=clerk
    )
    mine = _web(clerk).get(reverse("documents:archive_export"))
    assert doc.subject in _cells(mine)
    others = _web(supervisor).get(reverse("documents:archive_export"))
    assert others.status_code == 200
    assert doc.subject not in _cells(others) and doc.reg_number not in _cells(others)
    assert _web(supervisor).get(reverse("documents:archive_list")).status_code == 200
    assert (
        SECRET_WORD not in _web(supervisor).get(reverse("documents:archive_list")).content.decode()
    )


def _cells(response) -> str:
    book = load_workbook(BytesIO(response.content), read_only=True)
    return " ".join(str(c) for row in book.active.iter_rows(values_only=True) for c in row)


def test_notifications_to_others_never_name_the_subject(world):
    from zhongshu.notices.models import Notification

    for notification in Notification.objects.all():
        assert SECRET_WORD not in notification.title + notification.body
