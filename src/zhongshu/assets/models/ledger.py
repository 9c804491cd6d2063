"""Assets (资产管理): one asset one card, custody, transfers, disposal and stocktaking."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhongshu.core.natural import natural_key
from zhongshu.core.roles import Role

# Who reads the whole ledger (its cards, transfers, stocktakes and inspections).
READ_ALL_ROLES = (Role.SUPERVISOR, Role.LOGISTICS, Role.AUDITOR)
CENT = Decimal("0.01")


class Category(models.Model):
    """An asset category; its useful life drives straight-line depreciation."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(_("code"), max_length=30, unique=True)
    useful_life_months = models.PositiveIntegerField(_("useful life (months)"), default=60)
    residual_rate = models.DecimalField(
        _("residual value rate"), max_digits=5, decimal_places=4, default=Decimal("0.05")
    )
    usage_guide = models.TextField(_("usage guide"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("asset category")
        verbose_name_plural = _("asset categories")

    def __str__(self):
        return self.name


class Location(models.Model):
    """A building, floor or room; `path` ("/1/4/") makes subtree reads cheap."""

    class Kind(models.TextChoices):
        BUILDING = "building", _("Building")
        FLOOR = "floor", _("Floor")
        ROOM = "room", pgettext_lazy("asset location", "Room")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        pgettext_lazy("asset location", "kind"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.ROOM,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=255, blank=True, db_index=True)
    full_name = models.CharField(
        pgettext_lazy("asset location", "full name"), max_length=400, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The full name with its numbers padded (core.natural): the tree in natural order.
    sort_key = models.CharField(
        _("sort key"), max_length=500, blank=True, db_index=True, editable=False
    )

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name = pgettext_lazy("asset location", "location")
        verbose_name_plural = _("locations")

    def __str__(self):
        return self.full_name or self.name

    def save(self, *args, **kwargs):
        self.sort_key = natural_key(self.full_name or self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "full_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "sort_key"}
        super().save(*args, **kwargs)

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)


class AssetStatus(models.TextChoices):
    IN_USE = "in_use", _("In use")
    IDLE = "idle", _("Idle")
    UNDER_REPAIR = "under_repair", _("Under repair")
    DISPOSED = "disposed", _("Disposed")
    LOST = "lost", _("Lost")


FLOW = {
    AssetStatus.IN_USE: {
        AssetStatus.IDLE,
        AssetStatus.UNDER_REPAIR,
        AssetStatus.DISPOSED,
        AssetStatus.LOST,
    },
    AssetStatus.IDLE: {
        AssetStatus.IN_USE,
        AssetStatus.UNDER_REPAIR,
        AssetStatus.DISPOSED,
        AssetStatus.LOST,
    },
    AssetStatus.UNDER_REPAIR: {
        AssetStatus.IN_USE,
        AssetStatus.IDLE,
        AssetStatus.DISPOSED,
        AssetStatus.LOST,
    },
    AssetStatus.LOST: {AssetStatus.IN_USE, AssetStatus.IDLE, AssetStatus.DISPOSED},
    AssetStatus.DISPOSED: set(),
}


class AssetQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Managers and auditors see every asset; heads their departments'; others their own."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_role(*READ_ALL_ROLES):
            return self
        mine = Q(custodian=user)
        if user.has_role(Role.DEPT_HEAD):
            mine |= Q(department__in=user.scope_departments())
        return self.filter(mine)

    def active(self):
        """The active ledger: every asset not disposed."""
        return self.exclude(status=AssetStatus.DISPOSED)

    def idle_candidates(self):
        """Candidates for 调剂 or 报废: idle or without a custodian (not under repair, not lost),
        with no disposal already pending."""
        pending = Disposal.objects.filter(status=DisposalStatus.PENDING).values("asset_id")
        return (
            self.active()
            .filter(Q(status=AssetStatus.IDLE) | Q(custodian__isnull=True))
            .exclude(status__in=[AssetStatus.UNDER_REPAIR, AssetStatus.LOST])
            .exclude(pk__in=pending)
        )

    def idle_for(self, days: int):
        """Whose status has not changed for at least `days` days."""
        return self.filter(status_changed_at__lte=timezone.now() - datetime.timedelta(days=days))


class Asset(models.Model):
    """一物一卡: the card of one asset."""

    number = models.CharField(_("asset number"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="assets"
    )
    model = models.CharField(_("model"), max_length=100, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=100, blank=True)
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True, db_index=True)
    price = models.DecimalField(_("price (CNY)"), max_digits=14, decimal_places=2, default=0)
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    warranty_until = models.DateField(_("warranty until"), null=True, blank=True, db_index=True)
    # The warranty end date logistics were last reminded of: one reminder per date.
    warranty_reminded_for = models.DateField(
        _("warranty reminder sent for"), null=True, blank=True, editable=False
    )
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("custodian"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assets_in_custody",
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assets",
    )
    location = models.ForeignKey(
        Location,
        verbose_name=pgettext_lazy("asset location", "location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assets",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssetStatus.choices,
        default=AssetStatus.IDLE,
        db_index=True,
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AssetQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        indexes = [
            models.Index(fields=["status", "-id"], name="asset_status_id"),
            models.Index(fields=["department", "-id"], name="asset_dept_id"),
            models.Index(fields=["name"], name="asset_name"),
            models.Index(fields=["status", "status_changed_at"], name="asset_status_since"),
        ]

    def __str__(self):
        return f"{self.number} {self.name}"

    @property
    def is_disposed(self) -> bool:
        return self.status == AssetStatus.DISPOSED

    def book_value(self, on=None) -> Decimal:
        """Straight-line depreciation: price less (price × (1 − residual)) × months / life."""
        if not self.purchase_date or not self.price:
            return self.price or Decimal("0.00")
        on = on or timezone.localdate()
        months = (on.year - self.purchase_date.year) * 12 + on.month - self.purchase_date.month
        life = max(self.category.useful_life_months, 1)
        months = min(max(months, 0), life)
        depreciable = self.price * (1 - self.category.residual_rate)
        return (self.price - depreciable * months / life).quantize(CENT, ROUND_HALF_UP)


class AssetEvent(models.Model):
    """The card's timeline: every registration, custody move, disposal and count."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        UPDATED = "updated", _("Updated")
        ASSIGNED = "assigned", _("Assigned")
        RETURNED = "returned", pgettext_lazy("asset event", "Returned")
        TRANSFER_REQUESTED = "transfer_requested", _("Transfer requested")
        TRANSFERRED = "transferred", _("Transferred")
        TRANSFER_REJECTED = "transfer_rejected", _("Transfer rejected")
        DISPOSAL_REQUESTED = "disposal_requested", _("Disposal requested")
        DISPOSAL_REJECTED = "disposal_rejected", _("Disposal not approved")
        REALLOCATED = "reallocated", _("Reallocated")
        DISPOSED = "disposed", _("Disposed")
        COUNTED = "counted", _("Counted")
        ADJUSTED = "adjusted", _("Adjusted after stocktake")
        REPAIR_OPENED = "repair_opened", _("Sent for repair")
        REPAIR_CLOSED = "repair_closed", _("Back from repair")

    asset = models.ForeignKey(
        Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(
        pgettext_lazy("asset event", "kind"), max_length=30, choices=Kind.choices
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("asset event")
        verbose_name_plural = _("asset events")
        indexes = [models.Index(fields=["asset", "-at"], name="asset_event_asset_at")]

    def __str__(self):
        return f"{self.asset_id} {self.kind}"


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting acknowledgement")
    ACCEPTED = "accepted", _("Acknowledged")
    REJECTED = "rejected", _("Refused")


class TransferQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_role(*READ_ALL_ROLES):
            return self
        if user.has_role(Role.DEPT_HEAD):
            scope = user.scope_departments()
            return self.filter(Q(to_department__in=scope) | Q(from_department__in=scope))
        return self.none()

    def awaiting(self, user):
        """Transfers into departments `user` heads, waiting for their acknowledgement."""
        if not user.is_authenticated or not user.is_active or not user.has_role(Role.DEPT_HEAD):
            return self.none()
        return self.filter(
            status=TransferStatus.PENDING, to_department__in=user.scope_departments()
        )


class Transfer(models.Model):
    """调拨: an asset moving to another department, effective on the receiver's acknowledgement."""

    asset = models.ForeignKey(
        Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="transfers"
    )
    from_department = models.ForeignKey(
        "org.Department",
        verbose_name=_("from department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_department = models.ForeignKey(
        "org.Department",
        verbose_name=_("to department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_location = models.ForeignKey(
        Location,
        verbose_name=_("to location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TransferStatus.choices,
        default=TransferStatus.PENDING,
        db_index=True,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            models.UniqueConstraint(
                fields=["asset"],
                condition=Q(status=TransferStatus.PENDING),
                name="asset_one_pending_transfer",
            )
        ]

    def __str__(self):
        return f"{self.asset.number} → {self.to_department}"

    @property
    def is_pending(self) -> bool:
        return self.status == TransferStatus.PENDING


class DisposalKind(models.TextChoices):
    REALLOCATE = "reallocate", _("Reallocation (调剂)")
    SCRAP = "scrap", _("Scrapping (报废)")
    SELL = "sell", _("Sale")


class DisposalStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")


class Disposal(models.Model):
    """A disposal request of one asset, decided through the approval mechanism."""

    asset = models.ForeignKey(
        Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="disposals"
    )
    kind = models.CharField(
        pgettext_lazy("asset disposal", "kind"), max_length=12, choices=DisposalKind.choices
    )
    to_department = models.ForeignKey(
        "org.Department",
        verbose_name=_("to department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.DecimalField(
        _("sale amount (CNY)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DisposalStatus.choices,
        default=DisposalStatus.PENDING,
        db_index=True,
    )
    approval = models.ForeignKey(
        "workflow.ApprovalRequest",
        verbose_name=_("approval"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("disposal")
        verbose_name_plural = _("disposals")
        constraints = [
            models.UniqueConstraint(
                fields=["asset"],
                condition=Q(status=DisposalStatus.PENDING),
                name="asset_one_pending_disposal",
            )
        ]

    def __str__(self):
        return f"{self.asset.number} {self.get_kind_display()}"
