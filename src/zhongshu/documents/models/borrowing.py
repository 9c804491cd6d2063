"""借阅: lending archived items, approved through the workflow and returned to the registry."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhongshu.core.roles import Role

from .incoming import IncomingDocument


class BorrowingStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("borrowing", "Requested")
    APPROVED = "approved", pgettext_lazy("borrowing", "Lent")
    REJECTED = "rejected", pgettext_lazy("borrowing", "Rejected")
    RETURNED = "returned", pgettext_lazy("borrowing", "Returned")


BORROWING_FLOW = {
    BorrowingStatus.REQUESTED: {BorrowingStatus.APPROVED, BorrowingStatus.REJECTED},
    BorrowingStatus.APPROVED: {BorrowingStatus.RETURNED},
}
# Who sees every borrowing of the items they may see (the others see their own).
BORROWING_READERS = (Role.SUPERVISOR, Role.CLERK, Role.AUDITOR)


class BorrowingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Borrowings of items the user may see: all of them for registry staff and auditors,
        otherwise the user's own."""
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        queryset = self.filter(document__in=IncomingDocument.objects.visible_to(user))
        if user.has_role(*BORROWING_READERS):
            return queryset
        return queryset.filter(borrower=user)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=BorrowingStatus.APPROVED, return_by__lt=today)


class Borrowing(models.Model):
    """One request to borrow an archived item: requested → lent | rejected, lent → returned."""

    document = models.ForeignKey(
        IncomingDocument,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="borrowings",
    )
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("borrower"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    purpose = models.TextField(_("purpose"))
    return_by = models.DateField(_("return by"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=BorrowingStatus.choices,
        default=BorrowingStatus.REQUESTED,
    )
    approval = models.ForeignKey(
        "workflow.ApprovalRequest",
        verbose_name=_("approval request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("return confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = BorrowingQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("borrowing")
        verbose_name_plural = _("borrowings")
        indexes = [
            models.Index(fields=["borrower", "-id"]),
            models.Index(fields=["document", "status"]),
            models.Index(fields=["status", "return_by"]),
        ]

    def __str__(self):
        return f"{self.document_id}:{self.borrower_id}"

    @property
    def is_overdue(self) -> bool:
        return self.status == BorrowingStatus.APPROVED and self.return_by < timezone.localdate()


class BorrowingEvent(models.Model):
    """The timeline of a borrowing."""

    class Action(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("borrowing", "Requested")
        APPROVED = "approved", _("Lending approved")
        REJECTED = "rejected", _("Lending rejected")
        RETURNED = "returned", _("Return confirmed")

    borrowing = models.ForeignKey(
        Borrowing, verbose_name=_("borrowing"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(
        pgettext_lazy("documents", "action"), max_length=12, choices=Action.choices
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("borrowing event")
        verbose_name_plural = _("borrowing events")
        indexes = [models.Index(fields=["borrowing", "at"])]

    def __str__(self):
        return f"{self.borrowing_id}:{self.action}"
