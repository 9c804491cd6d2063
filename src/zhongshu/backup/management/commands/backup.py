"""`zhongshu backup [--output DIR]`: an encrypted, verifiable archive of database and files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhongshu.backup.services import (
    BackupError,
    backup_create,
    backup_verify,
    default_output_dir,
)

from ._summary import summary_lines


class Command(BaseCommand):
    help = (
        "Write the database dump (encrypted), the stored files (already encrypted), a SHA-256 "
        "manifest signed with the master key and the audit head into one tar archive. The "
        "master keys are not in it: keep them in your secret store."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            metavar="DIR",
            help="directory for the archive (default: DATA_DIR/backups)",
        )

    def handle(self, *args, output=None, **options):
        try:
            archive = backup_create(target_dir=output or default_output_dir())
            summary = backup_verify(archive=archive)
        except BackupError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(_("Backup written: %(path)s") % {"path": archive})
        for line in summary_lines(summary):
            self.stdout.write(line)
