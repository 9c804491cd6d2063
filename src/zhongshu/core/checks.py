"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Error, Tags, register


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
    if settings.SECRET_KEY.startswith("dev-only-"):
        errors.append(
            Error(
                "SECRET_KEY is the development key.",
                hint="Set SECRET_KEY in the environment.",
                id="zhongshu.E002",
            )
        )
    return errors
