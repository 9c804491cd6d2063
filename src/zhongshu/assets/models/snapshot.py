"""The monthly ledger snapshot (月度台账): each asset's key fields on a month's first day."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .ledger import AssetStatus


class LedgerSnapshot(models.Model):
    month = models.DateField(_("month"), unique=True)
    taken_at = models.DateTimeField(_("taken"), auto_now=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assets = models.PositiveIntegerField(_("assets"), default=0)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("ledger snapshot")
        verbose_name_plural = _("ledger snapshots")

    def __str__(self):
        return f"{self.month:%Y-%m}"


class SnapshotRow(models.Model):
    """One asset in a snapshot; names are copied so the month reads the same later."""

    snapshot = models.ForeignKey(
        LedgerSnapshot, verbose_name=_("snapshot"), on_delete=models.CASCADE, related_name="rows"
    )
    asset_id = models.PositiveBigIntegerField(_("asset id"))
    number = models.CharField(_("asset number"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    custodian_id = models.PositiveBigIntegerField(_("custodian id"), null=True)
    custodian = models.CharField(_("custodian"), max_length=150, blank=True)
    department_id = models.PositiveBigIntegerField(_("department id"), null=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    location_id = models.PositiveBigIntegerField(_("location id"), null=True)
    location = models.CharField(
        pgettext_lazy("asset location", "location"), max_length=400, blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=AssetStatus.choices)
    price = models.DecimalField(_("price"), max_digits=14, decimal_places=2, null=True)

    class Meta:
        ordering = ["snapshot", "asset_id"]
        verbose_name = _("snapshot row")
        verbose_name_plural = _("snapshot rows")
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "asset_id"], name="asset_snapshot_row")
        ]

    def __str__(self):
        return f"{self.snapshot_id} {self.number}"
