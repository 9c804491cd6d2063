"""Demo data of the documents app: a few real items, or a large register for benchmarks."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from zhongshu.core.models import Sequence
from zhongshu.org.models import ClearanceLevel, User

from .models import (
    CLASSIFIED_RANK,
    Circulation,
    DocKind,
    IncomingDocument,
    KnowledgeScope,
    Ledger,
    OutgoingTemplate,
    RoutingSlip,
    Status,
    Urgency,
)

LARGE_DOCUMENTS = 200_000
READERS_PER_DOCUMENT = 5
BUSY_READER_PENDING = 500
BATCH_SIZE = 5000
YEARS = 5
TOPICS = [
    "安全生产",
    "消防检查",
    "节能减排",
    "年度预算",
    "档案管理",
    "信息安全",
    "人员培训",
    "会议安排",
    "车辆管理",
    "办公用品采购",
    "疫情防控",
    "质量管理",
    "合同审查",
    "党建工作",
]
FORMS = ["关于开展{}工作的通知", "关于{}情况的报告", "关于加强{}的意见", "{}专项检查的函"]
ISSUERS = ["市人民政府办公室", "区发展改革委", "集团公司总部", "市应急管理局", "省档案局", "税务局"]
TEMPLATES = [
    ("通知（通用）", DocKind.NOTICE, "各部门：\n\n现将有关事项通知如下：\n\n特此通知。"),
    ("函（通用）", DocKind.LETTER, "XX单位：\n\n现就有关事项函告如下：\n\n特此函告。"),
]


def load(scale: str, stdout) -> None:
    for name, kind, body in TEMPLATES:
        OutgoingTemplate.objects.get_or_create(name=name, defaults={"kind": kind, "body": body})
    _load_small()
    if scale == "large":
        _load_large(stdout)


def _load_small() -> None:
    from .services import circulation_start, document_register, outgoing_create

    users = {
        u.username: u
        for u in User.objects.filter(username__in=["clerk", "employee", "dept_head", "leader"])
    }
    clerk = users.get("clerk")
    if clerk is None or IncomingDocument.objects.filter(registered_by=clerk).exists():
        return
    document = document_register(
        by=clerk,
        subject="关于开展2026年度消防安全检查的通知",
        issuer="市应急管理局",
        doc_number="应急发〔2026〕8号",
        kind=DocKind.NOTICE,
        level="internal",
        urgency=Urgency.URGENT,
        keywords="消防 安全检查",
    )
    readers = [users[name].pk for name in ("dept_head", "employee") if name in users]
    if readers:
        circulation_start(document=document, readers=readers, mode="sequential", by=clerk)
    document_register(
        by=clerk,
        subject="关于年度经营目标的会议纪要",
        issuer="集团公司总部",
        doc_number="集团纪〔2026〕3号",
        kind=DocKind.MINUTES,
        level="secret" if clerk.clearance_rank >= CLASSIFIED_RANK else "internal",
        secrecy_years=5,
    )
    outgoing_create(
        by=clerk,
        title="关于调整办公区作息时间的通知",
        kind=DocKind.NOTICE,
        body="各部门：\n\n自下月起，办公区作息时间调整为 8:30—17:30。\n\n特此通知。",
        main_to="公司各部门",
    )


def _load_large(stdout) -> None:
    """200,000 items over five years, each circulated to five readers (1,000,000 slip lines),
    bulk-inserted; the demo `employee` has 500 slips to read."""
    from zhongshu.search.services import reindex

    if IncomingDocument.objects.count() >= LARGE_DOCUMENTS:
        return
    levels = {level.code: level for level in ClearanceLevel.objects.all()}
    clerk = User.objects.get(username="clerk")
    busy = User.objects.get(username="employee").pk
    readers = list(User.objects.filter(is_active=True).values_list("pk", "clearance__rank"))
    cleared = [pk for pk, rank in readers if (rank or 0) >= CLASSIFIED_RANK] or [clerk.pk]
    everyone = [pk for pk, _rank in readers]
    rng = random.Random(2026)
    now = timezone.now()
    this_year = timezone.localdate().year
    counters = {}
    busy_pending = 0
    with transaction.atomic():
        for start in range(0, LARGE_DOCUMENTS, BATCH_SIZE):
            documents = []
            for offset in range(BATCH_SIZE):
                index = start + offset
                year = this_year - (index % YEARS)
                classified = index % 10 == 0
                key = f"documents.incoming{'.classified' if classified else ''}:{year}"
                if key not in counters:
                    counters[key] = (
                        Sequence.objects.filter(key=key)
                        .values_list("last_value", flat=True)
                        .first()
                        or 0
                    )
                counters[key] = seq = counters[key] + 1
                level = (
                    levels["secret"]
                    if classified
                    else levels["internal" if index % 3 else "public"]
                )
                received = now - timedelta(days=365 * (this_year - year) + rng.randrange(300))
                topic = TOPICS[index % len(TOPICS)]
                documents.append(
                    IncomingDocument(
                        ledger=Ledger.CLASSIFIED if classified else Ledger.GENERAL,
                        reg_number=(
                            f"密收〔{year}〕{seq:04d}号"
                            if classified
                            else f"收〔{year}〕{seq:04d}号"
                        ),
                        doc_number=f"示例发〔{year}〕{seq}号",
                        issuer=ISSUERS[index % len(ISSUERS)],
                        subject=FORMS[index % len(FORMS)].format(topic) + f"（{index}）",
                        kind=DocKind.values[index % len(DocKind.values)],
                        received_at=received,
                        urgency=Urgency.values[index % 3],
                        level=level,
                        level_rank=level.rank,
                        secrecy_years=10 if classified else None,
                        secrecy_until=received.date().replace(year=year + 10)
                        if classified
                        else None,
                        status=Status.ARCHIVED if year < this_year else Status.REGISTERED,
                        registered_by=clerk,
                    )
                )
            documents = IncomingDocument.objects.bulk_create(documents)
            circulations = Circulation.objects.bulk_create(
                [
                    Circulation(document=d, mode=Circulation.Mode.PARALLEL, started_by=clerk)
                    for d in documents
                ]
            )
            slips, scope = [], []
            for document, circulation in zip(documents, circulations, strict=True):
                pool = cleared if document.level_rank >= CLASSIFIED_RANK else everyone
                chosen = rng.sample(pool, min(READERS_PER_DOCUMENT, len(pool)))
                open_doc = document.status == Status.REGISTERED and rng.random() < 0.05
                if (
                    document.status == Status.REGISTERED
                    and document.level_rank < CLASSIFIED_RANK
                    and busy_pending < BUSY_READER_PENDING
                    and document.pk % 7 == 0
                ):
                    chosen = [busy, *[c for c in chosen if c != busy]][:READERS_PER_DOCUMENT]
                    open_doc = True
                    busy_pending += 1
                for position, reader in enumerate(chosen, start=1):
                    pending = open_doc
                    slips.append(
                        RoutingSlip(
                            circulation=circulation,
                            document=document,
                            reader_id=reader,
                            position=position,
                            state=RoutingSlip.State.PENDING
                            if pending
                            else RoutingSlip.State.SIGNED,
                            due_at=document.received_at + timedelta(days=5),
                            signed_at=None if pending else document.received_at + timedelta(days=1),
                        )
                    )
                    scope.append(KnowledgeScope(document=document, user_id=reader, reason="reader"))
                if document.level_rank >= CLASSIFIED_RANK:
                    scope.append(KnowledgeScope(document=document, user=clerk, reason="registrar"))
            RoutingSlip.objects.bulk_create(slips, batch_size=BATCH_SIZE)
            KnowledgeScope.objects.bulk_create(scope, batch_size=BATCH_SIZE, ignore_conflicts=True)
            stdout.write(f"  incoming documents: {start + BATCH_SIZE:,}\n")
        for key, value in counters.items():
            Sequence.objects.update_or_create(key=key, defaults={"last_value": value})
    stdout.write("  indexing documents for search…\n")
    reindex(keys=["documents.incomingdocument"])
