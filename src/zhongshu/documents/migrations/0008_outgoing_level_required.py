"""The level of every outgoing document is set (0007): the column is required from now on."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0007_outgoing_level"),
    ]

    operations = [
        migrations.AlterField(
            model_name="outgoingdocument",
            name="level",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.clearancelevel",
                verbose_name="confidentiality",
            ),
        ),
    ]
