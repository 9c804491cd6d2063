"""Correcting a registered incoming item (收文更正): service, web page and API."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import Conflict, ServiceError
from zhongshu.documents import services
from zhongshu.documents.filters import search_documents
from zhongshu.documents.models import EventAction, IncomingDocument, Status
from zhongshu.documents.services.incoming import add_years
from zhongshu.workflow.models import Deadline

pytestmark = pytest.mark.django_db
UPDATED = "documents.incoming_updated"


def row(document) -> dict:
    """Every column of the item as stored now."""
    return model_to_dict(IncomingDocument.objects.get(pk=document.pk))


def trail(document) -> tuple:
    """What a correction writes besides the row: timeline events and audit records."""
    return document.events.count(), AuditEvent.objects.filter(action=UPDATED).count()


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def archived(register, clerk, employee):
    document = register(doc_number="应急发〔2026〕9号")
    circulation = services.circulation_start(
        document=document, readers=[employee.pk], mode="parallel", by=clerk
    )
    services.slip_sign(slip=circulation.slips.get(), by=employee)
    services.document_archive(
        document=document, retention="D30", category="WS", year=timezone.localdate().year, by=clerk
    )
    document.refresh_from_db()
    assert document.status == Status.ARCHIVED
    return document


# --- service ---------------------------------------------------------------------------------
def test_correction_saves_the_fields_writes_event_and_audit_and_reindexes(doc, clerk):
    services.document_update(
        document=doc,
        by=clerk,
        subject=" 关于开展防汛安全检查的通知 ",
        pages=4,
        keywords="防汛",
        doc_date=date(2026, 3, 2),
    )
    doc.refresh_from_db()
    assert (doc.subject, doc.pages, doc.keywords) == ("关于开展防汛安全检查的通知", 4, "防汛")
    assert doc.doc_date == date(2026, 3, 2)
    assert doc.status == Status.REGISTERED and doc.reg_number.startswith("收〔")
    last = doc.events.order_by("-id").first()
    assert last.action == EventAction.CORRECTED and last.actor == clerk
    assert "标题" in last.note and "页数" in last.note
    audit = AuditEvent.objects.get(action=UPDATED)
    assert audit.actor_id == clerk.pk and audit.object_id == str(doc.pk)
    assert audit.before == {
        "subject": "关于开展消防安全检查的通知",
        "pages": 1,
        "keywords": "",
        "doc_date": None,
    }
    assert audit.after == {
        "subject": "关于开展防汛安全检查的通知",
        "pages": 4,
        "keywords": "防汛",
        "doc_date": "2026-03-02",
    }
    assert [hit.url for hit in search_documents(clerk, "防汛", {})] == [
        reverse("documents:incoming_detail", args=[doc.pk])
    ]


def test_supervisor_may_correct_too(doc, supervisor):
    services.document_update(document=doc, by=supervisor, urgency="very_urgent", copies=2)
    doc.refresh_from_db()
    assert (doc.urgency, doc.copies) == ("very_urgent", 2)


def test_nothing_changed_writes_nothing(doc, clerk):
    before, written = row(doc), trail(doc)
    services.document_update(
        document=doc, by=clerk, subject="关于开展消防安全检查的通知  ", issuer="市应急管理局"
    )
    services.document_update(document=doc, by=clerk)
    assert row(doc) == before
    assert trail(doc) == written


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"subject": "  "}, "required"),
        ({"issuer": ""}, "required"),
        ({"kind": "memo"}, "invalid_kind"),
        ({"urgency": "asap"}, "invalid_urgency"),
        ({"doc_number": "应急发[2026]8号"}, "invalid_doc_number"),
        ({"pages": 0}, "invalid"),
        ({"copies": "2"}, "invalid"),
        ({"secrecy_years": 5}, "not_editable"),  # not a classified item
        ({"level": "secret"}, "not_editable"),
        ({"status": "done"}, "not_editable"),
        ({"reg_number": "收〔2026〕9999号"}, "not_editable"),
        ({"ledger": "classified"}, "not_editable"),
        ({"registered_by": 1}, "not_editable"),
        ({"subject": "新标题", "duplicate_of": None}, "not_editable"),
    ],
)
def test_refusals_change_nothing(doc, clerk, values, code):
    before, written = row(doc), trail(doc)
    with pytest.raises(ServiceError) as caught:
        services.document_update(document=doc, by=clerk, **values)
    assert caught.value.code == code
    assert caught.value.status == 400
    assert row(doc) == before
    assert trail(doc) == written


def test_only_registry_staff_who_see_the_item(doc, leader, employee, auditor):
    before, written = row(doc), trail(doc)
    for user in (leader, employee, auditor):  # the leader and the auditor see it, not their job
        with pytest.raises(PermissionDenied):
            services.document_update(document=doc, by=user, subject="改了")
    assert row(doc) == before
    assert trail(doc) == written


def test_duplicate_number_needs_confirmation(register, clerk):
    first = register()
    second = register(doc_number="应急发〔2026〕9号")
    before, written = row(second), trail(second)
    with pytest.raises(Conflict) as caught:
        services.document_update(document=second, by=clerk, doc_number=" 应急发〔2026〕8号")
    assert (caught.value.code, caught.value.status, caught.value.field) == (
        "duplicate",
        409,
        "doc_number",
    )
    assert row(second) == before and trail(second) == written

    services.document_update(
        document=second, by=clerk, doc_number="应急发〔2026〕8号", confirm_duplicate=True
    )
    second.refresh_from_db()
    assert second.doc_number == "应急发〔2026〕8号" and second.duplicate_of == first
    assert first.reg_number in second.events.order_by("-id").first().note
    audit = AuditEvent.objects.get(action=UPDATED)
    assert audit.before == {"doc_number": "应急发〔2026〕9号", "duplicate_of": None}
    assert audit.after == {"doc_number": "应急发〔2026〕8号", "duplicate_of": first.pk}

    # Its own pair is not a duplicate of itself; another issuer clears the mark.
    services.document_update(document=second, by=clerk, pages=2)
    services.document_update(document=second, by=clerk, issuer="区发展改革委")
    second.refresh_from_db()
    assert second.duplicate_of is None


def test_archived_items_cannot_change(archived, clerk):
    before, written = row(archived), trail(archived)
    with pytest.raises(Conflict) as caught:
        services.document_update(document=archived, by=clerk, subject="改了")
    assert (caught.value.code, caught.value.status) == ("archived", 409)
    assert row(archived) == before and trail(archived) == written


def test_classified_item_refused_to_the_cleared_but_unlisted(
    secret_doc, cleared_reader, supervisor, auditor
):
    """Cleared for the level but not on the knowledge scope: PermissionDenied, as elsewhere."""
    before, written = row(secret_doc), trail(secret_doc)
    for user in (cleared_reader, supervisor, auditor):
        with pytest.raises(PermissionDenied):
            services.document_update(document=secret_doc, by=user, pages=9)
    assert row(secret_doc) == before and trail(secret_doc) == written


def test_classified_secrecy_term_recomputed_and_subject_kept_out_of_the_audit(secret_doc, clerk):
    start = timezone.localdate(secret_doc.received_at)
    services.document_update(document=secret_doc, by=clerk, secrecy_years=8, subject="更正标题")
    secret_doc.refresh_from_db()
    assert secret_doc.secrecy_years == 8
    assert secret_doc.secrecy_until == add_years(start, 8)
    assert secret_doc.level.code == "secret" and secret_doc.ledger == "classified"
    deadline = Deadline.objects.open().get(kind="documents.declassify")
    assert timezone.localtime(deadline.due_at).date() == secret_doc.secrecy_until
    audit = AuditEvent.objects.get(action=UPDATED)
    assert "更正标题" not in str(audit.after) and "核心技术" not in str(audit.before)
    assert audit.after["secrecy_years"] == 8

    services.document_update(document=secret_doc, by=clerk, doc_date=date(2026, 1, 15))
    secret_doc.refresh_from_db()
    assert secret_doc.secrecy_until == date(2034, 1, 15)
    assert Deadline.objects.open().filter(kind="documents.declassify").count() == 1

    before = row(secret_doc)
    for years in (0, 31):
        with pytest.raises(ServiceError) as caught:
            services.document_update(
                document=secret_doc, by=clerk, secrecy_years=years or "x", pages=3
            )
        assert caught.value.code == "invalid_secrecy_term"
    assert row(secret_doc) == before


# --- web -------------------------------------------------------------------------------------
FORM = {
    "subject": "关于开展消防安全检查的通知",
    "issuer": "市应急管理局",
    "doc_number": "应急发〔2026〕8号",
    "kind": "notice",
    "urgency": "normal",
    "pages": "1",
    "copies": "1",
}


def test_edit_page_prefilled_and_saves(doc, clerk):
    web = client_for(clerk)
    url = reverse("documents:incoming_edit", args=[doc.pk])
    page = web.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert form["subject"].value() == doc.subject and form["pages"].value() == 1
    assert "level" not in form.fields and "secrecy_years" not in form.fields
    response = web.post(url, {**FORM, "subject": "关于开展防汛检查的通知", "pages": "5"})
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:incoming_detail", args=[doc.pk])
    doc.refresh_from_db()
    assert (doc.subject, doc.pages) == ("关于开展防汛检查的通知", 5)
    detail = web.get(response["Location"])
    assert [m.level_tag for m in detail.context["messages"]] == ["success"]


def test_edit_page_shows_service_errors_on_the_field(register, doc, clerk):
    web = client_for(clerk)
    url = reverse("documents:incoming_edit", args=[doc.pk])
    before = row(doc)
    blank = web.post(url, {**FORM, "subject": "   "})
    assert blank.status_code == 200
    assert blank.context["form"].errors["subject"]
    wrong = web.post(url, {**FORM, "doc_number": "应急发〔2026〕08号"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["doc_number"]
    assert "invalid-feedback" in wrong.content.decode()
    assert row(doc) == before

    other = register(doc_number="应急发〔2026〕9号")
    other_url = reverse("documents:incoming_edit", args=[other.pk])
    duplicate = web.post(other_url, FORM)
    assert duplicate.status_code == 200
    assert duplicate.context["form"].errors["doc_number"]
    assert "confirm_duplicate" in duplicate.context["form"].fields
    confirmed = web.post(other_url, {**FORM, "confirm_duplicate": "on"})
    assert confirmed.status_code == 302
    other.refresh_from_db()
    assert other.duplicate_of == doc


def test_edit_page_of_a_classified_item(secret_doc, clerk, cleared_reader, supervisor):
    web = client_for(clerk)
    url = reverse("documents:incoming_edit", args=[secret_doc.pk])
    form = web.get(url).context["form"]
    assert form.fields["secrecy_years"].required and form["secrecy_years"].value() == 5
    data = {
        **FORM,
        "subject": secret_doc.subject,
        "issuer": secret_doc.issuer,
        "doc_number": secret_doc.doc_number,
        "kind": "minutes",
        "secrecy_years": "7",
    }
    assert web.post(url, data).status_code == 302
    secret_doc.refresh_from_db()
    assert secret_doc.secrecy_years == 7
    for user in (cleared_reader, supervisor):  # cleared, not on the knowledge scope
        assert client_for(user).get(url).status_code == 404
        assert client_for(user).post(url, {**data, "pages": "9"}).status_code == 404
    secret_doc.refresh_from_db()
    assert secret_doc.pages == 1


def test_edit_button_and_page_only_for_those_allowed(doc, archived, clerk, leader, outsider):
    detail = reverse("documents:incoming_detail", args=[doc.pk])
    edit = reverse("documents:incoming_edit", args=[doc.pk])
    assert edit in client_for(clerk).get(detail).content.decode()
    leader_page = client_for(leader).get(detail)
    assert leader_page.status_code == 200 and edit not in leader_page.content.decode()
    assert client_for(leader).get(edit).status_code == 403
    assert client_for(outsider).get(edit).status_code == 404
    archived_edit = reverse("documents:incoming_edit", args=[archived.pk])
    archived_detail = reverse("documents:incoming_detail", args=[archived.pk])
    assert archived_edit not in client_for(clerk).get(archived_detail).content.decode()
    before = row(archived)
    refused = client_for(clerk).post(archived_edit, {**FORM, "subject": "改了"})
    assert refused.status_code == 302
    assert row(archived) == before


# --- API -------------------------------------------------------------------------------------
def _patch(client, document, data):
    return client.patch(
        reverse("documents-incoming-detail", args=[document.pk]), data, format="json"
    )


def test_api_patch_corrects_and_returns_the_detail(doc, clerk, api_client_for):
    api = api_client_for(clerk)
    response = _patch(api, doc, {"subject": "关于开展防汛检查的通知", "pages": 6, "doc_date": None})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["subject"] == "关于开展防汛检查的通知" and body["pages"] == 6
    assert body["reg_number"] == doc.reg_number and "slips" in body
    doc.refresh_from_db()
    assert doc.pages == 6
    assert AuditEvent.objects.filter(action=UPDATED).count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"level": "secret"},
        {"status": "done"},
        {"reg_number": "收〔2026〕9999号"},
        {"subject": "新标题", "registered_by": 1},
        {"unknown": 1},
    ],
)
def test_api_refuses_fields_that_are_not_editable(doc, clerk, api_client_for, data):
    before, written = row(doc), trail(doc)
    response = _patch(api_client_for(clerk), doc, data)
    assert response.status_code == 400
    assert response.json()["code"] == "not_editable" and response.json()["detail"]
    assert row(doc) == before and trail(doc) == written


def test_api_errors_and_scope(register, doc, archived, secret_doc, personas, api_client_for):
    clerk = personas["clerk"]
    api = api_client_for(clerk)
    bad = _patch(api, doc, {"doc_number": "应急发〔26〕8号"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_doc_number"
    other = register(doc_number="应急发〔2026〕10号")
    duplicate = _patch(api, other, {"doc_number": "应急发〔2026〕8号"})
    assert duplicate.status_code == 409 and duplicate.json()["code"] == "duplicate"
    confirmed = _patch(api, other, {"doc_number": "应急发〔2026〕8号", "confirm_duplicate": True})
    assert confirmed.status_code == 200 and confirmed.json()["duplicate_of"] == doc.pk
    closed = _patch(api, archived, {"subject": "改了"})
    assert closed.status_code == 409 and closed.json()["code"] == "archived"

    before = row(doc)
    outsider = _patch(api_client_for(personas["outsider"]), doc, {"pages": 9})
    assert outsider.status_code == 404 and outsider.json()["code"] == "not_found"
    assert _patch(api_client_for(personas["leader"]), doc, {"pages": 9}).status_code == 403
    # Permission comes before the field check: no hint about the item to those not allowed.
    assert _patch(api_client_for(personas["leader"]), doc, {"level": "x"}).status_code == 403
    assert row(doc) == before
    unlisted = _patch(api_client_for(personas["supervisor"]), secret_doc, {"pages": 9})
    assert unlisted.status_code == 404
    assert IncomingDocument.objects.get(pk=secret_doc.pk).pages == 1
