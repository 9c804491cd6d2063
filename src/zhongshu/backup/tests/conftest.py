import io
import sqlite3
import tarfile
import uuid
from pathlib import Path

import pytest
from django.db import connection

from zhongshu.files.registry import register_attachment_owner, unregister_attachment_owner


@pytest.fixture
def owner(company):
    """The admin department as an attachment owner (as in the files app's tests)."""
    from zhongshu.org.models import Department

    register_attachment_owner(
        Department,
        can_view=lambda user, dept: True,
        can_attach=lambda user, dept: user.has_role("clerk", "supervisor"),
    )
    yield company["admin"]
    unregister_attachment_owner(Department)


class Target:
    """A scratch restore target of the test database's vendor: a temp SQLite file or a
    PostgreSQL database created for the test and dropped after it."""

    def __init__(self, tmp_path: Path):
        self.vendor = connection.vendor
        base = dict(connection.settings_dict)
        if self.vendor == "sqlite":
            self.database = {**base, "NAME": str(tmp_path / "restored.sqlite3")}
        else:
            self.database = {**base, "NAME": f"zhongshu_backup_{uuid.uuid4().hex[:12]}"}
            with self._admin() as conn:
                conn.execute(f'CREATE DATABASE "{self.database["NAME"]}"')

    def _admin(self):
        from zhongshu.backup.database import pg_connect

        return pg_connect({**self.database, "NAME": "postgres"}, autocommit=True)

    def query(self, sql: str) -> list[tuple]:
        if self.vendor == "sqlite":
            conn = sqlite3.connect(self.database["NAME"])
            try:
                return conn.execute(sql).fetchall()
            finally:
                conn.close()
        from zhongshu.backup.database import pg_connect

        with pg_connect(self.database, autocommit=True) as conn:
            return conn.execute(sql).fetchall()

    def written(self) -> bool:
        """Whether anything was restored into the target."""
        if self.vendor == "sqlite":
            return Path(self.database["NAME"]).exists()
        return bool(
            self.query(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' LIMIT 1"
            )
        )

    def drop(self):
        if self.vendor != "sqlite":
            with self._admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.database["NAME"]}" WITH (FORCE)')


@pytest.fixture
def target(tmp_path):
    scratch = Target(tmp_path)
    yield scratch
    scratch.drop()


def rewrite(source: Path, destination: Path, *, change=None, extra=()) -> Path:
    """A copy of the archive `source`; `change(info, data)` returns the (info, data) to write
    (or None to drop the member); `extra` are (TarInfo, bytes) members appended."""
    with tarfile.open(source, "r:") as old, tarfile.open(destination, "w:") as new:
        for info in old.getmembers():
            data = old.extractfile(info).read()
            if change is not None:
                changed = change(info, data)
                if changed is None:
                    continue
                info, data = changed
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
        for info, data in extra:
            if info.isreg():
                info.size = len(data)
            new.addfile(info, io.BytesIO(data) if info.isreg() else None)
    return destination


def flip_byte(data: bytes, at: int | None = None) -> bytes:
    at = len(data) // 2 if at is None else at
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]
