"""Attachments: encrypted files owned by any registered object (a document, an asset ...)."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AttachmentQuerySet(models.QuerySet):
    def for_owner(self, owner):
        return self.filter(
            owner_type=ContentType.objects.get_for_model(owner), owner_id=str(owner.pk)
        )


class Attachment(models.Model):
    """One stored file. The bytes on disk are AES-256-GCM ciphertext under a per-file data key,
    which is kept here only wrapped by a master key from the environment."""

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    owner_type = models.ForeignKey(
        ContentType,
        verbose_name=_("owner type"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # covered by the (owner_type, owner_id) index
    )
    owner_id = models.CharField(_("owner id"), max_length=64)
    owner = GenericForeignKey("owner_type", "owner_id")
    kind = models.CharField(_("kind"), max_length=50, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    mime_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    storage_name = models.CharField(_("storage name"), max_length=100, unique=True, editable=False)
    key_id = models.CharField(_("master key id"), max_length=50, db_index=True, editable=False)
    wrapped_key = models.BinaryField(_("wrapped data key"), editable=False)
    nonce_prefix = models.BinaryField(_("nonce prefix"), max_length=8, editable=False)
    chunk_size = models.PositiveIntegerField(_("chunk size"), editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, db_index=True)
    extracted_text = models.TextField(_("extracted text"), blank=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [
            models.Index(fields=["owner_type", "owner_id", "created_at"], name="files_owner_idx"),
        ]

    def __str__(self):
        return self.original_name
