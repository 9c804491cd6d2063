"""Demo data of the assets app: a few cards for `make run`, 100,000 for benchmarks.

Seeded by the system (no acting user), so rows are written directly, like the org demo.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zhongshu.core.models import Sequence
from zhongshu.org.models import Department, User

from .models import Asset, AssetEvent, AssetStatus, Category, Location

CATEGORIES = [
    ("IT", "电子设备", 36),
    ("FURN", "办公家具", 96),
    ("VEH", "车辆", 96),
    ("APPL", "电器", 60),
]
SMALL_ASSETS = [
    ("笔记本电脑", "IT", "ThinkPad X1 Carbon", "9899.00", "employee"),
    ("激光打印机", "IT", "HP LaserJet M404", "2399.00", None),
    ("会议桌", "FURN", "1.8米", "3200.00", None),
    ("空调", "APPL", "格力 KFR-35GW", "3599.00", "dept_head"),
    ("投影仪", "IT", "爱普生 CB-X50", "4299.00", None),
]
LARGE_ASSETS = 100_000
BATCH = 5000


def _locations() -> list[Location]:
    rooms = list(Location.objects.filter(kind=Location.Kind.ROOM).order_by("pk"))
    if rooms:
        return rooms
    building = Location.objects.create(name="总部大楼", kind=Location.Kind.BUILDING)
    building.path, building.full_name = f"/{building.pk}/", building.name
    building.save()
    for floor_no in (1, 2, 3):
        floor = Location.objects.create(
            name=f"{floor_no}层", kind=Location.Kind.FLOOR, parent=building
        )
        floor.path = f"{building.path}{floor.pk}/"
        floor.full_name = f"{building.full_name} / {floor.name}"
        floor.save()
        for room_no in range(1, 5):
            room = Location.objects.create(name=f"{floor_no}0{room_no}室", parent=floor)
            room.path = f"{floor.path}{room.pk}/"
            room.full_name = f"{floor.full_name} / {room.name}"
            room.save()
            rooms.append(room)
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
    rooms = _locations()
    if not Asset.objects.exists():
        numbers = _next_numbers(len(SMALL_ASSETS))
        for index, (name, category, model, price, holder) in enumerate(SMALL_ASSETS):
            custodian = User.objects.filter(username=holder).first() if holder else None
            asset = Asset.objects.create(
                number=numbers[index],
                name=name,
                category=categories[category],
                model=model,
                price=Decimal(price),
                purchase_date=date(2025, 3 + index, 10),
                warranty_until=date(2028, 3 + index, 9),
                location=rooms[index % len(rooms)],
                custodian=custodian,
                department=custodian.department if custodian else Department.objects.first(),
                status=AssetStatus.IN_USE if custodian else AssetStatus.IDLE,
            )
            AssetEvent.objects.create(asset=asset, kind=AssetEvent.Kind.REGISTERED)
    if scale == "large":
        _load_large(stdout, list(categories.values()), rooms)


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
