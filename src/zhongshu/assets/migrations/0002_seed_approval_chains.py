"""Approval chains of the assets app: the supervisor approves disposals and stocktake adjustments."""

from django.db import migrations

CHAINS = {
    "asset_disposal": ("资产处置审批", "行政主管审批"),
    "asset_stocktake": ("盘点调整审批", "行政主管审批"),
}


def seed(apps, schema_editor):
    Chain = apps.get_model("workflow", "ApprovalChain")
    Step = apps.get_model("workflow", "ApprovalStep")
    for request_type, (name, step_name) in CHAINS.items():
        if Chain.objects.filter(request_type=request_type).exists():
            continue
        chain = Chain.objects.create(request_type=request_type, name=name, priority=0)
        Step.objects.create(
            chain=chain,
            order=1,
            name=step_name,
            approver_kind="role",
            role_code="supervisor",
            mode="any",
            due_hours=48,
        )


def unseed(apps, schema_editor):
    Chain = apps.get_model("workflow", "ApprovalChain")
    Chain.objects.filter(request_type__in=list(CHAINS), requests=None).delete()


class Migration(migrations.Migration):
    dependencies = [("assets", "0001_initial"), ("workflow", "0002_seed_general_chains")]

    operations = [migrations.RunPython(seed, unseed)]
