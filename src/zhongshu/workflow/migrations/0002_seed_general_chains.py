"""Default approval chains for the built-in `general` request (通用事项申请)."""

from decimal import Decimal

from django.db import migrations

LARGE = Decimal("10000.00")


def seed(apps, schema_editor):
    Chain = apps.get_model("workflow", "ApprovalChain")
    Step = apps.get_model("workflow", "ApprovalStep")
    if Chain.objects.filter(request_type="general").exists():
        return
    normal = Chain.objects.create(
        request_type="general", name="通用事项审批", max_amount=LARGE, priority=0
    )
    large = Chain.objects.create(
        request_type="general", name="通用事项审批（大额）", min_amount=LARGE, priority=0
    )
    for chain in (normal, large):
        Step.objects.create(
            chain=chain, order=1, name="部门负责人审批", approver_kind="dept_head", mode="any",
            due_hours=24,
        )
        Step.objects.create(
            chain=chain, order=2, name="行政主管审批", approver_kind="role",
            role_code="supervisor", mode="any", due_hours=24,
        )
    Step.objects.create(
        chain=large, order=3, name="领导会签", approver_kind="role", role_code="leader",
        mode="all", due_hours=48,
    )


def unseed(apps, schema_editor):
    Chain = apps.get_model("workflow", "ApprovalChain")
    Chain.objects.filter(
        request_type="general", name__in=["通用事项审批", "通用事项审批（大额）"], requests=None
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("workflow", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
