import re
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from zhongshu.core.errors import Conflict, ServiceError
from zhongshu.workflow import registry
from zhongshu.workflow.models import (
    ApprovalChain,
    ApprovalRequest,
    ApprovalTask,
    ApproverKind,
    Deadline,
    Delegation,
)
from zhongshu.workflow.services import (
    approval_decide,
    approval_resubmit,
    approval_submit,
    approval_withdraw,
    chain_save,
    delegation_cancel,
    delegation_set,
    select_chain,
)

from .factories import ApprovalChainFactory, ApprovalStepFactory

pytestmark = pytest.mark.django_db


def pending(request, user=None):
    tasks = ApprovalTask.objects.filter(request=request, status="pending")
    if user is not None:
        tasks = tasks.filter(assignee=user)
    return list(tasks.order_by("id"))


def actions(request):
    return list(
        request.events.order_by("at", "id").values_list("action", "from_status", "to_status")
    )


# --- submit -------------------------------------------------------------------------------
def test_submit_routes_to_department_head_with_event_audit_notice_and_deadline(
    submit, team, audit_log, notes
):
    request = submit()
    assert re.fullmatch(rf"SP-{timezone.localdate().year}-000001", request.number)
    assert request.status == "pending"
    assert request.department == team["employee"].department
    assert request.chain.name == "通用事项审批"
    assert request.current_step.name == "部门负责人审批"
    [task] = pending(request)
    assert task.assignee == team["dept_head"] and task.acting_for is None
    assert abs(task.due_at - (task.created_at + timedelta(hours=24))) < timedelta(seconds=1)
    assert actions(request) == [("submitted", "", "pending")]
    assert [c["action"] for c in audit_log] == ["workflow.request_submitted"]
    assert audit_log[0]["actor"] == team["employee"]
    assert notes(team["dept_head"]) == [("approval", f"待审批：{request.number} 采购投影仪")]
    deadline = Deadline.objects.get(object_id=task.pk, kind="approval")
    assert deadline.owner == team["dept_head"] and deadline.due_at == task.due_at
    assert deadline.escalate_role == "supervisor"


def test_numbers_are_sequential(submit):
    first, second = submit(), submit()
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1


def test_submit_validates_title_amount_and_type(submit, employee):
    with pytest.raises(ServiceError) as error:
        submit(title="  ")
    assert error.value.field == "title"
    with pytest.raises(ServiceError) as error:
        submit(amount="-1")
    assert error.value.field == "amount"
    with pytest.raises(ServiceError) as error:
        approval_submit(request_type="nope", title="x", by=employee)
    assert error.value.field == "request_type"
    assert ApprovalRequest.objects.count() == 0


def test_inactive_user_cannot_submit(submit, employee):
    employee.is_active = False
    employee.save()
    with pytest.raises(PermissionDenied):
        submit()


# --- chain selection ----------------------------------------------------------------------
def test_large_amount_uses_countersign_chain(submit):
    assert submit(amount="9999.99").chain.name == "通用事项审批"
    big = submit(amount="10000")
    assert big.chain.name == "通用事项审批（大额）"
    assert list(big.chain.steps.values_list("mode", flat=True)) == ["any", "any", "all"]


def test_most_specific_department_wins_then_priority(company):
    sales_chain = ApprovalChainFactory(department=company["sales"])
    east_chain = ApprovalChainFactory(department=company["sales_east"])
    assert select_chain("general", company["sales_east"], None) == east_chain
    assert select_chain("general", company["sales"], None) == sales_chain
    assert select_chain("general", company["admin"], None).name == "通用事项审批"
    preferred = ApprovalChainFactory(department=company["sales_east"], priority=5)
    assert select_chain("general", company["sales_east"], Decimal("1")) == preferred
    preferred.is_active = False
    preferred.save()
    assert select_chain("general", company["sales_east"], Decimal("1")) == east_chain


def test_no_matching_chain_is_a_clear_error(company):
    ApprovalChain.objects.filter(request_type="general").update(is_active=False)
    with pytest.raises(ServiceError) as error:
        select_chain("general", company["sales"], None)
    assert error.value.code == "no_chain"
    assert "通用事项申请" in str(error.value.detail)


