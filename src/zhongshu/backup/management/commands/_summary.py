from django.utils.translation import gettext as _


def summary_lines(summary: dict) -> list[str]:
    head = summary["audit_head"]
    return [
        _("Backup id: %(id)s") % {"id": summary["backup_id"]},
        _("Created at: %(at)s") % {"at": summary["created_at"]},
        _("Database: %(vendor)s") % {"vendor": summary["vendor"]},
        _("Master key: %(key)s") % {"key": summary["key_id"]},
        _("Files: %(count)s") % {"count": summary["files"]},
        _("Size: %(bytes)s bytes") % {"bytes": summary["bytes"]},
        _("Audit head: #%(seq)s %(hash)s") % {"seq": head["seq"], "hash": head["hash"]},
    ]
