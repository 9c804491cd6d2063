"""Demo data of the documents app: a few real items, or a large register for benchmarks."""

import random
from datetime import timedelta
from functools import lru_cache

from django.core.management.color import no_style
from django.db import connection, transaction
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
# Subjects: 40 topics × 4 forms; a two-character word such as 消防 is in 1 item of 40.
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
    "卫生防疫",
    "质量管理",
    "合同审查",
    "党建工作",
    "招标采购",
    "资产清查",
    "财务审计",
    "人事任免",
    "绩效考核",
    "保密教育",
    "应急演练",
    "节假日值班",
    "工会活动",
    "科技创新",
    "知识产权",
    "客户服务",
    "市场推广",
    "环境保护",
    "法律顾问",
    "内部控制",
    "数据统计",
    "信访接待",
    "对外合作",
    "项目验收",
    "设备维护",
    "后勤保障",
    "廉政建设",
    "宣传报道",
    "职工福利",
    "工程建设",
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


class _Inserter:
    """Plain multi-row INSERTs with ids assigned here: ~10x faster than bulk_create for the
    millions of benchmark rows (no model instances). Sequences are reset afterwards."""

    def __init__(self, model, columns):
        self.model = model
        self.columns = ["id", *columns]
        self.next_id = (model.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        marks = ", ".join(["%s"] * len(self.columns))
        self.sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
        self.rows = []

    def add(self, *values) -> int:
        pk = self.next_id
        self.next_id += 1
        self.rows.append((pk, *values))
        return pk

    def flush(self) -> None:
        if self.rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)
            self.rows = []

    def reset_sequence(self) -> None:
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [self.model]):
                cursor.execute(sql)


def _load_large(stdout) -> None:
    """200,000 items over five years, each circulated to five readers (1,000,000 slip lines),
    inserted in bulk; the demo `employee` has 500 slips to read. Subjects repeat (56 forms),
    so their word segmentation is memoised while the search index is built."""
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
    when = connection.ops.adapt_datetimefield_value
    day = connection.ops.adapt_datefield_value
    documents = _Inserter(
        IncomingDocument,
        [
            "ledger",
            "reg_number",
            "doc_number",
            "issuer",
            "subject",
            "kind",
            "received_at",
            "urgency",
            "pages",
            "copies",
            "keywords",
            "level_id",
            "level_rank",
            "secrecy_years",
            "secrecy_until",
            "status",
            "return_reason",
            "registered_by_id",
            "created_at",
        ],
    )
    circulations = _Inserter(Circulation, ["document_id", "mode", "started_by_id", "started_at"])
    slips = _Inserter(
        RoutingSlip,
        [
            "circulation_id",
            "document_id",
            "reader_id",
            "position",
            "state",
            "due_at",
            "comment",
            "signed_at",
        ],
    )
    scope = _Inserter(KnowledgeScope, ["document_id", "user_id", "reason", "added_at"])
    counters = {}
    busy_pending = short = 0
    with transaction.atomic():
        for index in range(LARGE_DOCUMENTS):
            year = this_year - (index % YEARS)
            classified = index % 10 == 0
            key = f"documents.incoming{'.classified' if classified else ''}:{year}"
            if key not in counters:
                counters[key] = (
                    Sequence.objects.filter(key=key).values_list("last_value", flat=True).first()
                    or 0
                )
            counters[key] = seq = counters[key] + 1
            level = (
                levels["secret"] if classified else levels["internal" if index % 3 else "public"]
            )
            received = now - timedelta(days=365 * (this_year - year) + rng.randrange(300))
            status = Status.ARCHIVED if year < this_year else Status.REGISTERED
            prefix = "密收" if classified else "收"
            doc_id = documents.add(
                Ledger.CLASSIFIED if classified else Ledger.GENERAL,
                f"{prefix}〔{year}〕{seq:04d}号",
                "",
                ISSUERS[index % len(ISSUERS)],
                FORMS[(index // len(TOPICS)) % len(FORMS)].format(TOPICS[index % len(TOPICS)]),
                DocKind.values[index % len(DocKind.values)],
                when(received),
                Urgency.values[index % 3],
                1,
                1,
                "",
                level.pk,
                level.rank,
                10 if classified else None,
                day(received.date().replace(year=year + 10)) if classified else None,
                status,
                "",
                clerk.pk,
                when(received),
            )
            circulation = circulations.add(
                doc_id, Circulation.Mode.PARALLEL, clerk.pk, when(received)
            )
            pool = cleared if classified else everyone
            # Classified items may have fewer cleared readers; unclassified ones make up for it,
            # so the dataset has exactly READERS_PER_DOCUMENT lines per item on average.
            wanted = READERS_PER_DOCUMENT + (1 if short and not classified else 0)
            chosen = rng.sample(pool, min(wanted, len(pool)))
            short += READERS_PER_DOCUMENT - len(chosen)
            open_doc = status == Status.REGISTERED and rng.random() < 0.05
            if (
                status == Status.REGISTERED
                and not classified
                and busy_pending < BUSY_READER_PENDING
                and index % 7 == 0
            ):
                chosen = [busy, *[c for c in chosen if c != busy]][: len(chosen)]
                open_doc = True
                busy_pending += 1
            due = when(received + timedelta(days=5))
            signed = when(received + timedelta(days=1))
            for position, reader in enumerate(chosen, start=1):
                slips.add(
                    circulation,
                    doc_id,
                    reader,
                    position,
                    RoutingSlip.State.PENDING if open_doc else RoutingSlip.State.SIGNED,
                    due,
                    "",
                    None if open_doc else signed,
                )
                scope.add(doc_id, reader, KnowledgeScope.Reason.READER, when(received))
            if classified and clerk.pk not in chosen:
                scope.add(doc_id, clerk.pk, KnowledgeScope.Reason.REGISTRAR, when(received))
            if (index + 1) % BATCH_SIZE == 0:
                for inserter in (documents, circulations, slips, scope):
                    inserter.flush()
            if (index + 1) % 50_000 == 0:
                stdout.write(f"  incoming documents: {index + 1:,}\n")
        for inserter in (documents, circulations, slips, scope):
            inserter.flush()
            inserter.reset_sequence()
        for key, value in counters.items():
            Sequence.objects.update_or_create(key=key, defaults={"last_value": value})
    stdout.write("  indexing documents for search…\n")
    _reindex_memoised()


def _reindex_memoised() -> None:
    from zhongshu.search import text
    from zhongshu.search.services import reindex

    original = text.segment
    text.segment = lru_cache(maxsize=4096)(original)
    try:
        reindex(keys=["documents.incomingdocument"])
    finally:
        text.segment = original