def test_amount_ranges_min_inclusive_max_exclusive(company):
    ApprovalChain.objects.filter(request_type="general").update(is_active=False)
    chain = ApprovalChainFactory(min_amount=Decimal("100"), max_amount=Decimal("200"))
    assert select_chain("general", None, Decimal("100")) == chain
    with pytest.raises(ServiceError):
        select_chain("general", None, Decimal("200"))
    with pytest.raises(ServiceError):
        select_chain("general", None, None)


# --- approve, steps, countersign ----------------------------------------------------------
def test_two_step_approval_to_the_end(submit, team, audit_log, notes):
    request = submit()
    [task] = pending(request)
    approval_decide(task=task, decision="approve", comment="同意", by=team["dept_head"])
    request.refresh_from_db()
    assert request.status == "pending" and request.current_step.name == "行政主管审批"
    [task2] = pending(request)
    assert task2.assignee == team["supervisor"]
    assert Deadline.objects.get(object_id=task.pk).done_at is not None
    approval_decide(task=task2, decision="approve", by=team["supervisor"])
    request.refresh_from_db()
    assert request.status == "approved" and request.current_step is None
    assert request.decided_at is not None
    assert actions(request) == [
        ("submitted", "", "pending"),
        ("approved", "pending", "pending"),
        ("approved", "pending", "approved"),
    ]
    assert [c["action"] for c in audit_log] == [
        "workflow.request_submitted",
        "workflow.task_approved",
        "workflow.task_approved",
    ]
    assert audit_log[-1]["after"]["status"] == "approved"
    assert notes(team["employee"], "approval_result") == [
        ("approval_result", f"您的申请 {request.number} 采购投影仪 已批准")
    ]
    assert not Deadline.objects.open().exists()


def test_any_mode_first_approval_skips_the_others(submit, team, supervisor2):
    request = submit()
    approval_decide(task=pending(request)[0], decision="approve", by=team["dept_head"])
    first, second = pending(request)
    assert {first.assignee, second.assignee} == {team["supervisor"], supervisor2}
    approval_decide(task=second, decision="approve", by=second.assignee)
    first.refresh_from_db()
    assert first.status == "skipped"
    assert not Deadline.objects.open().exists()
    assert ApprovalRequest.objects.get(pk=request.pk).status == "approved"
    with pytest.raises(Conflict) as error:
        approval_decide(task=first, decision="approve", by=first.assignee)
    assert error.value.code == "request_closed"


def test_a_settled_step_refuses_the_late_approver(submit, team, supervisor2):
    request = submit(amount="50000")
    approval_decide(task=pending(request)[0], decision="approve", by=team["dept_head"])
    first, second = pending(request)
    approval_decide(task=first, decision="approve", by=first.assignee)
    request.refresh_from_db()
    assert request.status == "pending" and request.current_step.name == "领导会签"
    with pytest.raises(Conflict) as error:
        approval_decide(task=second, decision="reject", comment="晚了", by=second.assignee)
    assert error.value.code == "step_settled"
    assert ApprovalTask.objects.get(pk=second.pk).status == "skipped"


def test_countersign_waits_for_everyone(submit, team, leader2):
    request = submit(amount="20000")
    approval_decide(task=pending(request)[0], decision="approve", by=team["dept_head"])
    approval_decide(task=pending(request)[0], decision="approve", by=team["supervisor"])
    request.refresh_from_db()
    assert request.current_step.name == "领导会签"
    a, b = pending(request)
    assert {a.assignee, b.assignee} == {team["leader"], leader2}
    assert a.due_at - a.created_at == timedelta(hours=48)
    approval_decide(task=a, decision="approve", by=a.assignee)
    request.refresh_from_db()
    assert request.status == "pending" and request.current_step.name == "领导会签"
    assert pending(request) == [b]
    approval_decide(task=b, decision="approve", by=b.assignee)
    request.refresh_from_db()
    assert request.status == "approved"


def test_countersign_one_reject_ends_the_step(submit, team, leader2):
    request = submit(amount="20000")
    approval_decide(task=pending(request)[0], decision="approve", by=team["dept_head"])
    approval_decide(task=pending(request)[0], decision="approve", by=team["supervisor"])
    a, b = pending(request)
    approval_decide(task=a, decision="approve", by=a.assignee)
    approval_decide(task=b, decision="reject", comment="预算不足", by=b.assignee)
    request.refresh_from_db()
    assert request.status == "rejected"
    assert ApprovalTask.objects.get(pk=a.pk).status == "approved"
    assert ApprovalTask.objects.get(pk=b.pk).status == "rejected"


