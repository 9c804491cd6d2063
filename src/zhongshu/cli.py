"""The `zhongshu` command: Django's management commands under the product's name.

`zhongshu demo`, `zhongshu audit verify`, `zhongshu keys rotate`, `zhongshu backup` ... are the
management commands of the apps; two-word forms map to one command with a sub-command.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhongshu.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zhongshu", *sys.argv[1:]])
