"""Approvals (chains, requests, tasks, events, delegations) and deadlines.

Every module asks for approval through the same models; a domain module registers its request
type (see registry.py) and points `ApprovalRequest.target` at its own object.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhongshu.core.roles import Role

from . import registry


class ApproverKind(models.TextChoices):
    ROLE = "role", _("Everyone with a role")
    USERS = "users", _("Specific people")
    DEPT_HEAD = "dept_head", _("Requester's department head")
    DEPT_HEAD_SUPERIOR = "dept_head_superior", _("Department head's superior")


class StepMode(models.TextChoices):
    ANY = "any", _("Any one approves")
    ALL = "all", _("Countersign: all approve")


class ApprovalChainQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class ApprovalChain(models.Model):
    """The steps a request of one type goes through, for a department subtree and amount range.

    `department` empty means any department; `min_amount` is inclusive and `max_amount` exclusive,
    so "below 10,000" and "10,000 and above" never overlap.
    """

    request_type = models.CharField(_("request type"), max_length=50, db_index=True)
    name = models.CharField(_("name"), max_length=100)
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approval_chains",
        help_text=_("Empty: requests of any department."),
    )
    min_amount = models.DecimalField(
        _("minimum amount"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Inclusive; empty means no lower limit."),
    )
    max_amount = models.DecimalField(
        _("maximum amount"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Exclusive; empty means no upper limit."),
    )
    priority = models.IntegerField(
        _("priority"), default=0, help_text=_("Higher wins when several chains match equally.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = ApprovalChainQuerySet.as_manager()

    class Meta:
        ordering = ["request_type", "-priority", "name"]
        verbose_name = _("approval chain")
        verbose_name_plural = _("approval chains")
        indexes = [models.Index(fields=["request_type", "is_active"])]

    def __str__(self):
        return self.name

    @property
    def type_label(self):
        return registry.label_of(self.request_type)


class ApprovalStep(models.Model):
    chain = models.ForeignKey(
        ApprovalChain, verbose_name=_("chain"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("name"), max_length=100)
    approver_kind = models.CharField(
        _("approver"), max_length=30, choices=ApproverKind.choices, default=ApproverKind.ROLE
    )
    role_code = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("people"),
        blank=True,
        related_name="approval_steps",
    )
    mode = models.CharField(
        _("mode"), max_length=10, choices=StepMode.choices, default=StepMode.ANY
    )
    due_hours = models.PositiveIntegerField(
        _("time limit (hours)"),
        null=True,
        blank=True,
        help_text=_("Empty: no deadline. Overdue tasks are escalated to the admin supervisors."),
    )

    class Meta:
        ordering = ["chain", "order", "id"]
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")

    def __str__(self):
        return f"{self.order}. {self.name}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RETURNED = "returned", _("Returned for revision")
    WITHDRAWN = "withdrawn", _("Withdrawn")


REQUEST_FLOW = {
    RequestStatus.PENDING: (
        RequestStatus.APPROVED,
        RequestStatus.REJECTED,
        RequestStatus.RETURNED,
        RequestStatus.WITHDRAWN,
    ),
    RequestStatus.RETURNED: (RequestStatus.PENDING, RequestStatus.WITHDRAWN),
    RequestStatus.APPROVED: (),
    RequestStatus.REJECTED: (),
    RequestStatus.WITHDRAWN: (),
}


class ApprovalRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Requester, every assignee (and the person they act for), supervisors, auditors
        (read-only), and whoever a registered request type's `can_view` admits."""
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_role(Role.SUPERVISOR, Role.AUDITOR):
            return self
        involved = ApprovalTask.objects.filter(Q(assignee=user) | Q(acting_for=user))
        cond = Q(requester=user) | Q(pk__in=involved.values("request_id"))
        for code, extra in registry.view_conditions(user):
            cond |= Q(request_type=code) & extra
        return self.filter(cond)

    def handled_by(self, user):
        """Requests where `user` has (or had) a task."""
        involved = ApprovalTask.objects.filter(Q(assignee=user) | Q(acting_for=user))
        return self.filter(pk__in=involved.values("request_id"))


