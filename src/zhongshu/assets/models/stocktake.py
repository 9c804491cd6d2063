"""Stocktaking (盘点): a plan over a scope, expected lines, scans, reconciliation results."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .ledger import READ_ALL_ROLES, Asset, Location


class StocktakeStatus(models.TextChoices):
    COUNTING = "counting", _("Counting")
    PENDING_APPROVAL = "pending_approval", _("Adjustments pending approval")
    CLOSED = "closed", _("Closed")


STOCKTAKE_FLOW = {
    StocktakeStatus.COUNTING: {StocktakeStatus.PENDING_APPROVAL, StocktakeStatus.CLOSED},
    StocktakeStatus.PENDING_APPROVAL: {StocktakeStatus.COUNTING, StocktakeStatus.CLOSED},
    StocktakeStatus.CLOSED: set(),
}


class Result(models.TextChoices):
    PENDING = "pending", _("Not reconciled")
    MATCHED = "matched", _("Matched")
    SURPLUS = "surplus", _("Surplus (盘盈)")
    DEFICIT = "deficit", _("Deficit (盘亏)")
    WRONG_LOCATION = "wrong_location", _("Wrong location")
    WRONG_CUSTODIAN = "wrong_custodian", _("Wrong custodian")


DIFFERENCES = (Result.SURPLUS, Result.DEFICIT, Result.WRONG_LOCATION, Result.WRONG_CUSTODIAN)


class StocktakeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Managers and auditors see every stocktake; counters the ones they count."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_role(*READ_ALL_ROLES):
            return self
        return self.filter(tasks__counter=user).distinct()


class Stocktake(models.Model):
    number = models.CharField(_("number"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=StocktakeStatus.choices,
        default=StocktakeStatus.COUNTING,
        db_index=True,
    )
    scope = models.JSONField(_("scope"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    reconciled_at = models.DateTimeField(_("reconciled"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    approval = models.ForeignKey(
        "workflow.ApprovalRequest",
        verbose_name=_("approval"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = StocktakeQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("stocktake")
        verbose_name_plural = _("stocktakes")

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_counting(self) -> bool:
        return self.status == StocktakeStatus.COUNTING


class StocktakeTask(models.Model):
    """The counting task of one location, optionally given to a counter."""

    stocktake = models.ForeignKey(
        Stocktake, verbose_name=_("stocktake"), on_delete=models.CASCADE, related_name="tasks"
    )
    location = models.ForeignKey(
        Location,
        verbose_name=pgettext_lazy("asset location", "location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    counter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stocktake_tasks",
    )
    expected = models.PositiveIntegerField(_("expected assets"), default=0)

    class Meta:
        ordering = ["id"]
        verbose_name = _("counting task")
        verbose_name_plural = _("counting tasks")

    def __str__(self):
        return f"{self.stocktake_id} {self.location_id}"


class StocktakeLine(models.Model):
    """One asset of the stocktake: what the ledger expected, what was found, and why."""

    stocktake = models.ForeignKey(
        Stocktake, verbose_name=_("stocktake"), on_delete=models.CASCADE, related_name="lines"
    )
    asset = models.ForeignKey(
        Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="+"
    )
    expected = models.BooleanField(_("in scope"), default=True)
    expected_location = models.ForeignKey(
        Location,
        verbose_name=_("expected location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    expected_custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expected custodian"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    found_location = models.ForeignKey(
        Location,
        verbose_name=_("found location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    found_custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("found custodian"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    result = models.CharField(
        _("result"), max_length=20, choices=Result.choices, default=Result.PENDING
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("stocktake line")
        verbose_name_plural = _("stocktake lines")
        constraints = [
            models.UniqueConstraint(fields=["stocktake", "asset"], name="stocktake_line_asset")
        ]
        indexes = [models.Index(fields=["stocktake", "result"], name="stocktake_line_result")]

    def __str__(self):
        return f"{self.stocktake_id} {self.asset_id} {self.result}"


class StocktakeScan(models.Model):
    """One scan (or typed number, or uploaded row); repeats of an asset are flagged."""

    stocktake = models.ForeignKey(
        Stocktake, verbose_name=_("stocktake"), on_delete=models.CASCADE, related_name="scans"
    )
    code = models.CharField(_("code"), max_length=300)
    asset = models.ForeignKey(
        Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="+"
    )
    location = models.ForeignKey(
        Location,
        verbose_name=pgettext_lazy("asset location", "location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("custodian found"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    duplicate = models.BooleanField(_("duplicate"), default=False)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        indexes = [models.Index(fields=["stocktake", "asset"], name="stocktake_scan_asset")]

    def __str__(self):
        return self.code


class StocktakePlan(models.Model):
    """A recurring stocktake: every quarter or half-year a stocktake over `scope` is created."""

    class Frequency(models.TextChoices):
        QUARTERLY = "quarterly", _("Quarterly")
        HALF_YEARLY = "half_yearly", _("Half-yearly")

    title = models.CharField(_("title"), max_length=200)
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    scope = models.JSONField(_("scope"), default=dict)
    next_run = models.DateField(_("next stocktake"), db_index=True)
    is_active = models.BooleanField(_("active"), default=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    last_stocktake = models.ForeignKey(
        Stocktake,
        verbose_name=_("last stocktake"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["next_run", "id"]
        verbose_name = _("stocktake plan")
        verbose_name_plural = _("stocktake plans")

    def __str__(self):
        return self.title

    @property
    def months(self) -> int:
        return 3 if self.frequency == self.Frequency.QUARTERLY else 6