def test_callbacks_run_for_each_outcome(callbacks, employee, supervisor):
    def new():
        return approval_submit(request_type="test_type", title="t", by=employee)

    approved, rejected, returned = new(), new(), new()
    approval_decide(task=pending(approved)[0], decision="approve", by=supervisor)
    approval_decide(task=pending(rejected)[0], decision="reject", comment="否", by=supervisor)
    approval_decide(task=pending(returned)[0], decision="return", comment="补充", by=supervisor)
    assert callbacks == [
        ("approved", approved.pk, supervisor.pk),
        ("rejected", rejected.pk, supervisor.pk),
        ("returned", returned.pk, supervisor.pk),
    ]


def test_failing_callback_rolls_the_decision_back(employee, supervisor):
    def boom(request, *, by):
        raise ServiceError("下游拒绝")

    registry.register_request_type("boom", "炸", on_approved=boom)
    try:
        ApprovalChainFactory(request_type="boom", supervisor_step=True)
        request = approval_submit(request_type="boom", title="t", by=employee)
        [task] = pending(request)
        with pytest.raises(ServiceError):
            approval_decide(task=task, decision="approve", by=supervisor)
        request.refresh_from_db()
        task.refresh_from_db()
        assert request.status == "pending" and task.status == "pending"
        assert request.events.count() == 1
    finally:
        registry._TYPES.pop("boom", None)


# --- reject, return, resubmit, withdraw ---------------------------------------------------
def test_reject_needs_a_comment_and_closes_the_request(submit, team, notes):
    request = submit()
    [task] = pending(request)
    with pytest.raises(ServiceError) as error:
        approval_decide(task=task, decision="reject", comment=" ", by=team["dept_head"])
    assert error.value.field == "comment"
    approval_decide(task=task, decision="reject", comment="不需要", by=team["dept_head"])
    request.refresh_from_db()
    assert request.status == "rejected"
    assert actions(request)[-1] == ("rejected", "pending", "rejected")
    assert request.events.last().comment == "不需要"
    assert notes(team["employee"], "approval_result")[0][1].endswith("已驳回")
    with pytest.raises(Conflict) as error:
        approval_resubmit(request=request, title="x", reason="", amount=None, by=team["employee"])
    assert error.value.code == "invalid_transition"


def test_return_then_resubmit_restarts_at_step_one(submit, team, audit_log):
    request = submit()
    approval_decide(task=pending(request)[0], decision="approve", by=team["dept_head"])
    approval_decide(
        task=pending(request)[0], decision="return", comment="请补充型号", by=team["supervisor"]
    )
    request.refresh_from_db()
    assert request.status == "returned" and request.current_step is None
    assert pending(request) == []
    with pytest.raises(PermissionDenied):
        approval_resubmit(request=request, title="x", reason="", amount=None, by=team["dept_head"])
    approval_resubmit(
        request=request,
        title="采购投影仪（爱普生）",
        reason="型号已补充",
        amount=Decimal("12000"),
        by=team["employee"],
    )
    request.refresh_from_db()
    assert request.status == "pending"
    assert request.title == "采购投影仪（爱普生）"
    assert request.chain.name == "通用事项审批（大额）"
    assert request.current_step.order == 1
    assert [t.assignee for t in pending(request)] == [team["dept_head"]]
    assert actions(request)[-2:] == [
        ("returned", "pending", "returned"),
        ("resubmitted", "returned", "pending"),
    ]
    assert audit_log[-1]["action"] == "workflow.request_resubmitted"
    assert audit_log[-1]["before"]["status"] == "returned"
    with pytest.raises(Conflict):
        approval_resubmit(request=request, title="x", reason="", amount=None, by=team["employee"])


def test_withdraw(submit, team, notes, audit_log):
    request = submit()
    [task] = pending(request)
    with pytest.raises(PermissionDenied):
        approval_withdraw(request=request, by=team["dept_head"])
    approval_withdraw(request=request, by=team["employee"])
    request.refresh_from_db()
    task.refresh_from_db()
    assert request.status == "withdrawn" and task.status == "skipped"
    assert not Deadline.objects.open().exists()
    assert notes(team["dept_head"])[-1][1].endswith("已撤回")
    assert audit_log[-1]["action"] == "workflow.request_withdrawn"
    with pytest.raises(Conflict):
        approval_withdraw(request=request, by=team["employee"])
    with pytest.raises(Conflict):
        approval_decide(task=task, decision="approve", by=team["dept_head"])


