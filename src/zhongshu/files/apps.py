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
        master_keys()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="files.E001")]
    return []
