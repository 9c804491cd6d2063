"""The picker's pinyin forms of user and department names, filled for the existing rows."""

from django.db import migrations, models

from zhongshu.org.pinyin import pinyin_forms

BATCH = 500


def fill_pinyin(apps, schema_editor):
    for model, person in (
        (apps.get_model("org", "User"), True),
        (apps.get_model("org", "Department"), False),
    ):
        rows = []
        for row in model.objects.only("pk", "name", *(["username"] if person else [])).iterator():
            name = row.name or (row.username if person else "")
            row.name_pinyin, row.name_initials = pinyin_forms(name, person=person)
            rows.append(row)
            if len(rows) == BATCH:
                model.objects.bulk_update(rows, ["name_pinyin", "name_initials"])
                rows = []
        model.objects.bulk_update(rows, ["name_pinyin", "name_initials"])


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("org", "0003_department_org_dept_active_idx_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="department",
            name="name_initials",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                max_length=100,
                verbose_name="initials of the name",
            ),
        ),
        migrations.AddField(
            model_name="department",
            name="name_pinyin",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                max_length=200,
                verbose_name="name in pinyin",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="name_initials",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                max_length=100,
                verbose_name="initials of the name",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="name_pinyin",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                max_length=200,
                verbose_name="name in pinyin",
            ),
        ),
        migrations.AddIndex(
            model_name="department",
            index=models.Index(fields=["name_pinyin"], name="org_dept_pinyin_idx"),
        ),
        migrations.AddIndex(
            model_name="department",
            index=models.Index(fields=["name_initials"], name="org_dept_initials_idx"),
        ),
        migrations.AddIndex(
            model_name="user",
            index=models.Index(fields=["name_pinyin"], name="org_user_pinyin_idx"),
        ),
        migrations.AddIndex(
            model_name="user",
            index=models.Index(fields=["name_initials"], name="org_user_initials_idx"),
        ),
        migrations.RunPython(fill_pinyin, migrations.RunPython.noop),
    ]
