from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from zhongshu.workflow.models import ApprovalChain, ApprovalRequest, ApprovalTask, Delegation

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def task_of(request):
    return ApprovalTask.objects.get(request=request, status="pending")


def test_pages_need_login(client):
    response = client.get(reverse("workflow:inbox"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_inbox_page_lists_tasks_with_overdue_badge(login, submit, team):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        request = submit()
    client = login(team["dept_head"])
    response = client.get(reverse("workflow:inbox"))
    assert response.status_code == 200
    body = response.content.decode()
    assert request.number in body and 'data-testid="overdue"' not in body
    with time_machine.travel(start + timedelta(hours=25)):
        body = client.get(reverse("workflow:inbox")).content.decode()
    assert 'data-testid="overdue"' in body and "已逾期" in body
    empty = login(team["employee"]).get(reverse("workflow:inbox")).content.decode()
    assert 'data-testid="inbox-empty"' in empty


def test_inbox_htmx_returns_the_rows_fragment_and_filters(login, submit, team):
    submit()
    client = login(team["dept_head"])
    response = client.get(reverse("workflow:inbox"), {"kind": "approval"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="inbox-rows">') and "<html" not in body
    assert "SP-" in body
    body = client.get(reverse("workflow:inbox"), {"kind": "nope"}).content.decode()
    assert "SP-" in body  # an unknown kind shows everything


def page_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured.captured_queries)


def test_inbox_query_count_does_not_grow_with_rows(login, submit, team):
    submit()
    client = login(team["dept_head"])
    _response, with_one = page_queries(client, reverse("workflow:inbox"))
    for _ in range(7):
        submit()
    response, with_eight = page_queries(client, reverse("workflow:inbox"))
    assert response.content.decode().count("SP-") >= 8
    assert with_eight == with_one


def test_create_general_request(login, team):
    client = login(team["employee"])
    assert client.get(reverse("workflow:request_create")).status_code == 200
    response = client.post(
        reverse("workflow:request_create"),
        {"title": "申请打印机", "reason": "旧的坏了", "amount": "1200"},
    )
    request = ApprovalRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workflow:request_detail", args=[request.pk])
    assert request.title == "申请打印机" and str(request.amount) == "1200.00"
    assert request.requester == team["employee"]
    invalid = client.post(reverse("workflow:request_create"), {"title": ""})
    assert invalid.status_code == 200 and ApprovalRequest.objects.count() == 1


def test_create_shows_service_errors_on_the_form(login, team):
    ApprovalChain.objects.update(is_active=False)
    response = login(team["employee"]).post(reverse("workflow:request_create"), {"title": "x"})
    assert response.status_code == 200
    assert "尚未配置" in response.content.decode()
    assert ApprovalRequest.objects.count() == 0


def test_request_list_scopes_and_status_filter(login, submit, team, outsider):
    mine = submit(title="我的申请")
    client = login(team["employee"])
    body = client.get(reverse("workflow:request_list")).content.decode()
    assert mine.number in body
    body = client.get(reverse("workflow:request_list"), {"status": "approved"}).content.decode()
    assert mine.number not in body
    handled = (
        login(team["dept_head"])
        .get(reverse("workflow:request_list"), {"scope": "handled"})
        .content.decode()
    )
    assert mine.number in handled
    assert mine.number not in login(outsider).get(reverse("workflow:request_list")).content.decode()


def test_request_list_query_budget(login, submit, team, django_assert_max_num_queries):
    for _ in range(10):
        submit()
    client = login(team["employee"])
    with django_assert_max_num_queries(15):
        assert client.get(reverse("workflow:request_list")).status_code == 200


def test_request_list_pages_by_keyset_and_keeps_the_filters(login, submit, team):
    requests = [submit(title=f"申请{index:02d}") for index in range(33)]
    client = login(team["employee"])
    url = reverse("workflow:request_list")
    first = client.get(url, {"scope": "mine"})
    page = first.context["page"]
    assert [r.pk for r in page.rows] == [r.pk for r in reversed(requests[3:])]
    assert page.older == requests[3].pk and page.newer is None
    body = first.content.decode()
    assert f"?scope=mine&amp;before={requests[3].pk}" in body and "page=" not in body
    second = client.get(url, {"scope": "mine", "before": page.older}).context["page"]
    assert [r.pk for r in second.rows] == [r.pk for r in reversed(requests[:3])]
    assert second.older is None and second.newer == requests[2].pk
    back = client.get(url, {"scope": "mine", "after": second.newer}).context["page"]
    assert [r.pk for r in back.rows] == [r.pk for r in page.rows]
    assert client.get(url, {"before": "abc"}).context["page"].rows[0] == requests[-1]


def test_detail_is_404_outside_scope_and_shows_decision_form_to_assignee(
    login, submit, team, outsider, auditor
):
    request = submit()
    url = reverse("workflow:request_detail", args=[request.pk])
    assert login(outsider).get(url).status_code == 404
    auditor_view = login(auditor).get(url)
    assert auditor_view.status_code == 200
    assert 'data-testid="decision-form"' not in auditor_view.content.decode()
    body = login(team["dept_head"]).get(url).content.decode()
    assert 'data-testid="decision-form"' in body and "已提交" in body
    requester_view = login(team["employee"]).get(url).content.decode()
    assert 'data-testid="decision-form"' not in requester_view
    assert reverse("workflow:request_withdraw", args=[request.pk]) in requester_view


def test_decide_via_form(login, submit, team):
    request = submit()
    task = task_of(request)
    url = reverse("workflow:task_decide", args=[task.pk])
    response = login(team["dept_head"]).post(url, {"decision": "approve", "comment": "同意"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "approved" and task.comment == "同意"
    # A refused decision is a message, not a change.
    response = login(team["dept_head"]).post(url, {"decision": "approve"}, follow=True)
    assert "您已经审批过此任务" in response.content.decode()
    next_task = task_of(request)
    forbidden = login(team["employee"]).post(
        reverse("workflow:task_decide", args=[next_task.pk]), {"decision": "approve"}
    )
    assert forbidden.status_code == 403


def test_decide_on_invisible_task_is_404(login, submit, outsider):
    task = task_of(submit())
    response = login(outsider).post(
        reverse("workflow:task_decide", args=[task.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404


def test_return_resubmit_and_withdraw(login, submit, team):
    request = submit()
    login(team["dept_head"]).post(
        reverse("workflow:task_decide", args=[task_of(request).pk]),
        {"decision": "return", "comment": "请补充"},
    )
    client = login(team["employee"])
    url = reverse("workflow:request_resubmit", args=[request.pk])
    page = client.get(url)
    assert page.status_code == 200 and "采购投影仪" in page.content.decode()
    assert login(team["dept_head"]).get(url).status_code == 403
    client = login(team["employee"])
    response = client.post(url, {"title": "采购投影仪（补充）", "reason": "已补充"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "pending" and request.title == "采购投影仪（补充）"
    client.post(reverse("workflow:request_withdraw", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == "withdrawn"
    assert client.get(reverse("workflow:request_withdraw", args=[request.pk])).status_code == 405


def test_delegation_page(login, team, make_user):
    deputy = make_user("deputy", "employee", department="sales")
    client = login(team["dept_head"])
    assert client.get(reverse("workflow:delegation_list")).status_code == 200
    now = timezone.localtime()
    response = client.post(
        reverse("workflow:delegation_list"),
        {
            "to_user": deputy.pk,
            "start": now.strftime("%Y-%m-%dT%H:%M"),
            "end": (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    delegation = Delegation.objects.get()
    assert delegation.from_user == team["dept_head"] and delegation.to_user == deputy
    self_delegation = client.post(
        reverse("workflow:delegation_list"),
        {
            "to_user": team["dept_head"].pk,
            "start": now.strftime("%Y-%m-%dT%H:%M"),
            "end": (now + timedelta(days=9)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert "不能委托给自己" in self_delegation.content.decode()
    assert (
        login(deputy).post(reverse("workflow:delegation_cancel", args=[delegation.pk])).status_code
        == 404
    )
    login(team["dept_head"]).post(reverse("workflow:delegation_cancel", args=[delegation.pk]))
    delegation.refresh_from_db()
    assert not delegation.is_active


def test_chain_pages_are_for_supervisors(login, supervisor, clerk):
    assert login(clerk).get(reverse("workflow:chain_list")).status_code == 403
    assert login(clerk).get(reverse("workflow:chain_create")).status_code == 403
    body = login(supervisor).get(reverse("workflow:chain_list")).content.decode()
    assert "通用事项审批（大额）" in body and "领导会签" in body


def formset_data(rows, initial=0):
    data = {
        "steps-TOTAL_FORMS": str(len(rows)),
        "steps-INITIAL_FORMS": str(initial),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"steps-{i}-{key}"] = value
    return data


def test_chain_create_and_edit(login, supervisor, clerk, company):
    client = login(supervisor)
    data = {
        "request_type": "general",
        "name": "行政部专用",
        "department": company["admin"].pk,
        "min_amount": "",
        "max_amount": "500",
        "priority": "3",
        "is_active": "on",
        **formset_data(
            [
                {
                    "order": "1",
                    "name": "文员初审",
                    "approver_kind": "users",
                    "users": [clerk.pk],
                    "mode": "any",
                    "due_hours": "8",
                },
                {
                    "order": "",
                    "name": "",
                    "approver_kind": "role",
                    "role_code": "",
                    "users": "",
                    "mode": "any",
                    "due_hours": "",
                },
            ]
        ),
    }
    response = client.post(reverse("workflow:chain_create"), data)
    assert response.status_code == 302, response.content.decode()
    chain = ApprovalChain.objects.get(name="行政部专用")
    [step] = chain.steps.all()
    assert step.approver_kind == "users" and list(step.users.all()) == [clerk]
    assert step.due_hours == 8
    page = client.get(reverse("workflow:chain_edit", args=[chain.pk]))
    assert page.status_code == 200 and "文员初审" in page.content.decode()
    data.update(
        formset_data(
            [
                {
                    "id": str(step.pk),
                    "order": "1",
                    "name": "主管审批",
                    "approver_kind": "role",
                    "role_code": "supervisor",
                    "users": "",
                    "mode": "all",
                    "due_hours": "",
                },
            ],
            initial=1,
        )
    )
    data["name"] = "行政部专用（改）"
    assert client.post(reverse("workflow:chain_edit", args=[chain.pk]), data).status_code == 302
    step.refresh_from_db()
    assert (step.name, step.role_code, step.mode) == ("主管审批", "supervisor", "all")
    assert list(step.users.all()) == []
    bad = dict(data, **{"steps-0-users": [987654], "steps-0-approver_kind": "users"})
    response = client.post(reverse("workflow:chain_edit", args=[chain.pk]), bad)
    assert response.status_code == 200
    assert "请从列表中选择人员。" in response.context["formset"][0].errors["users"]


def test_create_with_attachment_and_refused_file(login, team, outsider):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhongshu.files.models import Attachment

    client = login(team["employee"])
    good = SimpleUploadedFile("清单.txt", "投影仪 一台".encode(), content_type="text/plain")
    response = client.post(
        reverse("workflow:request_create"), {"title": "带附件", "attachment": good}
    )
    assert response.status_code == 302
    request = ApprovalRequest.objects.get()
    [attachment] = Attachment.objects.all()
    assert attachment.owner_id == str(request.pk) and attachment.original_name == "清单.txt"
    detail = client.get(reverse("workflow:request_detail", args=[request.pk])).content.decode()
    assert "清单.txt" in detail and 'data-testid="attachments"' in detail
    fake = SimpleUploadedFile("fake.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(
        reverse("workflow:request_create"), {"title": "坏附件", "attachment": fake}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["attachment"]
    assert ApprovalRequest.objects.count() == 1 and Attachment.objects.count() == 1


def test_inbox_pages_through_many_to_dos(client, employee, dept_head):
    from zhongshu.workflow.services import approval_submit

    for index in range(53):
        approval_submit(request_type="general", title=f"申请第{index}号", by=employee)
    client.force_login(dept_head)
    first = client.get(reverse("workflow:inbox"))
    body = first.content.decode()
    assert body.count("申请第") == 50
    assert "53" in body and 'data-testid="inbox-next"' in body
    second = client.get(reverse("workflow:inbox") + "?page=2").content.decode()
    assert second.count("申请第") == 3
    assert 'data-testid="inbox-next"' not in second
    assert client.get(reverse("workflow:inbox") + "?page=abc").status_code == 200


def test_top_bar_badge_counts_my_to_dos(client, employee, dept_head):
    from zhongshu.workflow.services import approval_submit

    approval_submit(request_type="general", title="申请借用相机", by=employee)
    client.force_login(dept_head)
    badge = client.get(reverse("workflow:inbox_count")).content.decode()
    assert 'data-testid="inbox-count">1<' in badge
    client.force_login(employee)
    assert ">0<" in client.get(reverse("workflow:inbox_count")).content.decode()
