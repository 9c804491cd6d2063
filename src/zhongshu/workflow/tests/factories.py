"""factory_boy builders for approval chains, requests, tasks, delegations and deadlines.

They write rows directly, in a consistent state, for tests that need data to read (visibility,
inbox, querysets). Tests of a flow start it through the services (`approval_submit`, ...).

    chain = ApprovalChainFactory(request_type="boom", supervisor_step=True)
    task = ApprovalTaskFactory(assignee=supervisor)        # its request and chain come along
    DeadlineFactory(target=task, owner=supervisor, due_at=...)
"""

from datetime import timedelta

import factory
from django.utils import timezone

from zhongshu.core.roles import Role
from zhongshu.org.tests.factories import UserFactory
from zhongshu.workflow import registry
from zhongshu.workflow.models import (
    ApprovalChain,
    ApprovalRequest,
    ApprovalStep,
    ApprovalTask,
    ApproverKind,
    Deadline,
    Delegation,
    RequestStatus,
    StepMode,
    TaskStatus,
)


class ApprovalStepFactory(factory.django.DjangoModelFactory):
    """A step; by default any supervisor approves. `users=[...]` names a USERS step's people."""

    class Meta:
        model = ApprovalStep
        skip_postgeneration_save = True

    chain = factory.SubFactory("zhongshu.workflow.tests.factories.ApprovalChainFactory")
    order = 1
    name = factory.Sequence(lambda n: f"审批步骤{n}")
    approver_kind = ApproverKind.ROLE
    # As chain_save stores it: a role only on a ROLE step.
    role_code = factory.LazyAttribute(
        lambda step: Role.SUPERVISOR if step.approver_kind == ApproverKind.ROLE else ""
    )
    mode = StepMode.ANY

    @factory.post_generation
    def users(self, create: bool, extracted: list | None, **kwargs) -> None:
        if create and extracted:
            self.users.set(extracted)


class ApprovalChainFactory(factory.django.DjangoModelFactory):
    """A chain for every department and amount; `supervisor_step=True` gives it one step."""

    class Meta:
        model = ApprovalChain
        skip_postgeneration_save = True

    request_type = registry.GENERAL
    name = factory.Sequence(lambda n: f"审批链{n}")

    class Params:
        supervisor_step = factory.Trait(
            step=factory.RelatedFactory(ApprovalStepFactory, "chain", name="主管审批")
        )


class ApprovalRequestFactory(factory.django.DjangoModelFactory):
    """A pending request waiting at the first step of its chain (one supervisor step)."""

    class Meta:
        model = ApprovalRequest

    number = factory.Sequence(lambda n: f"SP-TEST-{n:06d}")
    request_type = registry.GENERAL
    title = factory.Sequence(lambda n: f"申请事项{n}")
    requester = factory.SubFactory(UserFactory)
    department = factory.SelfAttribute("requester.department")
    chain = factory.SubFactory(
        ApprovalChainFactory,
        request_type=factory.SelfAttribute("..request_type"),
        supervisor_step=True,
    )
    current_step = factory.LazyAttribute(lambda request: request.chain.steps.first())
    status = RequestStatus.PENDING


class ApprovalTaskFactory(factory.django.DjangoModelFactory):
    """One person's pending decision at the request's current step."""

    class Meta:
        model = ApprovalTask

    request = factory.SubFactory(ApprovalRequestFactory)
    step = factory.LazyAttribute(
        lambda task: task.request.current_step or ApprovalStepFactory(chain=task.request.chain)
    )
    assignee = factory.SubFactory(UserFactory, roles=[Role.SUPERVISOR])
    status = TaskStatus.PENDING


class DelegationFactory(factory.django.DjangoModelFactory):
    """`from_user` hands every type of approval to `to_user` from an hour ago for a week."""

    class Meta:
        model = Delegation

    from_user = factory.SubFactory(UserFactory)
    to_user = factory.SubFactory(UserFactory)
    start = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    end = factory.LazyAttribute(lambda delegation: delegation.start + timedelta(days=7))


class DeadlineFactory(factory.django.DjangoModelFactory):
    """An open deadline on `target` (any saved model instance; an approval task by default),
    due in a day, reminded two hours before."""

    class Meta:
        model = Deadline

    target = factory.SubFactory(ApprovalTaskFactory)
    kind = "approval"
    title = factory.Sequence(lambda n: f"待办期限{n}")
    owner = factory.SubFactory(UserFactory)
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    remind_at = factory.LazyAttribute(lambda deadline: deadline.due_at - timedelta(hours=2))
