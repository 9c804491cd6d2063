from django.core.management.base import BaseCommand, CommandError

from zhongshu.search import services


class Command(BaseCommand):
    help = "Full-text search maintenance. `search reindex [--model app.model ...]`"

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="action", required=True)
        reindex = subcommands.add_parser(
            "reindex", help="Rebuild index entries from the registered `document` callables."
        )
        reindex.add_argument(
            "--model",
            action="append",
            dest="models",
            metavar="APP.MODEL",
            help="Only this searchable type (repeatable); default: all.",
        )

    def handle(self, *args, action, models=None, **options):
        keys = [key.lower() for key in models or ()]
        known = {spec.key: spec for spec in services.searchable_types()}
        for key in keys:
            if key not in known:
                raise CommandError(f"{key} is not searchable; known: {', '.join(sorted(known))}")
            if known[key].document is None:
                raise CommandError(f"{key} has no document callable to reindex from")
        counts = services.reindex(keys or None)
        for key, count in counts.items():
            self.stdout.write(f"{key}: {count} indexed")
