"""归档: the archive record of an incoming or outgoing item, its DA/T 22 档号 and fixity."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .incoming import IncomingDocument
from .outgoing import OutgoingDocument


class Retention(models.TextChoices):
    PERMANENT = "Y", _("Permanent")
    THIRTY_YEARS = "D30", _("30 years")
    TEN_YEARS = "D10", _("10 years")


class ArchiveQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Archived items whose incoming or outgoing document the user may see."""
        return self.filter(
            Q(document__in=IncomingDocument.objects.visible_to(user))
            | Q(outgoing__in=OutgoingDocument.objects.visible_to(user))
        )


class ArchiveRecord(models.Model):
    """An archived item (归档) — an incoming or an outgoing document — with its DA/T 22 档号
    and fixity checks (DA/T 70)."""

    document = models.OneToOneField(
        IncomingDocument,
        verbose_name=_("incoming document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="archive",
    )
    outgoing = models.OneToOneField(
        OutgoingDocument,
        verbose_name=_("outgoing document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="archive",
    )
    archive_number = models.CharField(_("archive number"), max_length=80, unique=True)
    category = models.CharField(_("category code"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    retention = models.CharField(_("retention"), max_length=4, choices=Retention.choices)
    org_code = models.CharField(_("organisation code"), max_length=20)
    item_no = models.PositiveIntegerField(_("item number"))
    paper_location = models.CharField(_("paper location"), max_length=100, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("archived by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    archived_at = models.DateTimeField(_("archived at"), auto_now_add=True)
    fixity_checked_at = models.DateTimeField(_("fixity checked at"), null=True, blank=True)
    fixity_ok = models.BooleanField(_("fixity intact"), null=True)

    objects = ArchiveQuerySet.as_manager()

    class Meta:
        ordering = ["year", "retention", "org_code", "item_no"]
        verbose_name = _("archive record")
        verbose_name_plural = _("archive records")
        constraints = [
            models.CheckConstraint(
                condition=Q(document__isnull=True, outgoing__isnull=False)
                | Q(document__isnull=False, outgoing__isnull=True),
                name="documents_archive_one_item",
            )
        ]
        indexes = [
            models.Index(fields=["year", "retention", "org_code", "item_no"]),
            models.Index(fields=["fixity_checked_at"]),
        ]

    def __str__(self):
        return self.archive_number
