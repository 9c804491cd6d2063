"""Approval chain of 借阅: the archive clerk approves lending an archived item."""

from django.db import migrations

REQUEST_TYPE = "document_borrowing"


def seed(apps, schema_editor):
    Chain = apps.get_model("workflow", "ApprovalChain")
    Step = apps.get_model("workflow", "ApprovalStep")
    if Chain.objects.filter(request_type=REQUEST_TYPE).exists():
        return
    chain = Chain.objects.create(request_type=REQUEST_TYPE, name="档案借阅审批", priority=0)
    Step.objects.create(
        chain=chain,
        order=1,
        name="档案管理员审批",
        approver_kind="role",
        role_code="clerk",
        mode="any",
        due_hours=24,
    )


def unseed(apps, schema_editor):
    Chain = apps.get_model("workflow", "ApprovalChain")
    Chain.objects.filter(request_type=REQUEST_TYPE, requests=None).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_borrowing"), ("workflow", "0002_seed_general_chains")]

    operations = [migrations.RunPython(seed, unseed)]
