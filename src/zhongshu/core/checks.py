"""System checks of our own: deployment keys (`check --deploy`) and the PDF font (always)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from .pdf import embeddable_font_path


@register()
def pdf_font_is_embeddable(app_configs, **kwargs):
    if embeddable_font_path() is not None:
        return []
    return [
        Warning(
            "No TrueType Chinese font found: PDFs (routing slips, labels, minutes) will not "
            "embed their font and print as boxes where the reader has no Chinese font.",
            hint="Install Debian's fonts-wqy-zenhei or set PDF_CJK_FONT to a .ttf/.ttc file.",
            id="zhongshu.W001",
        )
    ]


@register(Tags.security, deploy=True)
def production_keys_are_set(app_configs, **kwargs):
    errors = []
    if settings.FILES_MASTER_KEYS == settings.DEV_MASTER_KEYS:
        errors.append(
            Error(
                "FILES_MASTER_KEYS is the development key.",
                hint="Set FILES_MASTER_KEYS to keys of your own (see docs/ops.md).",
                id="zhongshu.E001",
            )
        )
    if settings.AUDIT_KEYS == settings.DEV_AUDIT_KEYS:
        errors.append(
            Error(
                "AUDIT_KEYS is the development key.",
                hint="Set AUDIT_KEYS to a key of your own, kept outside the database "
                "(see docs/ops.md).",
                id="zhongshu.E003",
            )
        )
    if settings.SECRET_KEY.startswith("dev-only-"):
        errors.append(
            Error(
                "SECRET_KEY is the development key.",
                hint="Set SECRET_KEY in the environment.",
                id="zhongshu.E002",
            )
        )
    return errors
