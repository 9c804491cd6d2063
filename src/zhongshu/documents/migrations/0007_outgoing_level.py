"""发文 gain a 密级 and 保密期限: existing documents become 内部 (internal), the level every
register reader has always been able to read them at. The column becomes NOT NULL in 0008, in a
transaction of its own: PostgreSQL refuses to alter a table with pending deferred-constraint
events from the rows updated here."""

import django.db.models.deletion
from django.db import migrations, models


def existing_are_internal(apps, schema_editor):
    ClearanceLevel = apps.get_model("org", "ClearanceLevel")
    OutgoingDocument = apps.get_model("documents", "OutgoingDocument")
    internal = ClearanceLevel.objects.filter(code="internal").first()
    if internal is None:  # levels renamed by an operator: the highest one below 商密
        internal = ClearanceLevel.objects.filter(rank__lt=2).order_by("-rank").first()
    if internal is not None:
        OutgoingDocument.objects.update(level=internal, level_rank=internal.rank)


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0006_copy_read_at"),
        ("org", "0002_seed_roles_and_levels"),
    ]

    operations = [
        migrations.AddField(
            model_name="outgoingdocument",
            name="level",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.clearancelevel",
                verbose_name="confidentiality",
            ),
        ),
        migrations.AddField(
            model_name="outgoingdocument",
            name="level_rank",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="confidentiality rank"),
        ),
        migrations.AddField(
            model_name="outgoingdocument",
            name="secrecy_years",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="secrecy term (years)"
            ),
        ),
        migrations.AddField(
            model_name="outgoingdocument",
            name="secrecy_until",
            field=models.DateField(blank=True, null=True, verbose_name="secret until"),
        ),
        migrations.AddField(
            model_name="outgoingdocument",
            name="declassify_reviewed_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="declassification reviewed"
            ),
        ),
        migrations.RunPython(existing_are_internal, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="outgoingdocument",
            index=models.Index(fields=["level_rank", "-id"], name="documents_o_level_r_f9f27c_idx"),
        ),
        migrations.AddIndex(
            model_name="outgoingdocument",
            index=models.Index(fields=["secrecy_until"], name="documents_o_secrecy_47d36e_idx"),
        ),
    ]
