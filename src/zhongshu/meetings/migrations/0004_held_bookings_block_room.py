"""PostgreSQL only: bookings awaiting approval hold the room too.

Migration 0002's exclusion constraint only covered `scheduled` meetings; it is recreated to
cover every status in `HOLDS_ROOM` (`pending_approval` and `scheduled`).
"""

from django.db import migrations

DROP = "ALTER TABLE meetings_meeting DROP CONSTRAINT IF EXISTS meeting_no_overlap"
CREATE = """
ALTER TABLE meetings_meeting ADD CONSTRAINT meeting_no_overlap
    EXCLUDE USING gist (room_id WITH =, tstzrange("start", "end", '[)') WITH &&)
    WHERE (status IN ({statuses}))
"""
HOLDING = ("pending_approval", "scheduled")
HOLDING_BEFORE = ("scheduled",)


def _recreate(schema_editor, statuses):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
        schema_editor.execute(CREATE.format(statuses=", ".join(f"'{s}'" for s in statuses)))


def forwards(apps, schema_editor):
    _recreate(schema_editor, HOLDING)


def backwards(apps, schema_editor):
    _recreate(schema_editor, HOLDING_BEFORE)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_room_requires_approval")]

    operations = [migrations.RunPython(forwards, backwards)]
