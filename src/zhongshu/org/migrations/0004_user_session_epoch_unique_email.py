"""Sessions end with the access they carried; one account per e-mail address; reset throttle.

- `User.session_epoch`: part of the session auth hash (see `User.get_session_auth_hash`).
- A unique index on the lower-cased e-mail (empty addresses may repeat). Existing duplicates are
  refused by name before the index is built, so the operator can fix them (see docs/ops.md).
- `PasswordResetRequest`: the last hour of reset requests, to throttle the mails.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower


def refuse_duplicate_emails(apps, schema_editor):
    """Stop with the list of accounts sharing an address, instead of a bare IntegrityError."""
    User = apps.get_model("org", "User")
    clashes = (
        User.objects.exclude(email="")
        .annotate(address=Lower("email"))
        .values("address")
        .annotate(accounts=Count("id"))
        .filter(accounts__gt=1)
        .order_by("address")
    )
    lines = []
    for clash in clashes:
        usernames = (
            User.objects.annotate(address=Lower("email"))
            .filter(address=clash["address"])
            .order_by("username")
            .values_list("username", flat=True)
        )
        lines.append(f"  {clash['address']}: {', '.join(usernames)}")
    if lines:
        raise RuntimeError(
            "E-mail addresses must be unique among users (case-insensitive). Give each of these "
            "accounts its own address (or none) and migrate again:\n" + "\n".join(lines)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("org", "0003_department_org_dept_active_idx_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="session_epoch",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="session epoch"
            ),
        ),
        migrations.RunPython(refuse_duplicate_emails, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="org_user_email_ci_uniq"
            ),
        ),
        migrations.CreateModel(
            name="PasswordResetRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("requested_at", models.DateTimeField(db_index=True, verbose_name="requested at")),
                (
                    "address",
                    models.GenericIPAddressField(
                        blank=True, null=True, verbose_name="client address"
                    ),
                ),
                ("mailed", models.BooleanField(default=False, verbose_name="mail sent")),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "password reset request",
                "verbose_name_plural": "password reset requests",
                "indexes": [
                    models.Index(fields=["address", "requested_at"], name="org_reset_address_idx"),
                    models.Index(fields=["user", "requested_at"], name="org_reset_user_idx"),
                ],
            },
        ),
    ]
