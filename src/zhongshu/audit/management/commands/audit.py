"""`zhongshu audit verify`: check the whole audit chain, exit non-zero at the first broken link."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from zhongshu.audit import guard
from zhongshu.audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "Audit log tools. `verify` checks every link of the hash chain; `guard` (re)installs "
        "the triggers that make the log append-only."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="verify the hash chain from the first event to the head")
        sub.add_parser("guard", help="install the append-only triggers again")

    def handle(self, *args, subcommand, **options):
        if subcommand == "guard":
            guard.install(connection)
            self.stdout.write("Append-only triggers installed.")
            return
        result = verify_chain()
        if not guard.installed(connection):
            self.stderr.write(
                "WARNING: the append-only triggers are missing; run `zhongshu audit guard`."
            )
        if not result.ok:
            raise CommandError(
                f"BROKEN at event {result.first_broken_seq}: {result.reason} "
                f"({result.checked} events verified before it)"
            )
        self.stdout.write(f"OK: {result.checked} events verified")
