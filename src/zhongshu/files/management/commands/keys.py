"""`zhongshu keys rotate`: re-wrap every file's data key with the active master key."""

from django.core.management.base import BaseCommand

from zhongshu.files.crypto import active_key_id
from zhongshu.files.services import keys_rotate


class Command(BaseCommand):
    help = (
        "File encryption keys. `rotate` re-wraps every data key with the active (first) master "
        "key of FILES_MASTER_KEYS; the file data is not rewritten. Safe to run again."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("rotate", help="re-wrap data keys with the active master key")

    def handle(self, *args, subcommand, **options):
        count = keys_rotate(by=None)
        self.stdout.write(f"Re-wrapped {count} data keys with master key {active_key_id()!r}.")
