"""`zhongshu restore ARCHIVE [--force] [--verify-only] [--yes]`: verify, then restore."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhongshu.backup.services import BackupError, backup_restore, backup_verify

from ._summary import summary_lines


class Command(BaseCommand):
    help = (
        "Verify a backup archive (names, types, manifest MAC, SHA-256 of every entry, the "
        "database decrypts), then replace the database and write the files. Stop the web "
        "servers and workers first. Nothing is written unless the whole archive verifies."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="the .tar written by `zhongshu backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="write into a FILES_ROOT that is not empty (same names are replaced)",
        )
        parser.add_argument(
            "--verify-only", action="store_true", help="check the archive and write nothing"
        )
        parser.add_argument(
            "--yes",
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args, archive, force, verify_only, interactive, **options):
        try:
            if verify_only:
                summary = backup_verify(archive=archive)
                self.stdout.write(_("The archive verifies: nothing was written."))
            else:
                database = settings.DATABASES["default"]
                if interactive and not self._confirmed(database):
                    raise CommandError(_("Restore cancelled."))
                summary = backup_restore(archive=archive, force=force)
                self.stdout.write(_("Restored from %(path)s.") % {"path": archive})
        except BackupError as exc:
            raise CommandError(exc.message) from None
        for line in summary_lines(summary):
            self.stdout.write(line)

    def _confirmed(self, database) -> bool:
        prompt = _(
            "This replaces the database %(database)s and writes the files into %(files)s. "
            "Stop the web servers and workers first. Type 'yes' to continue: "
        ) % {"database": database.get("NAME"), "files": settings.FILES_ROOT}
        try:
            return input(prompt).strip().lower() == "yes"
        except EOFError:
            return False
