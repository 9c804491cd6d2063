from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """The indexed text of one searchable object.

    `title` and `body` keep the original text (for showing titles and snippets); the `*_terms`
    columns hold the jieba-segmented text that the full-text index reads: an FTS5 table kept in
    sync by triggers on SQLite, a generated `tsvector` column with a GIN index on PostgreSQL
    (both created by migration 0002 — a migration that alters this table must keep them).
    """

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    title_terms = models.TextField(_("segmented title"), blank=True)
    body_terms = models.TextField(_("segmented text"), blank=True)
    keyword_terms = models.TextField(_("segmented keywords"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_entry_unique_object"
            )
        ]

    def __str__(self):
        return self.title
