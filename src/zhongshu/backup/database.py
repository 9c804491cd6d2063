"""Dumping and restoring the database: SQLite through its online backup API, PostgreSQL with
pg_dump/pg_restore. The dump is sealed with files.crypto under a fresh data key as it is made."""

import base64
import hashlib
import os
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import connections
from django.utils.translation import gettext as _

from zhongshu.files import crypto

from .archive import DATABASE, BackupError, decrypt_to, read_blocks

PG_DUMP = "/usr/bin/pg_dump"
PG_RESTORE = "/usr/bin/pg_restore"


def vendor_of(database: dict) -> str:
    engine = database.get("ENGINE", "")
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(
        _("Unsupported database engine %(engine)s.") % {"engine": engine}, code="engine"
    )


def _pg_command(database: dict) -> tuple[list[str], dict]:
    """Connection arguments for pg_dump/pg_restore and their environment (password there)."""
    args = []
    for key, option in (("HOST", "--host"), ("PORT", "--port"), ("USER", "--username")):
        if database.get(key):
            args.append(f"{option}={database[key]}")
    args.append("--no-password")
    env = {**os.environ}
    env.pop("PGPASSWORD", None)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    sslmode = (database.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def pg_connect(database: dict, **extra):
    import psycopg

    params = {"dbname": database["NAME"]}
    for key, name in (
        ("HOST", "host"),
        ("PORT", "port"),
        ("USER", "user"),
        ("PASSWORD", "password"),
    ):
        if database.get(key):
            params[name] = database[key]
    sslmode = (database.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        params["sslmode"] = sslmode
    return psycopg.connect(**params, **extra)


def _close_django_connections(database: dict) -> None:
    """Close Django's connections to the restore target, so none keeps the old one open."""
    for conn in connections.all(initialized_only=True):
        same = conn.settings_dict.get("NAME") == database.get("NAME") and conn.settings_dict.get(
            "HOST", ""
        ) == database.get("HOST", "")
        if same:
            conn.close()


def _dump_sqlite(source: str, work: Path) -> tuple[Path, dict]:
    """Online backup of the SQLite file (WAL included) and the audit head inside that copy."""
    dump = work / "database.sqlite3"
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(dump)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    copy = sqlite3.connect(dump)
    try:
        row = copy.execute("SELECT seq, hash FROM audit_audithead WHERE id = 1").fetchone()
    finally:
        copy.close()
    head = {"seq": row[0], "hash": row[1]} if row else {"seq": 0, "hash": ""}
    return dump, head


def _seal_stream(plaintext: Iterator[bytes], out_path: Path, backup_id: uuid.UUID) -> dict:
    data_key = AESGCM.generate_key(bit_length=256)
    nonce_prefix = os.urandom(8)
    key_id, wrapped = crypto.wrap_key(data_key, backup_id)
    digest = hashlib.sha256()
    size = 0
    fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        for chunk in crypto.encrypt_chunks(
            plaintext,
            data_key=data_key,
            nonce_prefix=nonce_prefix,
            attachment_id=backup_id,
            chunk_size=crypto.CHUNK_SIZE,
        ):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return {
        "key_id": key_id,
        "wrapped_key": base64.b64encode(wrapped).decode(),
        "nonce_prefix": base64.b64encode(nonce_prefix).decode(),
        "chunk_size": crypto.CHUNK_SIZE,
        "entry": {"name": DATABASE, "size": size, "sha256": digest.hexdigest()},
    }


def seal_sqlite(database: dict, work: Path, backup_id: uuid.UUID) -> tuple[dict, dict]:
    dump, head = _dump_sqlite(str(database["NAME"]), work)
    try:
        with dump.open("rb") as handle:
            sealed = _seal_stream(read_blocks(handle), work / DATABASE, backup_id)
    finally:
        dump.unlink(missing_ok=True)
    return sealed, head


def seal_postgresql(database: dict, work: Path, backup_id: uuid.UUID) -> tuple[dict, dict]:
    """pg_dump in a snapshot exported by our own transaction, where the audit head is read.

    The dump and the head therefore describe the same moment even while the app keeps writing.
    """
    args, env = _pg_command(database)
    with pg_connect(database) as conn:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        row = conn.execute("SELECT seq, hash FROM audit_audithead WHERE id = 1").fetchone()
        head = {"seq": row[0], "hash": row[1]} if row else {"seq": 0, "hash": ""}
        with tempfile.TemporaryFile(dir=work) as errors:
            command = [
                PG_DUMP,
                "--format=custom",
                f"--snapshot={snapshot}",
                *args,
                f"--dbname={database['NAME']}",
            ]
            process = subprocess.Popen(  # noqa: S603 — fixed program, arguments from settings
                command, stdout=subprocess.PIPE, stderr=errors, env=env
            )
            try:
                sealed = _seal_stream(read_blocks(process.stdout), work / DATABASE, backup_id)
            finally:
                process.stdout.close()
                returncode = process.wait()
            if returncode != 0:
                errors.seek(0)
                detail = errors.read()[-2000:].decode(errors="replace").strip()
                raise BackupError(
                    _("pg_dump failed: %(detail)s") % {"detail": detail}, code="dump_failed"
                )
        conn.rollback()
    return sealed, head


def _head_mismatch(found, manifest) -> BackupError:
    expected = manifest["audit_head"]
    return BackupError(
        _("The restored audit head (%(found)s) is not the one in the manifest (%(expected)s).")
        % {"found": found, "expected": f"#{expected['seq']} {expected['hash']}"},
        code="audit_head",
    )


def _restore_sqlite(tar, member, manifest, database: dict) -> None:
    target = Path(database["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.restore-")
    os.close(fd)
    temp = Path(temp_name)
    temp.unlink()
    try:
        decrypt_to(tar, member, manifest, temp)
        try:
            check = sqlite3.connect(temp)
            try:
                result = check.execute("PRAGMA integrity_check").fetchall()
                row = check.execute("SELECT seq, hash FROM audit_audithead WHERE id = 1").fetchone()
            finally:
                check.close()
        except sqlite3.DatabaseError as exc:
            raise BackupError(
                _("The restored database cannot be read: %(reason)s") % {"reason": exc},
                code="database_corrupt",
            ) from None
        if result != [("ok",)]:
            raise BackupError(
                _("The restored database fails its integrity check."), code="database_corrupt"
            )
        head = manifest["audit_head"]
        found = (row[0], row[1]) if row else (0, "")
        if found != (int(head["seq"]), head["hash"]):
            raise _head_mismatch(f"#{found[0]} {found[1]}", manifest)
        _close_django_connections(database)
        os.replace(temp, target)
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{temp}{suffix}").unlink(missing_ok=True)


def _restore_postgresql(tar, member, manifest, database: dict) -> None:
    args, env = _pg_command(database)
    with tempfile.TemporaryDirectory(prefix="zhongshu-restore-") as tmp:
        dump = Path(tmp) / "database.dump"
        decrypt_to(tar, member, manifest, dump)
        _close_django_connections(database)
        command = [
            PG_RESTORE,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *args,
            f"--dbname={database['NAME']}",
            str(dump),
        ]
        result = subprocess.run(  # noqa: S603 — fixed program, arguments from settings
            command, env=env, capture_output=True, check=False
        )
        if result.returncode != 0:
            detail = result.stderr[-2000:].decode(errors="replace").strip()
            raise BackupError(
                _("pg_restore failed: %(detail)s") % {"detail": detail}, code="restore_failed"
            )
    with pg_connect(database, autocommit=True) as conn:
        row = conn.execute("SELECT seq, hash FROM audit_audithead WHERE id = 1").fetchone()
    head = manifest["audit_head"]
    found = (row[0], row[1]) if row else (0, "")
    if found != (int(head["seq"]), head["hash"]):
        raise _head_mismatch(f"#{found[0]} {found[1]}", manifest)


def restore_database(tar, member, manifest, database: dict) -> None:
    if vendor_of(database) == "sqlite":
        _restore_sqlite(tar, member, manifest, database)
    else:
        _restore_postgresql(tar, member, manifest, database)
