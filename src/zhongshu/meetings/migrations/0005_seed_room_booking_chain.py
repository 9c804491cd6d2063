"""The approval chain of room bookings that need approval: one step, the admin supervisor."""

from django.db import migrations

REQUEST_TYPE = "meeting_room_booking"


def seed(apps, schema_editor):
    Chain = apps.get_model("workflow", "ApprovalChain")
    Step = apps.get_model("workflow", "ApprovalStep")
    if Chain.objects.filter(request_type=REQUEST_TYPE).exists():
        return
    chain = Chain.objects.create(request_type=REQUEST_TYPE, name="会议室预订审批", priority=0)
    Step.objects.create(
        chain=chain,
        order=1,
        name="行政主管审批",
        approver_kind="role",
        role_code="supervisor",
        mode="any",
        due_hours=24,
    )


def unseed(apps, schema_editor):
    Chain = apps.get_model("workflow", "ApprovalChain")
    Chain.objects.filter(request_type=REQUEST_TYPE, requests=None).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_held_bookings_block_room"),
        ("workflow", "0002_seed_general_chains"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