class ApprovalRequest(models.Model):
    Status = RequestStatus

    number = models.CharField(_("number"), max_length=30, unique=True)
    request_type = models.CharField(_("request type"), max_length=50, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    reason = models.TextField(pgettext_lazy("approval request", "reason"), blank=True)
    amount = models.DecimalField(
        _("amount (CNY)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approval_requests",
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester"),
        on_delete=models.PROTECT,
        related_name="approval_requests",
    )
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("target type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_id = models.PositiveBigIntegerField(_("target id"), null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    chain = models.ForeignKey(
        ApprovalChain,
        verbose_name=_("approval chain"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    current_step = models.ForeignKey(
        ApprovalStep,
        verbose_name=_("current step"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RequestStatus.choices,
        default=RequestStatus.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = ApprovalRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        indexes = [
            models.Index(fields=["requester", "status"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def type_label(self):
        return registry.label_of(self.request_type)

    @property
    def is_open(self) -> bool:
        return self.status in (RequestStatus.PENDING, RequestStatus.RETURNED)


class TaskStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RETURNED = "returned", _("Returned")
    SKIPPED = "skipped", _("Not needed")


class ApprovalTaskQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=TaskStatus.PENDING)

    def open_for(self, user):
        """Tasks waiting on `user`: the inbox's approvals."""
        return self.filter(
            assignee=user, status=TaskStatus.PENDING, request__status=RequestStatus.PENDING
        )


class ApprovalTask(models.Model):
    """One person's decision at one step. `acting_for` is set when a delegation routed it."""

    Status = TaskStatus

    request = models.ForeignKey(
        ApprovalRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    step = models.ForeignKey(
        ApprovalStep, verbose_name=_("step"), on_delete=models.PROTECT, related_name="tasks"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        related_name="approval_tasks",
    )
    acting_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acting for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegated_approval_tasks",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.PENDING
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = ApprovalTaskQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("approval task")
        verbose_name_plural = _("approval tasks")
        indexes = [
            models.Index(fields=["assignee", "status", "due_at"]),
            models.Index(fields=["request", "status"]),
        ]

    def __str__(self):
        return f"{self.request.number} · {self.step.name} · {self.assignee}"


class EventAction(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RETURNED = "returned", _("Returned for revision")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    STEP_SKIPPED = "step_skipped", _("Step skipped: nobody to approve")


class ApprovalEvent(models.Model):
    request = models.ForeignKey(
        ApprovalRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    task = models.ForeignKey(
        ApprovalTask,
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, choices=EventAction.choices)
    from_status = models.CharField(_("from status"), max_length=20, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("approval event")
        verbose_name_plural = _("approval events")

    def __str__(self):
        return f"{self.request.number} {self.action}"


class DelegationQuerySet(models.QuerySet):
    def active_at(self, when):
        return self.filter(is_active=True, start__lte=when, end__gt=when)


class Delegation(models.Model):
    """While active, new approval tasks for `from_user` go to `to_user` (委托)."""

    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegating person"),
        on_delete=models.CASCADE,
        related_name="delegations_given",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegate"),
        on_delete=models.CASCADE,
        related_name="delegations_received",
    )
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    request_types = models.JSONField(
        _("request types"), default=list, blank=True, help_text=_("Empty: every type.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        indexes = [models.Index(fields=["from_user", "is_active", "start", "end"])]

    def __str__(self):
        return f"{self.from_user} → {self.to_user}"

    def covers(self, request_type: str) -> bool:
        return not self.request_types or request_type in self.request_types


class DeadlineQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)

    def for_target(self, target):
        return self.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=target.pk
        )

    def to_remind(self, now):
        return self.filter(
            done_at__isnull=True, reminded_at__isnull=True, remind_at__lte=now, due_at__gt=now
        )

    def to_escalate(self, now):
        return self.filter(done_at__isnull=True, escalated_at__isnull=True, due_at__lte=now)


class Deadline(models.Model):
    """A timed step as data: one periodic job reminds the owner, then escalates, exactly once."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("target type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("target id"))
    target = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="deadlines",
    )
    due_at = models.DateTimeField(_("due at"), db_index=True)
    remind_at = models.DateTimeField(_("remind at"), null=True, blank=True, db_index=True)
    escalate_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("escalate to"), blank=True, related_name="+"
    )
    escalate_role = models.CharField(
        _("escalate to role"), max_length=30, choices=Role.choices, blank=True
    )
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_at"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "owner"],
                condition=Q(done_at__isnull=True),
                name="workflow_deadline_one_open",
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["owner", "done_at", "due_at"]),
            # The periodic job's two reads touch only open, not yet handled rows.
            models.Index(
                fields=["remind_at"],
                name="workflow_deadline_to_remind",
                condition=Q(done_at__isnull=True, reminded_at__isnull=True),
            ),
            models.Index(
                fields=["due_at"],
                name="workflow_deadline_to_escalate",
                condition=Q(done_at__isnull=True, escalated_at__isnull=True),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_at <= timezone.now()
