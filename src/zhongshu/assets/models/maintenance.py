"""Maintenance of assets: repair records on the card (维修记录)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .ledger import READ_ALL_ROLES, Asset


class RepairStatus(models.TextChoices):
    OPEN = "open", _("Under repair")
    CLOSED = "closed", _("Repaired")


class Repair(models.Model):
    """One repair of an asset; while open the asset is under repair."""

    asset = models.ForeignKey(
        Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="repairs"
    )
    fault = models.TextField(_("fault"))
    vendor = models.CharField(_("repair vendor"), max_length=200, blank=True)
    started_on = models.DateField(_("sent for repair on"), default=timezone.localdate)
    finished_on = models.DateField(_("back on"), null=True, blank=True)
    cost = models.DecimalField(_("cost (CNY)"), max_digits=12, decimal_places=2, default=0)
    result = models.TextField(_("result"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RepairStatus.choices,
        default=RepairStatus.OPEN,
        db_index=True,
    )
    status_before = models.CharField(_("status before the repair"), max_length=20)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("repair")
        verbose_name_plural = _("repairs")
        constraints = [
            models.UniqueConstraint(
                fields=["asset"],
                condition=Q(status=RepairStatus.OPEN),
                name="asset_one_open_repair",
            )
        ]

    def __str__(self):
        return f"{self.asset_id} {self.started_on}"

    @property
    def is_open(self) -> bool:
        return self.status == RepairStatus.OPEN

    @property
    def downtime_days(self) -> int:
        """Days out of service: until the return date, or until today while open."""
        end = self.finished_on or timezone.localdate()
        return max((end - self.started_on).days, 0)


class IntervalUnit(models.TextChoices):
    DAYS = "days", _("days")
    MONTHS = "months", _("months")


class InspectionPlan(models.Model):
    """巡检计划: every n days or months, inspect a category's assets (or a chosen set)."""

    name = models.CharField(_("name"), max_length=200)
    category = models.ForeignKey(
        "assets.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_plans",
    )
    assets = models.ManyToManyField(
        Asset, verbose_name=_("assets"), blank=True, related_name="inspection_plans"
    )
    every = models.PositiveIntegerField(_("every"), default=1)
    unit = models.CharField(
        _("unit"), max_length=10, choices=IntervalUnit.choices, default=IntervalUnit.MONTHS
    )
    checklist = models.JSONField(_("checklist"), default=list)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    next_due = models.DateField(_("next inspection"), db_index=True)
    is_active = models.BooleanField(_("active"), default=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["next_due", "id"]
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")

    def __str__(self):
        return self.name


class InspectionResult(models.TextChoices):
    PENDING = "pending", _("To do")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class InspectionTaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Managers and auditors see every inspection; an inspector their own."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_role(*READ_ALL_ROLES):
            return self
        return self.filter(plan__assignee=user)


class InspectionTask(models.Model):
    """One asset to inspect on one due date of a plan, then its checklist answers."""

    plan = models.ForeignKey(
        InspectionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks"
    )
    asset = models.ForeignKey(
        Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="inspections"
    )
    due_on = models.DateField(pgettext_lazy("inspection", "due"), db_index=True)
    result = models.CharField(
        _("result"),
        max_length=10,
        choices=InspectionResult.choices,
        default=InspectionResult.PENDING,
        db_index=True,
    )
    answers = models.JSONField(_("answers"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspected by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    done_at = models.DateTimeField(_("inspected"), null=True, blank=True)
    repair = models.ForeignKey(
        Repair,
        verbose_name=_("repair"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = InspectionTaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "asset", "due_on"], name="asset_inspection_once"
            )
        ]
        indexes = [models.Index(fields=["result", "due_on"], name="asset_inspection_todo")]

    def __str__(self):
        return f"{self.plan_id} {self.asset_id} {self.due_on}"

    @property
    def is_pending(self) -> bool:
        return self.result == InspectionResult.PENDING
