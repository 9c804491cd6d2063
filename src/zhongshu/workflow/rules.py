"""Permission predicates of the workflow app.

Status checks (is the request still open?) live in the services and answer 409; these rules
say only *who* may act.
"""

import rules

from zhongshu.core.rules import is_active_user, is_supervisor


@rules.predicate
def is_requester(user, request):
    return request is not None and request.requester_id == user.pk


@rules.predicate
def is_assignee(user, task):
    return task is not None and task.assignee_id == user.pk


@rules.predicate
def is_self(user, other):
    return other is not None and other.pk == user.pk


@rules.predicate
def can_see_request(user, request):
    from .models import ApprovalRequest

    return (
        request is not None
        and ApprovalRequest.objects.visible_to(user).filter(pk=request.pk).exists()
    )


rules.add_perm("workflow.submit_request", is_active_user)
rules.add_perm("workflow.view_request", is_active_user & can_see_request)
rules.add_perm("workflow.edit_request", is_active_user & is_requester)
rules.add_perm("workflow.withdraw_request", is_active_user & is_requester)
rules.add_perm("workflow.decide_task", is_active_user & is_assignee)
rules.add_perm("workflow.manage_chains", is_supervisor)
rules.add_perm("workflow.delegate_for", is_active_user & (is_self | is_supervisor))