def test_returned_request_can_be_withdrawn(submit, team):
    request = submit()
    approval_decide(task=pending(request)[0], decision="return", comment="改", by=team["dept_head"])
    approval_withdraw(request=request, by=team["employee"])
    assert ApprovalRequest.objects.get(pk=request.pk).status == "withdrawn"


def test_withdrawal_runs_the_types_callback(callbacks, employee, supervisor):
    request = approval_submit(request_type="test_type", title="t", by=employee)
    approval_withdraw(request=request, by=employee)
    assert callbacks == [("withdrawn", request.pk, employee.pk)]


def test_approved_request_cannot_be_withdrawn(callbacks, employee, supervisor):
    request = approval_submit(request_type="test_type", title="t", by=employee)
    approval_decide(task=pending(request)[0], decision="approve", by=supervisor)
    with pytest.raises(Conflict):
        approval_withdraw(request=request, by=employee)


# --- refusals -----------------------------------------------------------------------------
def test_deciding_someone_elses_task_is_refused(submit, team):
    request = submit()
    [task] = pending(request)
    with pytest.raises(PermissionDenied):
        approval_decide(task=task, decision="approve", by=team["supervisor"])
    with pytest.raises(PermissionDenied):
        approval_decide(task=task, decision="approve", by=team["employee"])
    task.refresh_from_db()
    assert task.status == "pending"


def test_deciding_twice_and_bad_decision(submit, team, supervisor2):
    request = submit()
    [task] = pending(request)
    with pytest.raises(ServiceError) as error:
        approval_decide(task=task, decision="maybe", by=team["dept_head"])
    assert error.value.field == "decision"
    approval_decide(task=task, decision="approve", by=team["dept_head"])
    with pytest.raises(Conflict) as error:
        approval_decide(task=task, decision="approve", by=team["dept_head"])
    assert error.value.code == "already_decided"


def test_deciding_a_finished_request(submit, team):
    request = submit()
    [task] = pending(request)
    approval_withdraw(request=request, by=team["employee"])
    with pytest.raises(Conflict) as error:
        approval_decide(task=task, decision="approve", by=team["dept_head"])
    assert error.value.code == "request_closed"


# --- approver resolution ------------------------------------------------------------------
def test_requester_never_approves_and_empty_steps_are_skipped(supervisor, supervisor2, company):
    # The admin department has no head: step 1 is skipped; the supervisor's own request goes
    # to the other supervisor.
    request = approval_submit(request_type="general", title="t", by=supervisor)
    assert [t.assignee for t in pending(request)] == [supervisor2]
    assert actions(request) == [("submitted", "", "pending"), ("step_skipped", "", "pending")]


def test_no_approver_at_all_is_refused(supervisor):
    with pytest.raises(ServiceError) as error:
        approval_submit(request_type="general", title="t", by=supervisor)
    assert error.value.code == "no_approver"
    assert ApprovalRequest.objects.count() == 0


def test_department_head_request_goes_to_the_next_head_up(
    company, dept_head, make_user, supervisor
):
    boss = make_user("boss", "leader", department="root")
    company["root"].head = boss
    company["root"].save()
    request = approval_submit(request_type="general", title="t", by=dept_head)
    assert [t.assignee for t in pending(request)] == [boss]


def test_superior_and_named_people_steps(company, make_user, employee, dept_head):
    boss = make_user("boss", "leader", department="root")
    company["root"].head = boss
    company["root"].save()
    named = make_user("named", "clerk")
    chain = ApprovalChainFactory(department=company["sales"], priority=9)
    ApprovalStepFactory(chain=chain, order=1, approver_kind=ApproverKind.DEPT_HEAD_SUPERIOR)
    ApprovalStepFactory(chain=chain, order=2, approver_kind=ApproverKind.USERS, users=[named])
    request = approval_submit(request_type="general", title="t", by=employee)
    assert [t.assignee for t in pending(request)] == [boss]
    approval_decide(task=pending(request)[0], decision="approve", by=boss)
    assert [t.assignee for t in pending(request)] == [named]


