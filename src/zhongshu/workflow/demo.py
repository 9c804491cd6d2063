"""Demo data of the workflow app: a few real requests, or a large history for benchmarks."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from zhongshu.core.models import Sequence
from zhongshu.org.models import User

from .models import ApprovalChain, ApprovalRequest, ApprovalTask, RequestStatus, TaskStatus
from .services import approval_submit

SMALL_REQUESTS = [
    ("employee", "申请购买人体工学椅", "久坐腰痛，申请更换办公椅。", "980.00"),
    ("driver", "申请报销车辆清洗费", "公务用车年检前清洗。", "120.00"),
    ("jiang.ning", "申请采购客户拜访礼品", "华东区重点客户年末拜访。", "3600.00"),
    ("zhu.lin", "申请参加外部技术培训", "云原生架构培训，三天。", "4800.00"),
    ("he.xin", "申请借用投影仪", "周五客户演示使用。", "0.00"),
    ("chu.yang", "申请购买招聘网站会员", "年度校园招聘需要。", "6800.00"),
    ("shi.yan", "申请深圳分公司办公用品", "第四季度办公耗材补充。", "1250.00"),
]
LARGE_REQUESTS = 100_000
BUSY_APPROVER_OPEN_TASKS = 500
APPROVERS = 200
BATCH_SIZE = 5000
TITLES = ["申请购买办公用品", "申请借用投影仪", "申请维修空调", "申请加班用餐", "申请参加外部培训"]


def load(scale: str, stdout) -> None:
    for username, title, reason, amount in SMALL_REQUESTS:
        user = User.objects.filter(username=username).first()
        if user and not ApprovalRequest.objects.filter(requester=user, title=title).exists():
            approval_submit(
                request_type="general", title=title, reason=reason, amount=amount, by=user
            )
    if scale == "large":
        _load_large(stdout)


@transaction.atomic
def _load_large(stdout) -> None:
    """100,000 general requests with their tasks, bulk-inserted; the demo dept_head is busy."""
    if ApprovalRequest.objects.count() >= LARGE_REQUESTS:
        return
    chain = ApprovalChain.objects.filter(request_type="general").order_by("pk").first()
    step = chain.steps.order_by("order").first()
    users = list(User.objects.filter(is_active=True).values_list("pk", "department_id"))
    busy = User.objects.get(username="dept_head").pk
    approvers = [pk for pk, _dept in random.Random(7).sample(users, min(APPROVERS, len(users)))]
    now = timezone.now()
    year = timezone.localdate().year
    sequence, _created = Sequence.objects.select_for_update().get_or_create(key=f"approval:{year}")
    rng = random.Random(2026)
    batch_size = min(BATCH_SIZE, LARGE_REQUESTS)
    for start in range(0, LARGE_REQUESTS, batch_size):
        requests, statuses = [], []
        for offset in range(batch_size):
            sequence.last_value += 1
            requester, department = users[rng.randrange(len(users))]
            created = now - timedelta(minutes=rng.randrange(525_600))
            status = RequestStatus.PENDING if rng.random() < 0.3 else RequestStatus.APPROVED
            statuses.append(status)
            requests.append(
                ApprovalRequest(
                    number=f"SP-{year}-{sequence.last_value:06d}",
                    request_type="general",
                    title=f"{TITLES[(start + offset) % len(TITLES)]}（{start + offset}）",
                    requester_id=requester,
                    department_id=department,
                    chain=chain,
                    current_step=step,
                    status=status,
                    created_at=created,
                    submitted_at=created,
                )
            )
        created_requests = ApprovalRequest.objects.bulk_create(requests)
        tasks = []
        for index, (approval, status) in enumerate(zip(created_requests, statuses, strict=True)):
            overall = start + index
            assignee = busy if overall < BUSY_APPROVER_OPEN_TASKS * 3 else rng.choice(approvers)
            pending = status == RequestStatus.PENDING
            tasks.append(
                ApprovalTask(
                    request=approval,
                    step=step,
                    assignee_id=assignee,
                    status=TaskStatus.PENDING if pending else TaskStatus.APPROVED,
                    created_at=approval.created_at,
                    due_at=approval.created_at + timedelta(hours=24),
                    decided_at=None if pending else approval.created_at + timedelta(hours=3),
                )
            )
        ApprovalTask.objects.bulk_create(tasks)
        stdout.write(f"  approval requests: {start + batch_size:,}\n")
    sequence.save(update_fields=["last_value"])
