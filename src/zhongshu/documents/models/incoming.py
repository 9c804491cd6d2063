"""收文: the incoming register, its knowledge scope and timeline, handling (拟办/批示/承办) and
circulation (传阅).

`IncomingDocument.objects.visible_to(user)` is the one rule of who sees what; every list, page,
search hit, export, file and API route starts from it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhongshu.core.roles import Role

# Levels from this rank up (普通商密 and above) are classified (涉密): own ledger, scope only.
CLASSIFIED_RANK = 2
# Roles that see every unclassified item their clearance allows (the register's readers).
REGISTER_READERS = (Role.SUPERVISOR, Role.CLERK, Role.LEADER, Role.AUDITOR)


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    VERY_URGENT = "very_urgent", _("Very urgent")


class Ledger(models.TextChoices):
    GENERAL = "general", _("General register")
    CLASSIFIED = "classified", _("Classified register")


class DocKind(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution")
    DECISION = "decision", pgettext_lazy("documents", "Decision")
    ORDER = "order", pgettext_lazy("documents", "Order")
    COMMUNIQUE = "communique", _("Communiqué")
    ANNOUNCEMENT = "announcement", _("Announcement")
    PUBLIC_NOTICE = "public_notice", _("Public notice")
    OPINION = "opinion", _("Opinion")
    NOTICE = "notice", _("Notice")
    BULLETIN = "bulletin", _("Bulletin")
    REPORT = "report", _("Report")
    REQUEST = "request", _("Request for instructions")
    REPLY = "reply", _("Official reply")
    MOTION = "motion", _("Motion")
    LETTER = "letter", _("Letter")
    MINUTES = "minutes", pgettext_lazy("documents", "Minutes")


class Status(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("documents", "Registered")
    RETURNED = "returned", pgettext_lazy("documents", "Returned")
    AWAITING_INSTRUCTION = "awaiting_instruction", _("Awaiting instruction")
    HANDLING = "handling", _("Being handled")
    DONE = "done", pgettext_lazy("documents", "Done")
    ARCHIVED = "archived", _("Archived")


FLOW = {
    Status.REGISTERED: {Status.RETURNED, Status.AWAITING_INSTRUCTION, Status.HANDLING, Status.DONE},
    Status.AWAITING_INSTRUCTION: {Status.HANDLING, Status.DONE},
    Status.HANDLING: {Status.DONE},
    Status.DONE: {Status.ARCHIVED},
}


class IncomingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Clearance at least the item's level, and: on its knowledge scope (知悉范围), or — for
        unclassified items only — a register reader (supervisor, clerk, leader, auditor)."""
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        scoped = KnowledgeScope.objects.filter(user=user).values("document_id")
        queryset = self.filter(level_rank__lte=user.clearance_rank)
        if user.has_role(*REGISTER_READERS):
            return queryset.filter(Q(level_rank__lt=CLASSIFIED_RANK) | Q(pk__in=scoped))
        return queryset.filter(pk__in=scoped)

    def for_year(self, year: int):
        return self.filter(received_at__year=year)


def item_visible_to(user) -> Exists:
    """A condition on rows that belong to an item (slips, tasks, proposals): the item is one
    `user` may see. A correlated EXISTS over `visible_to`, probed once per row: a register
    reader may see hundreds of thousands of items, which `document__in=` would list each time."""
    return Exists(IncomingDocument.objects.visible_to(user).filter(pk=OuterRef("document_id")))


