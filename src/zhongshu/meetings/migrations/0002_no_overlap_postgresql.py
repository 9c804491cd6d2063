"""PostgreSQL only: a room can never hold two scheduled meetings at overlapping times.

An exclusion constraint over (room, [start, end)) with btree_gist for the room equality. SQLite
has no such constraint; there the booking service checks and inserts inside one IMMEDIATE
transaction after locking the room (see services/booking.py).
"""

from django.db import migrations

EXTENSION = "CREATE EXTENSION IF NOT EXISTS btree_gist"
CREATE = """
ALTER TABLE meetings_meeting ADD CONSTRAINT meeting_no_overlap
    EXCLUDE USING gist (room_id WITH =, tstzrange("start", "end", '[)') WITH &&)
    WHERE (status = 'scheduled')
"""
DROP = "ALTER TABLE meetings_meeting DROP CONSTRAINT IF EXISTS meeting_no_overlap"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(EXTENSION)
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
