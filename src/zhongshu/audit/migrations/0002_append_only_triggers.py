"""Create the chain head and make the audit tables append-only with database triggers."""

from django.db import migrations

from zhongshu.audit import guard


def forwards(apps, schema_editor):
    AuditHead = apps.get_model("audit", "AuditHead")
    AuditHead.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"seq": 0, "hash": ""}
    )
    guard.install(schema_editor.connection)


def backwards(apps, schema_editor):
    guard.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
