"""Someone who can write the database cannot forge the audit log (hardening #4)."""

import base64

import pytest

from zhongshu.audit import anchor
from zhongshu.audit.models import AuditEvent, AuditHead
from zhongshu.audit.services import anchor_head, compute_hash, record, verify_chain

from .conftest import raw_sql

pytestmark = pytest.mark.django_db

FIELDS = (
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


def _key(letter: str) -> str:
    return base64.b64encode(letter.encode() * 32).decode()


def _fields(event: AuditEvent) -> dict:
    return {name: getattr(event, name) for name in FIELDS}


@pytest.mark.usefixtures("unguarded")
def test_an_event_appended_without_the_key_is_refused(chain):
    last = chain[-1]
    forged = AuditEvent(**{**_fields(last), "seq": 6, "note": "forged", "action": "org.forged"})
    forged_fields = _fields(forged)
    forged_hash = compute_hash(forged_fields, last.hash)  # the plain SHA-256 anyone can compute
    AuditEvent.objects.create(prev_hash=last.hash, hash=forged_hash, key_id="", **forged_fields)
    AuditHead.objects.filter(pk=1).update(seq=6, hash=forged_hash)
    result = verify_chain()
    assert (result.ok, result.first_broken_seq) == (False, 6)
    assert "not keyed" in result.reason


@pytest.mark.usefixtures("unguarded")
def test_an_event_sealed_with_a_guessed_key_is_refused(chain):
    last = chain[-1]
    forged = AuditEvent(**{**_fields(last), "seq": 6, "note": "forged"})
    forged_hash = compute_hash(_fields(forged), last.hash, b"g" * 32)
    AuditEvent.objects.create(
        prev_hash=last.hash, hash=forged_hash, key_id=last.key_id, **_fields(forged)
    )
    AuditHead.objects.filter(pk=1).update(seq=6, hash=forged_hash)
    result = verify_chain()
    assert (result.ok, result.first_broken_seq) == (False, 6)
    assert "altered" in result.reason


@pytest.mark.usefixtures("unguarded")
def test_a_log_rewritten_whole_is_caught_by_the_anchor(chain):
    anchor_head()
    # Rewrite every event as an unkeyed legacy link and re-hash the whole chain.
    prev = ""
    for event in AuditEvent.objects.order_by("seq"):
        fields = {**_fields(event), "note": "rewritten"}
        new_hash = compute_hash(fields, prev)
        raw_sql(
            "UPDATE audit_auditevent SET note = %s, hash = %s, prev_hash = %s, key_id = NULL "
            "WHERE seq = %s",
            ["rewritten", new_hash, prev, event.seq],
        )
        prev = new_hash
    AuditHead.objects.filter(pk=1).update(hash=prev)
    result = verify_chain()
    assert (result.ok, result.first_broken_seq) == (False, 5)
    assert "anchored" in result.reason


@pytest.mark.usefixtures("unguarded")
def test_a_cut_log_is_caught_by_the_anchor(chain):
    anchor_head()
    raw_sql("DELETE FROM audit_auditevent WHERE seq >= 4")
    AuditHead.objects.filter(pk=1).update(seq=3, hash=chain[2].hash)
    result = verify_chain()
    assert result.ok is False
    assert "anchored but the chain ends at event 3" in result.reason


def test_anchors_are_written_every_n_events(
    settings, supervisor, django_capture_on_commit_callbacks
):
    settings.AUDIT_ANCHOR_EVERY = 2
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(5):
            record(actor=supervisor, action=f"org.n{i}")
    anchors, problems = anchor.anchors_read()
    assert problems == []
    assert [item.seq for item in anchors] == [2, 4]
    assert verify_chain().ok


def test_a_forged_anchor_line_is_refused(chain, settings):
    anchor_head()
    with open(settings.AUDIT_ANCHOR_FILE, "a") as handle:
        handle.write(f"5\t{'0' * 64}\t2026-01-01T00:00:00+00:00\tdev1\t{'1' * 64}\n")
    result = verify_chain()
    assert result.ok is False and "valid MAC" in result.reason


def test_rotated_keys_keep_old_events_verifiable(settings, supervisor):
    settings.AUDIT_KEYS = f"old:{_key('o')}"
    record(actor=supervisor, action="org.before_rotation")
    settings.AUDIT_KEYS = f"new:{_key('n')},old:{_key('o')}"
    record(actor=supervisor, action="org.after_rotation")
    assert list(AuditEvent.objects.order_by("seq").values_list("key_id", flat=True)) == [
        "old",
        "new",
    ]
    assert verify_chain().ok
    settings.AUDIT_KEYS = f"new:{_key('n')}"
    result = verify_chain()
    assert result.ok is False and "not configured" in result.reason


def test_the_verify_command_reports_a_forged_append(chain, unguarded):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    last = chain[-1]
    forged_hash = compute_hash({**_fields(last), "seq": 6}, last.hash)
    AuditEvent.objects.create(
        prev_hash=last.hash, hash=forged_hash, key_id=None, **{**_fields(last), "seq": 6}
    )
    AuditHead.objects.filter(pk=1).update(seq=6, hash=forged_hash)
    with pytest.raises(CommandError, match="BROKEN at event 6"):
        call_command("audit", "verify")
