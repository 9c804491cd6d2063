from django.db import migrations

LEVELS = [
    ("public", "公开", "Public", 0, None),
    ("internal", "内部", "Internal", 1, None),
    ("secret", "普通商密", "Commercial secret", 2, 10),
    ("confidential", "核心商密", "Core commercial secret", 3, 20),
    ("top_secret", "绝密", "Top secret", 4, 30),
]
ROLES = ["supervisor", "clerk", "logistics", "leader", "dept_head", "employee", "driver", "auditor"]


def seed(apps, schema_editor):
    ClearanceLevel = apps.get_model("org", "ClearanceLevel")
    Group = apps.get_model("auth", "Group")
    for code, name, name_en, rank, term in LEVELS:
        ClearanceLevel.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "rank": rank, "default_term_years": term},
        )
    for role in ROLES:
        Group.objects.get_or_create(name=role)


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
