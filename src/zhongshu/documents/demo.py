"""Demo data of the documents app: a few real items, or a large register for benchmarks."""

import random
from datetime import timedelta
from functools import lru_cache

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from zhongshu.core.models import Sequence
from zhongshu.org.models import ClearanceLevel, Department, User

from . import services
from .models import (
    CLASSIFIED_RANK,
    Circulation,
    DocKind,
    IncomingDocument,
    KnowledgeScope,
    Ledger,
    OutgoingTemplate,
    Proposal,
    Retention,
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
ISSUER_CODES = ["市府办发", "区发改", "集团发", "应急发", "省档发", "税发"]
TEMPLATES = [
    ("通知（通用）", DocKind.NOTICE, "各部门：\n\n现将有关事项通知如下：\n\n特此通知。"),
    ("函（通用）", DocKind.LETTER, "XX单位：\n\n现就有关事项函告如下：\n\n特此函告。"),
]


def load(scale: str, stdout) -> None:
    for name, kind, body in TEMPLATES:
        OutgoingTemplate.objects.get_or_create(name=name, defaults={"kind": kind, "body": body})
    _load_small()
    stdout.write(f"documents: {IncomingDocument.objects.count()} incoming items\n")
    if scale == "large":
        _load_large(stdout)


# The demo story: (subject topic index, form index, issuer index, days ago received, stage).
# Stages: new, returned, instruct (awaiting a leader), instruct-overdue, handling (tasks open),
# handling-overdue, circulating, circulating-overdue, done, archived.
STORY = [
    (1, 0, 3, 0, "new"),
    (21, 0, 1, 1, "new"),
    (9, 3, 5, 1, "new"),
    (33, 1, 2, 2, "new"),
    (30, 1, 0, 3, "returned"),
    (3, 0, 2, 2, "instruct"),
    (11, 2, 0, 4, "instruct"),
    (0, 0, 3, 9, "instruct-overdue"),
    (17, 1, 2, 6, "instruct"),
    (15, 3, 2, 8, "handling"),
    (8, 0, 0, 10, "handling"),
    (22, 1, 1, 12, "handling-overdue"),
    (35, 2, 2, 7, "handling"),
    (5, 0, 4, 14, "handling-overdue"),
    (6, 0, 2, 3, "circulating"),
    (19, 0, 2, 4, "circulating"),
    (20, 0, 3, 11, "circulating-overdue"),
    (36, 2, 0, 13, "circulating-overdue"),
    (27, 3, 1, 5, "circulating"),
    (2, 0, 1, 18, "done"),
    (12, 1, 2, 20, "done"),
    (25, 0, 2, 22, "done"),
    (28, 1, 0, 24, "done"),
    (38, 0, 2, 26, "done"),
    (4, 0, 2, 35, "archived"),
    (14, 0, 5, 38, "archived"),
    (24, 2, 2, 40, "archived"),
    (39, 0, 2, 42, "archived"),
]
# Handling tasks: lead department, assisting departments.
TASK_DEPARTMENTS = [
    ("admin", ["finance"]),
    ("tech", []),
    ("sales", ["hr"]),
    ("hr", []),
    ("finance", ["admin"]),
]
# Readers of the circulating items, in order (the demo employee reads most of them).
READERS = [
    ["employee", "dept_head", "zhou.jing"],
    ["dept_head", "employee"],
    ["employee", "wei.dong", "jiang.ning"],
    ["yang.fan", "zhu.lin", "employee"],
    ["qian.li", "feng.xue"],
]
OUTGOING = [
    # title, main recipients, internal recipients, stage
    ("关于调整办公区作息时间的通知", "公司各部门", ["employee", "dept_head"], "issued"),
    (
        "关于开展年度消防安全演练的通知",
        "公司各部门",
        ["employee", "wei.dong", "yang.fan"],
        "issued",
    ),
    ("关于2027年度预算编制工作的通知", "公司各部门", ["qian.li"], "signing"),
    ("关于报送第四季度安全生产情况的函", "市应急管理局", [], "reviewing"),
    ("关于表彰年度优秀员工的决定", "公司各部门", [], "draft"),
    ("关于加强办公用品管理的通知", "公司各部门", [], "draft"),
]


def _load_small() -> None:
    """The demo story, told through the services so that events, audit and deadlines are
    real: items at every stage of the incoming flow (some past their deadlines), one classified
    item with its knowledge scope, and outgoing documents from draft to issued."""
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    clerk = users.get("clerk")
    if clerk is None or IncomingDocument.objects.filter(registered_by=clerk).exists():
        return
    leader = users["leader"]
    departments = {d.code: d for d in Department.objects.all()}
    now = timezone.now()
    tasks = iter(TASK_DEPARTMENTS * 3)
    readers = iter(READERS * 2)
    for index, (topic, form, issuer, days, stage) in enumerate(STORY):
        document = services.document_register(
            by=clerk,
            subject=FORMS[form].format(TOPICS[topic]),
            issuer=ISSUERS[issuer],
            doc_number=f"{ISSUER_CODES[issuer]}〔{now.year}〕{index + 3}号",
            kind=DocKind.REPORT if form == 1 else (DocKind.LETTER if form == 3 else DocKind.NOTICE),
            level="internal",
            urgency=Urgency.URGENT if index % 5 == 0 else Urgency.NORMAL,
            received_at=now - timedelta(days=days, hours=index % 7),
            pages=2 + index % 6,
            keywords=TOPICS[topic],
        )
        _advance(document, stage, clerk, leader, departments, users, tasks, readers)
    _classified(clerk, leader, users)
    _outgoing(clerk, leader, users)


def _advance(document, stage, clerk, leader, departments, users, tasks, readers) -> None:
    today = timezone.localdate()
    if stage == "new":
        return
    if stage == "returned":
        services.document_return(
            document=document, reason="来文缺少附件，已联系来文单位补齐后重新报送。", by=clerk
        )
        return
    if stage.startswith("instruct"):
        services.document_propose(
            document=document,
            action=Proposal.Action.INSTRUCT,
            opinion="拟请张总阅示，建议由行政部牵头落实。",
            leader=leader,
            due_date=today + timedelta(days=2),
            by=clerk,
        )
        if stage.endswith("overdue"):
            _overdue(document, "documents.instruct", days=2)
        return
    if stage.startswith("handling") or stage in ("done", "archived"):
        lead, assisting = next(tasks)
        if stage == "handling" and document.pk % 2:
            services.document_propose(
                document=document,
                action=Proposal.Action.INSTRUCT,
                opinion="拟请张总批示。",
                leader=leader,
                by=clerk,
            )
            services.document_instruct(
                document=document,
                text=f"请{departments[lead].name}牵头办理，按期反馈。",
                lead=departments[lead],
                assisting=[departments[code] for code in assisting],
                due_date=today + timedelta(days=5),
                by=leader,
            )
        else:
            services.document_propose(
                document=document,
                action=Proposal.Action.DEPARTMENTS,
                opinion="拟转相关部门办理。",
                lead=departments[lead],
                assisting=[departments[code] for code in assisting],
                due_date=today + timedelta(days=5),
                by=clerk,
            )
        if stage.endswith("overdue"):
            for task in document.tasks.all():
                _overdue(task, "documents.handle", days=3, field="due_at")
        if stage in ("done", "archived"):
            for task in document.tasks.select_related("assignee"):
                services.task_report(task=task, result="已按要求办理完毕。", by=task.assignee)
            if stage == "archived":
                _archive(document, clerk)
        return
    if stage.startswith("circulating"):
        names = next(readers)
        circulation = services.circulation_start(
            document=document,
            readers=[users[name].pk for name in names if name in users],
            mode=Circulation.Mode.SEQUENTIAL if document.pk % 2 else Circulation.Mode.PARALLEL,
            by=clerk,
        )
        pending = circulation.slips.filter(state=RoutingSlip.State.PENDING)
        if stage.endswith("overdue"):
            for slip in pending:
                _overdue(slip, "documents.read", days=2, field="due_at")
        elif circulation.mode == Circulation.Mode.PARALLEL:
            first = pending.select_related("reader").first()
            if first is not None:
                services.slip_sign(slip=first, comment="已阅。", by=first.reader)


def _overdue(target, kind: str, *, days: int, field: str = "") -> None:
    """Move a deadline (and the row's own due time) `days` into the past, as if the demo
    had started earlier: the periodic job then reminds and escalates it as it would."""
    from zhongshu.workflow.models import Deadline
    from zhongshu.workflow.services import deadline_set

    due = timezone.now() - timedelta(days=days)
    if field:
        type(target).objects.filter(pk=target.pk).update(**{field: due})
    for deadline in Deadline.objects.for_target(target).filter(kind=kind, done_at__isnull=True):
        deadline_set(
            target=target,
            kind=kind,
            owner=deadline.owner,
            due_at=due,
            title=deadline.title,
            url=deadline.url,
        )


def _archive(document, clerk) -> None:
    services.document_archive(
        document=document,
        retention=Retention.THIRTY_YEARS,
        category="WS",
        year=document.received_at.year,
        paper_location="档案室 A 柜 2 层",
        by=clerk,
    )


def _classified(clerk, leader, users) -> None:
    """One classified item (商密) in the classified register, known to a named few only."""
    if clerk.clearance_rank < CLASSIFIED_RANK:
        return
    document = services.document_register(
        by=clerk,
        subject="关于年度经营目标的会议纪要",
        issuer="集团公司总部",
        doc_number=f"集团纪〔{timezone.localdate().year}〕3号",
        kind=DocKind.MINUTES,
        level="secret",
        secrecy_years=5,
    )
    services.document_propose(
        document=document,
        action=Proposal.Action.INSTRUCT,
        opinion="拟请张总阅示，知悉范围限财务部、技术部负责人。",
        leader=leader,
        by=clerk,
    )
    cleared = [users[name] for name in ("qian.li", "yang.fan") if name in users]
    if cleared:
        services.scope_extend(document=document, users=cleared, by=clerk)


def _outgoing(clerk, leader, users) -> None:
    for title, main_to, internal, stage in OUTGOING:
        outgoing = services.outgoing_create(
            by=clerk,
            title=title,
            kind=DocKind.NOTICE if "通知" in title else DocKind.LETTER,
            body=f"各有关单位：\n\n{title[2:]}，现将有关事项通知如下。\n\n特此通知。",
            main_to=main_to,
            recipients=[users[name] for name in internal if name in users],
            submit=stage != "draft",
        )
        if stage in ("signing", "issued"):
            services.outgoing_review(outgoing=outgoing, decision="approve", signer=leader, by=clerk)
        if stage == "issued":
            services.outgoing_sign_off(outgoing=outgoing, decision="approve", by=leader)
            services.outgoing_issue(outgoing=outgoing, by=clerk)


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
