"""`zhongshu demo [--password PW] [--scale small|large]`: load the demo company (idempotent)."""

from django.core.management.base import BaseCommand

from zhongshu.core.roles import Role
from zhongshu.org.demo import SCALES, USERS, load_demo
from zhongshu.org.services import generate_password


class Command(BaseCommand):
    help = (
        "Load demo data: the 中枢科技 company, its departments and one user per role, named by "
        "the role code. Safe to run again: nothing is added twice and the demo users' password "
        "is reset."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", help="password of the demo users (default: generate and print one)"
        )
        parser.add_argument("--scale", choices=SCALES, default="small")

    def handle(self, *args, password=None, scale="small", **options):
        generated = not password
        password = password or generate_password()
        load_demo(password, scale, stdout=self.stdout)
        width = max(len(str(role)) for role, *_rest in USERS)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo users:"))
        self.stdout.write(f"  {'username':<{width}}  role                   name")
        for role, name, *_rest in USERS:
            self.stdout.write(f"  {role!s:<{width}}  {Role(role).label!s:<22} {name}")
        note = " (generated)" if generated else ""
        self.stdout.write(f"  password: {password}{note}")
