import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from zhongshu.audit import guard
from zhongshu.audit.keys import audit_keys
from zhongshu.audit.models import AuditEvent, AuditHead
from zhongshu.audit.services import (
    compute_hash,
    json_safe,
    record,
    record_access,
    snapshot,
    verify_chain,
)

from .conftest import raw_sql

pytestmark = pytest.mark.django_db


def test_record_appends_linked_events_and_moves_the_head(supervisor, company):
    first = record(
        actor=supervisor,
        action="org.department_renamed",
        obj=company["sales"],
        before={"name": "销售"},
        after={"name": "销售部"},
        note="改名",
    )
    second = record(actor=supervisor, action="org.department_closed", obj=company["branch"])

    assert (first.seq, second.seq) == (1, 2)
    assert first.prev_hash == ""
    assert second.prev_hash == first.hash
    assert len(first.hash) == 64 and first.hash != second.hash
    head = AuditHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (2, second.hash)

    stored = AuditEvent.objects.get(seq=1)
    assert stored.actor == supervisor
    assert stored.actor_name == "王主管"
    assert stored.category == AuditEvent.Category.CHANGE
    assert stored.object_type == "org.department"
    assert stored.object_id == str(company["sales"].pk)
    assert stored.object_repr == "销售部"
    assert stored.before == {"name": "销售"}
    assert stored.after == {"name": "销售部"}
    assert stored.note == "改名"


def test_record_without_actor_is_a_system_event():
    event = record(actor=None, action="core.nightly_job")
    assert event.actor_id is None
    assert event.actor_name == ""
    assert str(event.actor_display) in {"System", "系统"}
    assert (event.object_type, event.object_id, event.object_repr) == ("", "", "")


def test_record_access_is_on_the_same_chain(clerk, supervisor):
    change = record(actor=supervisor, action="org.user_updated", obj=clerk)
    access = record_access(actor=supervisor, obj=clerk)
    assert access.category == AuditEvent.Category.ACCESS
    assert access.action == "view"
    assert access.seq == change.seq + 1
    assert access.prev_hash == change.hash


def test_record_rolls_back_with_the_callers_transaction(supervisor):
    record(actor=supervisor, action="org.kept")
    with pytest.raises(RuntimeError), transaction.atomic():
        record(actor=supervisor, action="org.lost")
        raise RuntimeError
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["org.kept"]
    assert AuditHead.objects.get(pk=1).seq == 1
    assert record(actor=supervisor, action="org.next").seq == 2


def test_record_refuses_an_empty_or_overlong_action(supervisor):
    with pytest.raises(ValueError):
        record(actor=supervisor, action="")
    with pytest.raises(ValueError):
        record(actor=supervisor, action="x" * 101)


def test_json_safe_converts_values_services_pass(supervisor):
    moment = dt.datetime(2026, 3, 1, 8, 30, tzinfo=dt.UTC)
    key = uuid.UUID("12345678-1234-5678-1234-567812345678")
    value = json_safe(
        {
            "amount": Decimal("12.50"),
            "day": dt.date(2026, 3, 1),
            "at": moment,
            "id": key,
            "user": supervisor,
            "tags": ("a", "b"),
            1: float("nan"),
        }
    )
    assert value == {
        "amount": "12.50",
        "day": "2026-03-01",
        "at": "2026-03-01T08:30:00+00:00",
        "id": str(key),
        "user": supervisor.pk,
        "tags": ["a", "b"],
        "1": "nan",
    }


def test_snapshot_stores_relations_by_pk(clerk, company):
    data = snapshot(clerk, ["username", "department", "clearance", "groups", "date_joined"])
    assert data["username"] == "clerk"
    assert data["department"] == company["admin"].pk
    assert data["clearance"] == clerk.clearance_id
    assert len(data["groups"]) == 1 and isinstance(data["groups"][0], int)
    assert isinstance(data["date_joined"], str)


def test_values_that_change_form_in_the_database_still_verify(supervisor):
    record(
        actor=supervisor,
        action="assets.valued",
        before={"big": 1e16, "small": 1e-7},
        after={"price": Decimal("9999.99"), "when": dt.date(2026, 1, 2), "n": 3, "x": 1.5},
    )
    assert verify_chain().ok


def test_hash_covers_every_field(supervisor):
    event = record(actor=supervisor, action="org.x", after={"a": 1})
    fields = {
        name: getattr(event, name)
        for name in (
            "seq",
            "at",
            "actor_id",
            "actor_name",
            "action",
            "category",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "note",
        )
    }
    key = audit_keys()[event.key_id]
    assert compute_hash(fields, "", key) == event.hash
    assert compute_hash({**fields, "note": "x"}, "", key) != event.hash
    assert compute_hash({**fields, "after": {"a": 2}}, "", key) != event.hash
    assert compute_hash(fields, "0" * 64, key) != event.hash
    assert compute_hash(fields, "") != event.hash


