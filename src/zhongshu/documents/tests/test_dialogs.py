"""The item's actions as dialogs: each form as a fragment (htmx) or a page (no JavaScript),
errors in place with what was typed, the confirmation saying what happened, the 批示 form
starting from the 拟办, and buttons only for what the user may do now."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhongshu.documents import services
from zhongshu.documents.models import Circulation, HandlingTask, Status

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
YEAR = timezone.localdate().year


def web(user):
    client = Client()
    client.force_login(user)
    return client


def url(name, pk):
    return reverse(f"documents:{name}", args=[pk])


def record(client, document):
    """The record region as htmx reloads it after an action (HX-Location → #record)."""
    response = client.get(
        url("incoming_detail", document.pk), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="record"
    )
    assert response.status_code == 200
    return response.content.decode()


def assert_done(response, document):
    """An htmx POST that worked: close the dialog, reload the record of the item."""
    assert response.status_code == 200
    assert response["HX-Trigger"] == "zs-dialog-done"
    location = json.loads(response["HX-Location"])
    assert location["path"] == url("incoming_detail", document.pk)
    assert location["target"] == "#record"


def buttons(client, document):
    page = client.get(url("incoming_detail", document.pk)).content.decode()
    return {
        testid
        for testid in (
            "action-sign",
            "action-report",
            "action-instruct",
            "action-propose",
            "action-archive",
            "action-circulate",
            "action-scope",
            "action-declassify",
            "action-return",
            "action-borrow",
            "edit-link",
            "slip-pdf",
        )
        if f'data-testid="{testid}"' in page
    }


def test_action_as_fragment_and_as_page(doc, clerk):
    client = web(clerk)
    fragment = client.get(url("incoming_return", doc.pk), **HTMX).content.decode()
    assert 'data-testid="return-form"' in fragment and "<html" not in fragment
    assert 'hx-post="' in fragment and 'data-bs-dismiss="modal"' in fragment
    page = client.get(url("incoming_return", doc.pk)).content.decode()
    assert "<html" in page and 'data-testid="return-form"' in page
    assert "hx-post" not in page.split('data-testid="return-form"')[1].split("</form>")[0]


def test_return_dialog_error_then_done(doc, clerk):
    client = web(clerk)
    blank = client.post(url("incoming_return", doc.pk), {"reason": "  "}, **HTMX)
    assert blank.status_code == 200 and "<html" not in blank.content.decode()
    assert "is-invalid" in blank.content.decode()
    doc.refresh_from_db()
    assert doc.status == Status.REGISTERED
    done = client.post(url("incoming_return", doc.pk), {"reason": "非本单位来文"}, **HTMX)
    assert_done(done, doc)
    doc.refresh_from_db()
    assert doc.status == Status.RETURNED and doc.return_reason == "非本单位来文"
    assert f"已退回：{doc.reg_number}" in record(client, doc)


def test_circulate_keeps_what_was_typed_and_says_how_many_read(doc, clerk, employee, make_user):
    second = make_user("reader2", "employee", department="sales", name="赵读者")
    third = make_user("reader3", "employee", department="sales", name="钱读者")
    client = web(clerk)
    bad = client.post(
        url("incoming_circulate", doc.pk),
        {"readers": [employee.pk, 987654], "mode": "sequential"},
        **HTMX,
    ).content.decode()
    # The readers chosen so far come back chosen, the unknown one is named as the error.
    assert "is-invalid" in bad and f'value="{employee.pk}" selected' in bad
    assert '<option value="sequential" selected>' in bad
    assert not Circulation.objects.exists()
    done = client.post(
        url("incoming_circulate", doc.pk),
        {"readers": [employee.pk, second.pk, third.pk], "mode": "parallel"},
        **HTMX,
    )
    assert_done(done, doc)
    assert doc.slips.count() == 3
    assert "已发出传阅，3 人待阅" in record(client, doc)


def test_archive_confirmation_names_the_archive_number(doc, clerk):
    services.document_propose(document=doc, action="inform", by=clerk)
    client = web(clerk)
    assert "action-archive" in buttons(client, doc)
    fragment = client.get(url("incoming_archive", doc.pk), **HTMX).content.decode()
    assert f'value="{doc.received_at.year}"' in fragment
    done = client.post(
        url("incoming_archive", doc.pk),
        {"retention": "D30", "category": "WS", "year": YEAR, "paper_location": "A柜"},
    )
    assert done.status_code == 302 and done["Location"] == url("incoming_detail", doc.pk)
    page = client.get(done["Location"]).content.decode()
    assert f"已归档：Z001-WS·{YEAR}-D30-BGS-0001" in page


def test_instruct_starts_from_the_proposal_and_keeps_the_text(
    doc, clerk, leader, dept_head, company
):
    due = timezone.localdate() + timedelta(days=5)
    services.document_propose(
        document=doc,
        action="instruct",
        leader=leader,
        opinion="建议由销售部牵头办理",
        due_date=due,
        by=clerk,
    )
    client = web(leader)
    fragment = client.get(url("incoming_instruct", doc.pk), **HTMX).content.decode()
    # The proposal is shown above the form, and the form starts from it.
    assert fragment.index('data-testid="proposal"') < fragment.index('name="text"')
    assert "建议由销售部牵头办理</textarea>" in fragment
    assert f'value="{due.isoformat()}"' in fragment
    # 行政部 has no head: refused at the department, the typed instruction kept.
    admin = company["admin"]
    refused = client.post(
        url("incoming_instruct", doc.pk),
        {"text": "同意，请行政部办理", "lead": admin.pk},
        **HTMX,
    ).content.decode()
    assert "没有部门负责人" in refused
    assert "同意，请行政部办理</textarea>" in refused
    doc.refresh_from_db()
    assert doc.status == Status.AWAITING_INSTRUCTION
    done = client.post(
        url("incoming_instruct", doc.pk),
        {"text": "同意，请销售部牵头办理", "lead": dept_head.department.pk},
        **HTMX,
    )
    assert_done(done, doc)
    doc.refresh_from_db()
    assert doc.status == Status.HANDLING
    assert f"批示已保存：销售部办理 {doc.reg_number}" in record(client, doc)


def test_sign_and_report_dialogs(doc, clerk, employee, leader, dept_head):
    services.circulation_start(document=doc, readers=[employee.pk], mode="parallel", by=clerk)
    slip = doc.slips.get()
    reader = web(employee)
    assert buttons(reader, doc) == {"action-sign", "slip-pdf"}
    assert reader.get(url("slip_sign", slip.pk), **HTMX).status_code == 200
    done = reader.post(url("slip_sign", slip.pk), {"comment": "已阅"}, **HTMX)
    assert_done(done, doc)
    assert f"已签阅：{doc.reg_number}" in record(reader, doc)
    assert buttons(reader, doc) == {"slip-pdf"}

    other = services.document_register(
        by=clerk, subject="关于客户投诉的函", issuer="某公司", kind="letter", level="internal"
    )
    services.document_propose(
        document=other, action="departments", lead=dept_head.department, by=clerk
    )
    task = HandlingTask.objects.get(document=other)
    head = web(dept_head)
    assert buttons(head, other) == {"action-report", "slip-pdf"}
    empty = head.post(url("task_report", task.pk), {"result": ""}, **HTMX)
    assert empty.status_code == 200 and "is-invalid" in empty.content.decode()
    done = head.post(url("task_report", task.pk), {"result": "已回复客户"}, **HTMX)
    assert_done(done, other)
    assert f"办理结果已报告：{other.reg_number} 已办结" in record(head, other)


def test_buttons_follow_the_state_and_the_role(doc, clerk, leader, employee, auditor):
    registry = web(clerk)
    assert buttons(registry, doc) == {
        "action-propose",
        "action-circulate",
        "action-scope",
        "action-return",
        "edit-link",
        "slip-pdf",
    }
    assert buttons(web(leader), doc) == {"slip-pdf"}
    assert buttons(web(auditor), doc) == {"slip-pdf"}
    services.document_propose(document=doc, action="instruct", leader=leader, by=clerk)
    assert buttons(web(leader), doc) == {"action-instruct", "slip-pdf"}
    assert buttons(registry, doc) == {
        "action-circulate",
        "action-scope",
        "edit-link",
        "slip-pdf",
    }


def test_dialogs_refuse_who_may_not_act(doc, clerk, employee, leader, outsider):
    services.circulation_start(document=doc, readers=[employee.pk], mode="parallel", by=clerk)
    slip = doc.slips.get()
    assert web(employee).get(url("incoming_archive", doc.pk), **HTMX).status_code == 403
    assert web(leader).get(url("incoming_instruct", doc.pk)).status_code == 403
    assert web(leader).get(url("slip_sign", slip.pk)).status_code == 403
    assert web(outsider).get(url("incoming_return", doc.pk)).status_code == 404
