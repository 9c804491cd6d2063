from django.db import models
from django.utils.translation import gettext_lazy as _


class Sequence(models.Model):
    """One gap-free counter per numbering key, e.g. ``incoming:2026``."""

    key = models.CharField(_("key"), max_length=100, unique=True)
    last_value = models.PositiveBigIntegerField(_("last value"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")

    def __str__(self):
        return f"{self.key}={self.last_value}"
