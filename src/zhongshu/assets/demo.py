"""Demo data of the assets app: a few cards for `make run`, 100,000 for benchmarks.

The story is told through the services by the demo logistics user, so events, audit and
search entries are real; the benchmark ledger is bulk-inserted.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zhongshu.core.models import Sequence
from zhongshu.org.models import Department, User

from .models import Asset, AssetStatus, Category, Disposal, DisposalKind, Location
from .services import (
    asset_dispose,
    asset_register,
    asset_transfer,
    location_create,
    stocktake_create,
    stocktake_scan,
)
from .services.maintenance import repair_open

CATEGORIES = [
    ("IT", "电子设备", 36),
    ("FURN", "办公家具", 96),
    ("VEH", "车辆", 96),
    ("APPL", "电器", 60),
]
# The demo ledger: name, category, model, price; SMALL_COUNT cards cycle through it.
SMALL_ASSETS = [
    ("笔记本电脑", "IT", "ThinkPad X1 Carbon", "9899.00"),
    ("台式电脑", "IT", "联想 启天 M450", "5299.00"),
    ("显示器", "IT", "戴尔 P2423", "1499.00"),
    ("激光打印机", "IT", "HP LaserJet M404", "2399.00"),
    ("投影仪", "IT", "爱普生 CB-X50", "4299.00"),
    ("办公桌", "FURN", "1.4米", "1280.00"),
    ("办公椅", "FURN", "人体工学椅", "899.00"),
    ("文件柜", "FURN", "钢制五层", "760.00"),
    ("会议桌", "FURN", "1.8米", "3200.00"),
    ("空调", "APPL", "格力 KFR-35GW", "3599.00"),
    ("饮水机", "APPL", "美的 立式", "699.00"),
    ("公务车", "VEH", "大众 帕萨特", "219800.00"),
]
SMALL_COUNT = 100
# Floors and rooms of the demo buildings, created out of order on purpose: the ledger lists
# them naturally (3层 after 1层, 10层 last; 203 after 201).
BUILDINGS = [
    (
        "总部大楼",
        [
            ("3层", ["305室", "301室", "303室"]),
            ("1层", ["102室", "101室", "大厅"]),
            ("10层", ["1001室", "1002室"]),
            ("2层", ["203室", "201室", "210室"]),
        ],
    ),
    ("深圳分公司", [("8层", ["801室", "802室"])]),
]
# Who keeps cards, by cycling through them; None leaves a card idle in a store room.
HOLDERS = [
    "employee",
    "dept_head",
    "clerk",
    None,
    "zhou.jing",
    "wu.hao",
    "qian.li",
    "zheng.kai",
    None,
    "feng.xue",
    "chu.yang",
    "he.xin",
    "wei.dong",
    "jiang.ning",
    None,
    "shen.tao",
    "han.mei",
    "yang.fan",
    "zhu.lin",
    "lu.bin",
    None,
    "xu.hua",
    "shi.yan",
    "leader",
    "supervisor",
]
LARGE_ASSETS = 100_000
BATCH = 5000


def _locations(by: User | None) -> list[Location]:
    """The rooms assets stand in, made through the service the first time."""
    rooms = list(Location.objects.filter(kind=Location.Kind.ROOM).order_by("pk"))
    if rooms or by is None:
        return rooms
    for building_name, floors in BUILDINGS:
        building = location_create(name=building_name, kind=Location.Kind.BUILDING, by=by)
        for floor_name, room_names in floors:
            floor = location_create(
                name=floor_name, kind=Location.Kind.FLOOR, parent=building, by=by
            )
            rooms += [location_create(name=name, parent=floor, by=by) for name in room_names]
    return rooms


def _next_numbers(count: int) -> list[str]:
    year = timezone.localdate().year
    sequence, _created = Sequence.objects.select_for_update().get_or_create(key=f"asset:{year}")
    first = sequence.last_value + 1
    sequence.last_value += count
    sequence.save(update_fields=["last_value"])
    return [f"ZC-{year}-{seq:06d}" for seq in range(first, first + count)]


@transaction.atomic
def load(scale: str, stdout) -> None:
    for code, name, months in CATEGORIES:
        Category.objects.get_or_create(
            code=code, defaults={"name": name, "useful_life_months": months}
        )
    categories = {category.code: category for category in Category.objects.all()}
    logistics = User.objects.filter(username="logistics", is_active=True).first()
    rooms = _locations(logistics)
    if logistics is not None and not Asset.objects.exists():
        _load_story(logistics, categories, rooms)
    if scale == "large":
        _load_large(stdout, list(categories.values()), rooms)


def _load_story(logistics: User, categories: dict, rooms: list[Location]) -> None:
    """A hundred cards through the services: most in use, some idle, a few under repair, a
    few disposed and some waiting for the disposal approval, two transfers to acknowledge and
    a stocktake of the headquarters being counted."""
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    today = timezone.localdate()
    assets = []
    for index in range(SMALL_COUNT):
        name, category, model, price = SMALL_ASSETS[index % len(SMALL_ASSETS)]
        holder = users.get(HOLDERS[index % len(HOLDERS)] or "")
        bought = today - timedelta(days=40 + 37 * index % 1500)
        assets.append(
            asset_register(
                name=name,
                category=categories[category],
                model=model,
                serial_number=f"SN{2026000 + index * 7919 % 100000:07d}",
                price=Decimal(price),
                purchase_date=bought,
                warranty_until=bought + timedelta(days=3 * 365),
                supplier="京东企业购" if category == "IT" else "本地供应商",
                location=rooms[index % len(rooms)],
                department=None if holder else Department.objects.get(code="admin"),
                custodian=holder,
                by=logistics,
            )
        )
    for asset in assets[5:10]:
        repair_open(asset=asset, fault="无法开机，送厂家检修。", vendor="联想售后", by=logistics)
    for asset in assets[10:13]:
        asset_dispose(
            asset=asset, kind=DisposalKind.SCRAP, reason="超过使用年限，无法修复。", by=logistics
        )
    _approve_disposals(assets[10:12])
    sales = Department.objects.get(code="sales")
    for asset in (assets[3], assets[8]):
        asset_transfer(
            asset=asset, to_department=sales, reason="销售部新员工入职使用。", by=logistics
        )
    headquarters = Location.objects.get(name="总部大楼", parent__isnull=True)
    counters = [users[name] for name in ("logistics", "wu.hao") if name in users]
    stocktake = stocktake_create(
        title=f"{today.year}年第四季度资产盘点（总部大楼）",
        locations=[headquarters.pk],
        counters=counters,
        by=logistics,
    )
    lines = stocktake.lines.select_related("asset", "expected_location")[: SMALL_COUNT // 2]
    for line in list(lines)[::1]:
        stocktake_scan(
            stocktake=stocktake,
            code=line.asset.number,
            location=line.expected_location,
            by=logistics,
        )


def _approve_disposals(assets: list[Asset]) -> None:
    """The disposal requests of `assets` approved by whoever the chain gives them to."""
    from zhongshu.workflow.models import ApprovalTask, TaskStatus
    from zhongshu.workflow.services import approval_decide

    for disposal in Disposal.objects.filter(asset__in=assets).select_related("approval"):
        tasks = ApprovalTask.objects.filter(
            request=disposal.approval_id, status=TaskStatus.PENDING
        ).select_related("assignee")
        for task in tasks:
            approval_decide(task=task, decision="approve", comment="同意报废。", by=task.assignee)


def _load_large(stdout, categories, rooms) -> None:
    if Asset.objects.count() >= LARGE_ASSETS:
        return
    rng = random.Random(2026)
    users = list(User.objects.filter(is_active=True).values_list("pk", "department_id"))
    departments = list(Department.objects.values_list("pk", flat=True))
    numbers = _next_numbers(LARGE_ASSETS)
    today = timezone.localdate()
    for start in range(0, LARGE_ASSETS, BATCH):
        batch = []
        for number in numbers[start : start + BATCH]:
            held = rng.random() < 0.7
            custodian, department = users[rng.randrange(len(users))] if held else (None, None)
            batch.append(
                Asset(
                    number=number,
                    name=f"{rng.choice(['台式电脑', '办公椅', '文件柜', '显示器', '打印机'])}",
                    category=rng.choice(categories),
                    model=f"M-{rng.randrange(1000)}",
                    serial_number=f"SN{rng.randrange(10**9):09d}",
                    purchase_date=today - timedelta(days=rng.randrange(3000)),
                    price=Decimal(rng.randrange(20000, 2_000_000)) / 100,
                    custodian_id=custodian,
                    department_id=department or rng.choice(departments),
                    location=rng.choice(rooms),
                    status=AssetStatus.IN_USE if held else AssetStatus.IDLE,
                )
            )
        Asset.objects.bulk_create(batch)
    stdout.write(f"assets: {Asset.objects.count()} cards\n")
