"""The audit log: one hash chain of events, appended through a single locked head row."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Supervisors and auditors read the whole log; nobody else reads any of it."""
        if not user.has_perm("audit.view_audit"):
            return self.none()
        return self

    def for_object(self, obj):
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AuditEvent(models.Model):
    """One link of the chain. Rows are never updated or deleted (database triggers refuse it)."""

    class Category(models.TextChoices):
        CHANGE = "change", _("Change")
        ACCESS = "access", _("Access")

    seq = models.PositiveBigIntegerField(_("sequence number"), unique=True)
    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        # Users with history are deactivated, never deleted: the chain keeps their id.
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # covered by the (actor, seq) index
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=100)
    category = models.CharField(
        _("category"), max_length=10, choices=Category.choices, default=Category.CHANGE
    )
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64, unique=True)
    # The id of the AUDIT_KEYS key that sealed the link; empty for events from before keying.
    key_id = models.CharField(_("key id"), max_length=50, null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["object_type", "object_id", "seq"], name="audit_event_object_idx"),
            models.Index(fields=["action", "seq"], name="audit_event_action_idx"),
            models.Index(fields=["actor", "seq"], name="audit_event_actor_idx"),
            models.Index(fields=["category", "seq"], name="audit_event_category_idx"),
        ]

    def __str__(self):
        return f"#{self.seq} {self.action}"

    @property
    def actor_display(self) -> str:
        return self.actor_name or str(_("System"))


class AuditHead(models.Model):
    """The single row (id=1) naming the chain's last link; appends lock it to stay in line."""

    seq = models.PositiveBigIntegerField(_("last sequence number"), default=0)
    hash = models.CharField(_("last hash"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")

    def __str__(self):
        return f"#{self.seq}"
