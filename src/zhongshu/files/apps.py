from django.apps import AppConfig
from django.core import checks


class FilesConfig(AppConfig):
    name = "zhongshu.files"
    label = "files"

    def ready(self):
        checks.register(check_master_keys, checks.Tags.security)


def check_master_keys(app_configs=None, **kwargs):
    """FILES_MASTER_KEYS must parse: every command and server start says so clearly."""
    from django.core.exceptions import ImproperlyConfigured

    from .crypto import master_keys

    try:
        configured = set(master_keys())
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="files.E001")]
    missing = sorted(_stored_key_ids() - configured)
    if missing:
        return [
            checks.Error(
                f"Stored files are sealed with master key(s) {', '.join(missing)}, which "
                "FILES_MASTER_KEYS does not hold: those files cannot be read.",
                hint="Add the old key(s) back to FILES_MASTER_KEYS (after the active one), "
                "then run `zhongshu keys rotate` before removing them.",
                id="files.E002",
            )
        ]
    return []


def _stored_key_ids() -> set[str]:
    """Master key ids the stored files use (an index read); none before the first migrate."""
    from django.db import DatabaseError

    from .models import Attachment

    try:
        return set(Attachment.objects.values_list("key_id", flat=True).distinct())
    except DatabaseError:
        return set()
