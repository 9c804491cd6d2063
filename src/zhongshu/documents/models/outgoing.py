"""发文 (outgoing documents): drafts, templates, sign-off, 发文字号 and numbered copies (份号)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhongshu.core.roles import Role

from .incoming import CLASSIFIED_RANK, REGISTER_READERS, DocKind, Urgency

# Registry staff (文书): they review and issue every outgoing document their clearance allows.
REGISTRY_STAFF = (Role.CLERK, Role.SUPERVISOR)


class OutgoingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWING = "reviewing", _("Under review")
    SIGNING = "signing", _("Awaiting sign-off")
    SIGNED = "signed", _("Signed off")
    ISSUED = "issued", _("Issued")
    ARCHIVED = "archived", _("Archived")


OUTGOING_FLOW = {
    OutgoingStatus.DRAFT: {OutgoingStatus.REVIEWING},
    OutgoingStatus.REVIEWING: {OutgoingStatus.SIGNING, OutgoingStatus.DRAFT},
    OutgoingStatus.SIGNING: {OutgoingStatus.SIGNED, OutgoingStatus.DRAFT},
    OutgoingStatus.SIGNED: {OutgoingStatus.ISSUED},
    OutgoingStatus.ISSUED: {OutgoingStatus.ARCHIVED},
}


class OutgoingTemplate(models.Model):
    """A starting text for a draft (通知, 函 ...)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("document kind"), max_length=20, choices=DocKind.choices)
    body = models.TextField(_("text"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("outgoing template")
        verbose_name_plural = _("outgoing templates")

    def __str__(self):
        return self.name


class OutgoingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Clearance at least the document's level (密级), and: registry staff (who review and
        issue it); for unclassified documents also leaders and auditors; otherwise its knowledge
        scope — the drafter, the signing leader, and once issued its internal recipients."""
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        cleared = self.filter(level_rank__lte=user.clearance_rank)
        if user.has_role(*REGISTRY_STAFF):
            return cleared
        received = OutgoingDocument.recipients.through.objects.filter(user=user).values(
            "outgoingdocument_id"
        )
        scope = (
            Q(drafted_by=user)
            | Q(signer=user)
            | Q(pk__in=received, status__in=(OutgoingStatus.ISSUED, OutgoingStatus.ARCHIVED))
        )
        if user.has_role(*REGISTER_READERS):
            return cleared.filter(Q(level_rank__lt=CLASSIFIED_RANK) | scope)
        return cleared.filter(scope)


class OutgoingDocument(models.Model):
    """发文: draft → review (核稿) → sign-off (签发) → 发文字号 → distribution."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("document kind"), max_length=20, choices=DocKind.choices)
    body = models.TextField(_("text"))
    urgency = models.CharField(
        _("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.NORMAL
    )
    main_to = models.CharField(_("main recipients"), max_length=300, blank=True)
    cc = models.CharField(_("copied to"), max_length=300, blank=True)
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("internal recipients"),
        blank=True,
        related_name="+",
    )
    copies = models.PositiveIntegerField(_("copies"), default=1)
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
        _("status"), max_length=12, choices=OutgoingStatus.choices, default=OutgoingStatus.DRAFT
    )
    number = models.CharField(_("document number"), max_length=60, blank=True)
    number_code = models.CharField(_("issuing code"), max_length=20, blank=True)
    number_year = models.PositiveSmallIntegerField(_("number year"), null=True, blank=True)
    number_seq = models.PositiveIntegerField(
        pgettext_lazy("documents", "number sequence"), null=True, blank=True
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signing leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_note = models.TextField(_("review note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)

    objects = OutgoingQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("outgoing document")
        verbose_name_plural = _("outgoing documents")
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="documents_outgoing_number_unique"
            )
        ]
        indexes = [
            models.Index(fields=["status", "-id"]),
            models.Index(fields=["signer", "status"]),
            models.Index(fields=["level_rank", "-id"]),
            models.Index(fields=["secrecy_until"]),
        ]

    def __str__(self):
        return self.number or self.safe_title

    @property
    def is_classified(self) -> bool:
        return self.level_rank >= CLASSIFIED_RANK

    @property
    def safe_title(self) -> str:
        """What notifications, deadlines and the audit log may say: never the title of a
        classified document, only its 发文字号 (or, before it has one, the draft's id)."""
        if self.is_classified:
            label = self.number or _("Draft #%(id)s") % {"id": self.pk}
            return _("%(number)s (classified)") % {"number": label}
        return self.title

    @property
    def secrecy_mark(self) -> str:
        """The 密级 mark, e.g. `核心商密★5年` (the level alone below 商密)."""
        if self.is_classified and self.secrecy_years:
            return f"{self.level}★" + _("%(years)d years") % {"years": self.secrecy_years}
        return str(self.level)


class CopyRole(models.TextChoices):
    MAIN = "main", _("Main recipient")
    CC = "cc", _("Copied to")
    INTERNAL = "internal", _("Internal recipient")
    KEPT = "kept", _("Kept on file")


class CopyQuerySet(models.QuerySet):
    def distributed_to(self, user):
        """The copies of issued (or since archived) documents that went to `user`."""
        return self.filter(
            user=user, outgoing__status__in=(OutgoingStatus.ISSUED, OutgoingStatus.ARCHIVED)
        )


class OutgoingCopy(models.Model):
    """A numbered copy (份号, six digits per GB/T 9704) of an issued document and its recipient."""

    outgoing = models.ForeignKey(
        OutgoingDocument,
        verbose_name=_("outgoing document"),
        on_delete=models.CASCADE,
        related_name="copy_register",
    )
    copy_no = models.PositiveIntegerField(_("copy number"))
    role = models.CharField(_("distribution"), max_length=10, choices=CopyRole.choices)
    recipient = models.CharField(_("recipient"), max_length=150, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("internal recipient"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = CopyQuerySet.as_manager()

    class Meta:
        ordering = ["outgoing", "copy_no"]
        verbose_name = _("numbered copy")
        verbose_name_plural = _("numbered copies")
        constraints = [
            models.UniqueConstraint(fields=["outgoing", "copy_no"], name="documents_copy_number")
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.copy_mark

    @property
    def copy_mark(self) -> str:
        return f"{self.copy_no:06d}"
