"""Django's `flush`, lifting the audit guard for the wipe.

Emptying the whole database is a deliberate administrative act (and what the test runner does
between transactional tests); the append-only triggers would refuse it. They are dropped for the
duration of the flush and installed again afterwards, whatever happens.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import DEFAULT_DB_ALIAS, connections

from zhongshu.audit import guard


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        guarded = guard.installed(connection)
        if guarded:
            guard.drop(connection)
        try:
            return super().handle(**options)
        finally:
            if guarded:
                guard.install(connection)
