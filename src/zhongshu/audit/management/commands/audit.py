"""`zhongshu audit verify`: check the whole audit chain, exit non-zero at the first broken link;
`zhongshu audit anchor`: write the current head to the anchor file outside the database."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from zhongshu.audit import guard
from zhongshu.audit.services import anchor_head, verify_chain


class Command(BaseCommand):
    help = (
        "Audit log tools. `verify` checks every link of the chain and the anchored heads; "
        "`anchor` anchors the current head outside the database; `guard` (re)installs the "
        "triggers that make the log append-only."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="verify the hash chain from the first event to the head")
        sub.add_parser("guard", help="install the append-only triggers again")
        sub.add_parser("anchor", help="append the current head to AUDIT_ANCHOR_FILE")

    def handle(self, *args, subcommand, **options):
        if subcommand == "anchor":
            seq, head_hash = anchor_head()
            self.stdout.write(f"Anchored event {seq} ({head_hash[:16]}…).")
            return
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
