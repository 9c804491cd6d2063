"""The default-scale demo tells a story every page can show: all apps' loaders, run for real."""

import io
import time

import pytest
from django.db.models import Count
from django.utils import timezone

from zhongshu.assets.models import Asset, Stocktake, StocktakeScan, Transfer
from zhongshu.audit.models import AuditEvent
from zhongshu.documents.models import (
    CLASSIFIED_RANK,
    IncomingDocument,
    KnowledgeScope,
    OutgoingDocument,
    RoutingSlip,
)
from zhongshu.meetings.models import ActionItem, Meeting, Minutes
from zhongshu.org.demo import load_demo
from zhongshu.workflow.models import ApprovalRequest

pytestmark = pytest.mark.django_db


def statuses(model) -> dict[str, int]:
    return dict(model.objects.values_list("status").annotate(n=Count("id")).order_by())


def test_demo_story_is_rich_deterministic_and_idempotent():
    started = time.monotonic()
    load_demo("demo-pass-1", "small", stdout=io.StringIO())
    took = time.monotonic() - started

    incoming = statuses(IncomingDocument)
    assert set(incoming) == {
        "registered",
        "returned",
        "awaiting_instruction",
        "handling",
        "done",
        "archived",
    }
    assert sum(incoming.values()) >= 25
    overdue = RoutingSlip.objects.filter(state="pending", due_at__lt=timezone.now())
    assert overdue.count() >= 2
    classified = IncomingDocument.objects.get(level_rank__gte=CLASSIFIED_RANK)
    assert KnowledgeScope.objects.filter(document=classified).count() >= 3
    assert set(statuses(OutgoingDocument)) >= {"draft", "reviewing", "signing", "issued"}

    assert Meeting.objects.count() >= 15
    assert Minutes.objects.filter(status="published").count() >= 3
    assert ActionItem.objects.overdue().count() >= 2

    assets = statuses(Asset)
    assert sum(assets.values()) == 100
    assert {"in_use", "idle", "under_repair", "disposed"} <= set(assets)
    stocktake = Stocktake.objects.get(status="counting")
    assert 0 < StocktakeScan.objects.filter(stocktake=stocktake).count() < stocktake.lines.count()
    assert Transfer.objects.filter(status="pending").count() == 2
    assert ApprovalRequest.objects.filter(status="pending").count() >= 5
    assert AuditEvent.objects.count() > 250  # told through the services

    numbers = sorted(IncomingDocument.objects.values_list("reg_number", "subject", "status"))
    before = AuditEvent.objects.count()
    load_demo("demo-pass-1", "small", stdout=io.StringIO())
    assert (
        sorted(IncomingDocument.objects.values_list("reg_number", "subject", "status")) == numbers
    )
    assert Asset.objects.count() == 100
    assert AuditEvent.objects.count() == before
    assert took < 60
