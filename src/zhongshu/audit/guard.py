"""Database triggers that make the audit log append-only, on SQLite and PostgreSQL.

Events refuse every UPDATE and DELETE (and TRUNCATE on PostgreSQL); the head row refuses DELETE
and any UPDATE other than moving forward by exactly one (or rewriting the same values, which the
test runner's serialized rollback does). The migration installs them; the `flush`
command of this app lifts them for the length of a deliberate wipe. On SQLite a migration that
rebuilds one of these tables drops its triggers: such a migration must call `install()` again.
"""

EVENT_TABLE = "audit_auditevent"
HEAD_TABLE = "audit_audithead"

_SQLITE_TRIGGERS = {
    "audit_event_no_update": f"""
        CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON {EVENT_TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
    "audit_event_no_delete": f"""
        CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON {EVENT_TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
    "audit_head_forward_only": f"""
        CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON {HEAD_TABLE}
        WHEN NEW.id <> OLD.id
          OR (NEW.seq <> OLD.seq + 1 AND (NEW.seq <> OLD.seq OR NEW.hash <> OLD.hash))
        BEGIN SELECT RAISE(ABORT, 'the audit head only moves forward'); END""",
    "audit_head_no_delete": f"""
        CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON {HEAD_TABLE}
        BEGIN SELECT RAISE(ABORT, 'the audit head cannot be deleted'); END""",
}

_PG_INSTALL = [
    """
    CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit events are append-only';
    END $$""",
    """
    CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'UPDATE' OR NEW.id <> OLD.id OR (
            NEW.seq <> OLD.seq + 1 AND (NEW.seq, NEW.hash) IS DISTINCT FROM (OLD.seq, OLD.hash)
        ) THEN
            RAISE EXCEPTION 'the audit head only moves forward';
        END IF;
        RETURN NEW;
    END $$""",
    f"""
    CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON {EVENT_TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
    f"""
    CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON {EVENT_TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
    f"""
    CREATE TRIGGER audit_head_forward_only BEFORE UPDATE OR DELETE ON {HEAD_TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only()""",
    f"""
    CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON {HEAD_TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
]

_PG_DROP = [
    f"DROP TRIGGER IF EXISTS audit_event_append_only ON {EVENT_TABLE}",
    f"DROP TRIGGER IF EXISTS audit_event_no_truncate ON {EVENT_TABLE}",
    f"DROP TRIGGER IF EXISTS audit_head_forward_only ON {HEAD_TABLE}",
    f"DROP TRIGGER IF EXISTS audit_head_no_truncate ON {HEAD_TABLE}",
    "DROP FUNCTION IF EXISTS audit_refuse_change()",
    "DROP FUNCTION IF EXISTS audit_head_forward_only()",
]

_PG_TRIGGER_NAMES = (
    "audit_event_append_only",
    "audit_event_no_truncate",
    "audit_head_forward_only",
    "audit_head_no_truncate",
)


def _statements(vendor: str, *, drop: bool) -> list[str]:
    if vendor == "sqlite":
        if drop:
            return [f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE_TRIGGERS]
        return list(_SQLITE_TRIGGERS.values())
    if vendor == "postgresql":
        return _PG_DROP if drop else _PG_INSTALL
    raise NotImplementedError(f"audit triggers are not written for the {vendor} database")


def install(connection) -> None:
    """Create (or re-create) the append-only triggers on this connection's database."""
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, drop=True):
            cursor.execute(sql)
        for sql in _statements(connection.vendor, drop=False):
            cursor.execute(sql)


def drop(connection) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, drop=True):
            cursor.execute(sql)


def installed(connection) -> bool:
    """Whether every guard trigger is present (a table rebuild on SQLite silently drops them)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            expected = set(_SQLITE_TRIGGERS)
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            expected = set(_PG_TRIGGER_NAMES)
        else:
            return False
        return expected <= {row[0] for row in cursor.fetchall()}