# --- delegation ---------------------------------------------------------------------------
def test_delegation_routes_new_tasks(submit, team, make_user, notes):
    deputy = make_user("deputy", "employee", department="sales")
    now = timezone.now()
    delegation_set(
        from_user=team["dept_head"],
        to_user=deputy,
        start=now - timedelta(hours=1),
        end=now + timedelta(days=3),
        by=team["dept_head"],
    )
    assert notes(deputy, "delegation")
    request = submit()
    [task] = pending(request)
    assert task.assignee == deputy and task.acting_for == team["dept_head"]
    assert ApprovalRequest.objects.visible_to(team["dept_head"]).filter(pk=request.pk).exists()
    with pytest.raises(PermissionDenied):
        approval_decide(task=task, decision="approve", by=team["dept_head"])
    approval_decide(task=task, decision="approve", by=deputy)
    assert [t.assignee for t in pending(request)] == [team["supervisor"]]


def test_delegation_respects_types_period_and_requester(submit, team, make_user):
    deputy = make_user("deputy", "employee", department="sales")
    now = timezone.now()
    other = delegation_set(
        from_user=team["dept_head"],
        to_user=deputy,
        start=now - timedelta(hours=1),
        end=now + timedelta(days=1),
        request_types=["general"],
        by=team["dept_head"],
    )
    Delegation.objects.filter(pk=other.pk).update(request_types=["test_type"])
    assert pending(submit())[0].assignee == team["dept_head"]
    Delegation.objects.filter(pk=other.pk).update(
        request_types=[], start=now + timedelta(days=1), end=now + timedelta(days=2)
    )
    assert pending(submit())[0].assignee == team["dept_head"]
    Delegation.objects.filter(pk=other.pk).update(
        to_user=team["employee"], start=now - timedelta(days=1)
    )
    # A delegation never hands the requester their own request.
    assert pending(submit())[0].assignee == team["dept_head"]


def test_delegation_set_validation(team, make_user, supervisor, audit_log):
    deputy = make_user("deputy", "employee", department="sales")
    boss = team["dept_head"]
    now = timezone.now()
    start, end = now, now + timedelta(days=2)
    with pytest.raises(ServiceError):
        delegation_set(from_user=boss, to_user=boss, start=start, end=end, by=boss)
    with pytest.raises(ServiceError):
        delegation_set(from_user=boss, to_user=deputy, start=end, end=start, by=boss)
    with pytest.raises(ServiceError):
        delegation_set(
            from_user=boss, to_user=deputy, start=start, end=end, request_types=["nope"], by=boss
        )
    with pytest.raises(PermissionDenied):
        delegation_set(from_user=boss, to_user=deputy, start=start, end=end, by=team["employee"])
    first = delegation_set(from_user=boss, to_user=deputy, start=start, end=end, by=boss)
    with pytest.raises(Conflict):
        delegation_set(
            from_user=boss,
            to_user=deputy,
            start=start + timedelta(days=1),
            end=end + timedelta(days=1),
            by=boss,
        )
    by_supervisor = delegation_set(
        from_user=boss, to_user=deputy, start=end, end=end + timedelta(days=1), by=supervisor
    )
    assert by_supervisor.pk
    with pytest.raises(PermissionDenied):
        delegation_cancel(delegation=first, by=deputy)
    delegation_cancel(delegation=first, by=boss)
    first.refresh_from_db()
    assert not first.is_active
    with pytest.raises(Conflict):
        delegation_cancel(delegation=first, by=boss)
    assert [c["action"] for c in audit_log] == [
        "workflow.delegation_set",
        "workflow.delegation_set",
        "workflow.delegation_cancelled",
    ]


# --- visibility ---------------------------------------------------------------------------
def test_visibility(submit, personas):
    request = submit()
    visible = {
        name
        for name, user in personas.items()
        if ApprovalRequest.objects.visible_to(user).filter(pk=request.pk).exists()
    }
    assert visible == {"employee", "dept_head", "supervisor", "auditor"}


def test_registered_type_can_view_widens_visibility(employee, supervisor, logistics, outsider):
    from django.db.models import Q

    registry.register_request_type(
        "seen", "可见", can_view=lambda user: Q(pk__gt=0) if user.has_role("logistics") else None
    )
    try:
        ApprovalChainFactory(request_type="seen", supervisor_step=True)
        request = approval_submit(request_type="seen", title="t", by=employee)
        assert ApprovalRequest.objects.visible_to(logistics).filter(pk=request.pk).exists()
        assert not ApprovalRequest.objects.visible_to(outsider).filter(pk=request.pk).exists()
    finally:
        registry._TYPES.pop("seen", None)