class IncomingDocument(models.Model):
    ledger = models.CharField(_("ledger"), max_length=20, choices=Ledger.choices, db_index=True)
    reg_number = models.CharField(_("registration number"), max_length=40, unique=True)
    doc_number = models.CharField(_("document number"), max_length=60, blank=True)
    issuer = models.CharField(_("issuing unit"), max_length=120)
    subject = models.CharField(_("subject"), max_length=300)
    kind = models.CharField(_("document kind"), max_length=20, choices=DocKind.choices)
    doc_date = models.DateField(_("date written"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    urgency = models.CharField(
        _("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.NORMAL
    )
    pages = models.PositiveIntegerField(_("pages"), default=1)
    copies = models.PositiveIntegerField(_("copies"), default=1)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    level = models.ForeignKey(
        "org.ClearanceLevel",
        verbose_name=_("confidentiality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level_rank = models.PositiveSmallIntegerField(_("confidentiality rank"), default=0)
    secrecy_years = models.PositiveSmallIntegerField(
        _("secrecy term (years)"), null=True, blank=True
    )
    secrecy_until = models.DateField(_("secret until"), null=True, blank=True)
    declassify_reviewed_at = models.DateTimeField(
        _("declassification reviewed"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.REGISTERED
    )
    return_reason = models.TextField(_("return reason"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("possible duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = IncomingQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("incoming document")
        verbose_name_plural = _("incoming documents")
        indexes = [
            models.Index(fields=["status", "-id"]),
            models.Index(fields=["received_at"]),
            models.Index(fields=["issuer", "doc_number"]),
            models.Index(fields=["kind", "-id"]),
            models.Index(fields=["level_rank", "-id"]),
            models.Index(fields=["secrecy_until"]),
        ]

    def __str__(self):
        return self.reg_number

    @property
    def is_classified(self) -> bool:
        return self.level_rank >= CLASSIFIED_RANK

    @property
    def safe_title(self) -> str:
        """What notifications and deadlines may say: never the subject of a classified item."""
        if self.is_classified:
            return _("%(number)s (classified)") % {"number": self.reg_number}
        return f"{self.reg_number} {self.subject}"

    @property
    def secrecy_mark(self) -> str:
        """The 密级 mark, e.g. `核心商密★5年`."""
        if not self.is_classified:
            return str(self.level)
        if self.secrecy_years:
            return f"{self.level}★" + _("%(years)d years") % {"years": self.secrecy_years}
        return str(self.level)


class KnowledgeScope(models.Model):
    """Who may know a document (知悉范围): only these users see a classified item."""

    class Reason(models.TextChoices):
        REGISTRAR = "registrar", _("Registrar")
        PROPOSAL = "proposal", _("Proposal")
        INSTRUCTION = "instruction", _("Instruction")
        READER = "reader", _("Reader")
        HANDLER = "handler", _("Handler")
        ADDED = "added", _("Added explicitly")
        BORROWER = "borrower", _("Borrower")

    document = models.ForeignKey(
        IncomingDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="scope",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(
        pgettext_lazy("documents", "reason"), max_length=20, choices=Reason.choices
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("knowledge scope entry")
        verbose_name_plural = _("knowledge scope")
        constraints = [
            models.UniqueConstraint(fields=["user", "document"], name="documents_scope_unique")
        ]

    def __str__(self):
        return f"{self.document_id}:{self.user_id}"


class EventAction(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("documents", "Registered")
    RETURNED = "returned", _("Returned at first review")
    ATTACHED = "attached", _("File added")
    PROPOSED = "proposed", _("Handling proposed")
    INSTRUCTED = "instructed", _("Instruction given")
    TASK_REPORTED = "task_reported", _("Handling result reported")
    DONE = "done", _("Handling completed")
    CIRCULATED = "circulated", _("Circulation started")
    SIGNED = "signed", _("Read and signed")
    CIRCULATION_DONE = "circulation_done", _("Circulation completed")
    SCOPE_ADDED = "scope_added", _("Added to knowledge scope")
    ARCHIVED = "archived", _("Archived")
    DECLASSIFIED = "declassified", _("Declassified")
    SECRECY_EXTENDED = "secrecy_extended", _("Secrecy term extended")
    CORRECTED = "corrected", _("Registration details corrected")


class DocumentEvent(models.Model):
    """The timeline of an incoming item."""

    document = models.ForeignKey(
        IncomingDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(
        pgettext_lazy("documents", "action"), max_length=40, choices=EventAction.choices
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("document event")
        verbose_name_plural = _("document events")
        indexes = [models.Index(fields=["document", "at"])]

    def __str__(self):
        return f"{self.document_id}:{self.action}"


class Proposal(models.Model):
    """拟办意见: what the clerk proposes to do with an item."""

    class Action(models.TextChoices):
        INSTRUCT = "instruct", _("Submit to a leader for instruction")
        DEPARTMENTS = "departments", _("Forward to departments for handling")
        INFORM = "inform", _("For information")

    class Priority(models.TextChoices):
        NORMAL = "normal", pgettext_lazy("priority", "Normal")
        HIGH = "high", pgettext_lazy("priority", "High")

    document = models.ForeignKey(
        IncomingDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    action = models.CharField(_("proposed handling"), max_length=20, choices=Action.choices)
    opinion = models.TextField(_("proposal"), blank=True)
    basis = models.TextField(_("basis"), blank=True)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    due_date = models.DateField(pgettext_lazy("documents", "due date"), null=True, blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    instruction = models.TextField(_("instruction"), blank=True)
    instructed_at = models.DateTimeField(_("instructed at"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [
            models.Index(fields=["leader", "instructed_at"]),
        ]

    def __str__(self):
        return f"{self.document_id}:{self.action}"


class HandlingTask(models.Model):
    """承办: one department's part of handling an item; its head reports the result."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead department")
        ASSIST = "assist", _("Assisting department")

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("documents", "Open")
        DONE = "done", pgettext_lazy("documents", "Done")

    document = models.ForeignKey(
        IncomingDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    department = models.ForeignKey(
        "org.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    due_at = models.DateTimeField(pgettext_lazy("documents", "due at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    result = models.TextField(pgettext_lazy("documents", "result"), blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["role", "id"]
        verbose_name = _("handling task")
        verbose_name_plural = _("handling tasks")
        indexes = [
            models.Index(fields=["document", "state"]),
            models.Index(fields=["assignee", "state", "due_at"]),
        ]

    def __str__(self):
        return f"{self.document_id}:{self.department_id}"


class Circulation(models.Model):
    """One routing (传阅) of an item: readers in order or all at once."""

    class Mode(models.TextChoices):
        SEQUENTIAL = "sequential", _("Sequential")
        PARALLEL = "parallel", _("Parallel")

    document = models.ForeignKey(
        IncomingDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="circulations",
    )
    mode = models.CharField(pgettext_lazy("documents", "mode"), max_length=12, choices=Mode.choices)
    due_at = models.DateTimeField(_("requested deadline"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("circulation")
        verbose_name_plural = _("circulations")

    def __str__(self):
        return f"{self.document_id}:{self.pk}"


class SlipQuerySet(models.QuerySet):
    def pending_for(self, user):
        """The user's lines waiting for their signature now, on items they may still see (a
        lowered clearance hides them on the next request)."""
        return self.filter(item_visible_to(user), reader=user, state=RoutingSlip.State.PENDING)


class RoutingSlip(models.Model):
    """One reader's line on a routing slip (签阅单): waiting → pending → signed."""

    class State(models.TextChoices):
        WAITING = "waiting", pgettext_lazy("documents", "Waiting")
        PENDING = "pending", _("To read")
        SIGNED = "signed", _("Signed")

    circulation = models.ForeignKey(
        Circulation,
        verbose_name=_("circulation"),
        on_delete=models.CASCADE,
        related_name="slips",
    )
    document = models.ForeignKey(
        IncomingDocument, verbose_name=_("document"), on_delete=models.CASCADE, related_name="slips"
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reader"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    due_at = models.DateTimeField(pgettext_lazy("documents", "due at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    objects = SlipQuerySet.as_manager()

    class Meta:
        ordering = ["circulation_id", "position"]
        verbose_name = _("routing slip line")
        verbose_name_plural = _("routing slip lines")
        indexes = [
            models.Index(fields=["reader", "state", "due_at"]),
            models.Index(fields=["document", "state"]),
            models.Index(fields=["circulation", "position"]),
        ]

    def __str__(self):
        return f"{self.document_id}:{self.position}"