def test_verify_empty_and_intact_chain(chain):
    result = verify_chain()
    assert result.ok is True
    assert result.checked == 5
    assert result.first_broken_seq is None


def test_verify_on_an_empty_log():
    assert verify_chain().ok is True
    assert verify_chain().checked == 0


def test_database_refuses_update_and_delete_of_events(chain):
    assert guard.installed(connection)
    with pytest.raises(DatabaseError), transaction.atomic():
        raw_sql("UPDATE audit_auditevent SET note = 'x' WHERE seq = 2")
    with pytest.raises(DatabaseError), transaction.atomic():
        raw_sql("DELETE FROM audit_auditevent WHERE seq = 2")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=3).update(note="changed through the ORM")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=3).delete()
    assert AuditEvent.objects.count() == 5
    assert verify_chain().ok


def test_database_refuses_moving_the_head_back_or_deleting_it(chain):
    with pytest.raises(DatabaseError), transaction.atomic():
        raw_sql("UPDATE audit_audithead SET seq = 4 WHERE id = 1")
    with pytest.raises(DatabaseError), transaction.atomic():
        raw_sql("UPDATE audit_audithead SET hash = 'x' WHERE id = 1")  # seq unchanged
    with pytest.raises(DatabaseError), transaction.atomic():
        raw_sql("DELETE FROM audit_audithead")
    assert AuditHead.objects.get(pk=1).seq == 5


@pytest.mark.usefixtures("unguarded")
def test_verify_finds_an_altered_event(chain):
    raw_sql("UPDATE audit_auditevent SET after = %s WHERE seq = 3", ['{"i": 30}'])
    result = verify_chain()
    assert result.ok is False
    assert result.first_broken_seq == 3
    assert result.checked == 2
    assert "altered" in result.reason


@pytest.mark.usefixtures("unguarded")
def test_verify_finds_an_altered_event_whose_hash_was_recomputed(chain):
    event = AuditEvent.objects.get(seq=2)
    event.note = "rewritten"
    fields = {
        name: getattr(event, name)
        for name in (
            "seq",
            "at",
            "actor_id",
            "actor_name",
            "action",
            "category",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "note",
        )
    }
    # Even someone holding the key cannot re-seal one event without breaking the next link.
    new_hash = compute_hash(fields, event.prev_hash, audit_keys()[event.key_id])
    raw_sql(
        "UPDATE audit_auditevent SET note = %s, hash = %s WHERE seq = 2", ["rewritten", new_hash]
    )
    result = verify_chain()
    assert (result.ok, result.first_broken_seq) == (False, 3)
    assert "does not link" in result.reason


@pytest.mark.usefixtures("unguarded")
def test_verify_finds_a_deleted_event(chain):
    raw_sql("DELETE FROM audit_auditevent WHERE seq = 3")
    result = verify_chain()
    assert (result.ok, result.first_broken_seq, result.checked) == (False, 3, 2)
    assert "missing" in result.reason


@pytest.mark.usefixtures("unguarded")
def test_verify_finds_events_cut_from_the_end(chain):
    raw_sql("DELETE FROM audit_auditevent WHERE seq >= 4")
    result = verify_chain()
    assert (result.ok, result.first_broken_seq, result.checked) == (False, 4, 3)
    assert "head" in result.reason


def test_audit_verify_command_reports_ok(chain, capsys):
    call_command("audit", "verify")
    assert capsys.readouterr().out.strip() == "OK: 5 events verified"


@pytest.mark.usefixtures("unguarded")
def test_audit_verify_command_fails_at_the_broken_event(chain, capsys):
    raw_sql("UPDATE audit_auditevent SET actor_name = 'someone else' WHERE seq = 4")
    with pytest.raises(CommandError, match="BROKEN at event 4"):
        call_command("audit", "verify")
    assert "WARNING" in capsys.readouterr().err  # the triggers are dropped in this test


def test_audit_verify_command_exits_non_zero(chain):
    with pytest.raises(CommandError) as excinfo:
        guard.drop(connection)
        try:
            raw_sql("DELETE FROM audit_auditevent WHERE seq = 1")
        finally:
            guard.install(connection)
        call_command("audit", "verify")
    assert excinfo.value.returncode == 1
    assert "event 1" in str(excinfo.value)


@pytest.mark.usefixtures("unguarded")
def test_audit_guard_command_reinstalls_the_triggers(capsys):
    assert not guard.installed(connection)
    call_command("audit", "guard")
    assert guard.installed(connection)
    assert "installed" in capsys.readouterr().out