def test_inactive_users_see_nothing(submit, team):
    request = submit()
    team["employee"].is_active = False
    assert not ApprovalRequest.objects.visible_to(team["employee"]).filter(pk=request.pk).exists()


# --- chains -------------------------------------------------------------------------------
def step(name, **extra):
    return {
        "name": name,
        "approver_kind": "role",
        "role_code": "supervisor",
        "mode": "any",
        "due_hours": None,
        **extra,
    }


def test_chain_save_creates_renumbers_and_audits(supervisor, clerk, company, audit_log):
    fields = {
        "request_type": "general",
        "name": " 行政部专用 ",
        "department": company["admin"],
        "min_amount": None,
        "max_amount": None,
        "priority": 1,
        "is_active": True,
    }
    chain = chain_save(
        fields=fields,
        steps=[
            step("二审", order=5),
            step("一审", order=2, approver_kind="users", users=[clerk]),
        ],
        by=supervisor,
    )
    assert chain.name == "行政部专用"
    steps = list(chain.steps.order_by("order"))
    assert [(s.order, s.name, s.role_code) for s in steps] == [
        (1, "一审", ""),
        (2, "二审", "supervisor"),
    ]
    assert list(steps[0].users.all()) == [clerk]
    chain_save(
        chain=chain,
        fields={**fields, "name": "改名"},
        steps=[{"id": steps[1].pk, **step("唯一")}],
        by=supervisor,
    )
    chain.refresh_from_db()
    assert chain.name == "改名"
    assert list(chain.steps.values_list("pk", "name")) == [(steps[1].pk, "唯一")]
    assert [c["action"] for c in audit_log] == ["workflow.chain_saved", "workflow.chain_saved"]
    assert audit_log[1]["before"]["name"] == "行政部专用"


def test_chain_save_refusals(supervisor, clerk, submit, team):
    fields = {
        "request_type": "general",
        "name": "x",
        "department": None,
        "min_amount": None,
        "max_amount": None,
        "priority": 0,
        "is_active": True,
    }
    with pytest.raises(PermissionDenied):
        chain_save(fields=fields, steps=[step("a")], by=clerk)
    with pytest.raises(ServiceError):
        chain_save(fields=fields, steps=[], by=supervisor)
    with pytest.raises(ServiceError) as error:
        chain_save(
            fields={**fields, "min_amount": Decimal(5), "max_amount": Decimal(5)},
            steps=[step("a")],
            by=supervisor,
        )
    assert error.value.field == "max_amount"
    with pytest.raises(ServiceError):
        chain_save(fields=fields, steps=[step("a", role_code="")], by=supervisor)
    with pytest.raises(ServiceError):
        chain_save(fields=fields, steps=[step("a", approver_kind="users", users=[])], by=supervisor)
    with pytest.raises(ServiceError):
        chain_save(fields={**fields, "request_type": "nope"}, steps=[step("a")], by=supervisor)
    request = submit()
    used = request.chain
    first = used.steps.order_by("order").first()
    with pytest.raises(ServiceError) as error:
        chain_save(
            chain=used, fields={**fields, "name": used.name}, steps=[step("新")], by=supervisor
        )
    assert error.value.code == "step_in_use"
    assert used.steps.filter(pk=first.pk).exists()


# --- deadlines of approval steps ----------------------------------------------------------
def test_overdue_approval_is_escalated_to_supervisors(submit, team, supervisor2, notes):
    from zhongshu.workflow.services import deadlines_process

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        request = submit()
    with time_machine.travel(start + timedelta(hours=22, minutes=1), tick=False):
        assert deadlines_process() == {"reminded": 1, "escalated": 0}
    with time_machine.travel(start + timedelta(hours=24, minutes=1), tick=False):
        assert deadlines_process() == {"reminded": 0, "escalated": 1}
        assert deadlines_process() == {"reminded": 0, "escalated": 0}
    assert [k for k, _t in notes(team["dept_head"])] == [
        "approval",
        "deadline_reminder",
        "deadline_overdue",
    ]
    for boss in (team["supervisor"], supervisor2):
        [(kind, title)] = notes(boss)
        assert kind == "deadline_escalated" and request.number in title
