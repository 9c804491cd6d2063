"""Demo data: a small company with one user per role, or a large one for benchmarks.

`load_demo(password, scale)` creates the organisation, then runs every loader other apps
registered with `register_demo_loader(loader)`; a loader is called as `loader(scale, stdout)`
after the org data exists. Everything is idempotent: rows are found by code or username and
never created twice; the demo users' password is reset to the given one on every run.

Demo data is seeded by the system, not by a person, so it writes the org models directly
rather than through the services (which need an acting supervisor).
"""

import sys
from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from zhongshu.core.roles import Role

from .models import ClearanceLevel, Department, User

DemoLoader = Callable[[str, object], None]
DEMO_LOADERS: list[DemoLoader] = []
SCALES = ("small", "large")

# code, name, parent code, order
DEPARTMENTS = [
    ("hq", "中枢科技", None, 0),
    ("gm-office", "总经理办公室", "hq", 1),
    ("admin", "行政部", "hq", 2),
    ("finance", "财务部", "hq", 3),
    ("hr", "人力资源部", "hq", 4),
    ("sales", "销售部", "hq", 5),
    ("sales-east", "华东销售组", "sales", 1),
    ("sales-south", "华南销售组", "sales", 2),
    ("tech", "技术部", "hq", 6),
    ("sz", "深圳分公司", "hq", 7),
]

# username (= role code), name, department code, clearance code
USERS = [
    (Role.SUPERVISOR, "王主管", "admin", "top_secret"),
    (Role.CLERK, "李文员", "admin", "secret"),
    (Role.LOGISTICS, "赵后勤", "admin", "internal"),
    (Role.LEADER, "张总", "gm-office", "top_secret"),
    (Role.DEPT_HEAD, "陈经理", "sales", "internal"),
    (Role.EMPLOYEE, "刘员工", "sales-east", "internal"),
    (Role.DRIVER, "孙司机", "admin", "public"),
    (Role.AUDITOR, "周审计", "finance", "internal"),
]
# The rest of the staff, so that every department has a head and members: username, name,
# department code, clearance code, role, and whether they head their department. The role
# users above head 中枢科技 and 总经理办公室 (leader), 行政部 (supervisor) and 销售部 (dept_head).
STAFF = [
    ("zhou.jing", "周静", "gm-office", "secret", Role.EMPLOYEE, False),
    ("wu.hao", "吴浩", "admin", "internal", Role.EMPLOYEE, False),
    ("qian.li", "钱莉", "finance", "secret", Role.DEPT_HEAD, True),
    ("zheng.kai", "郑凯", "finance", "internal", Role.EMPLOYEE, False),
    ("feng.xue", "冯雪", "hr", "secret", Role.DEPT_HEAD, True),
    ("chu.yang", "褚阳", "hr", "internal", Role.EMPLOYEE, False),
    ("he.xin", "何欣", "sales", "internal", Role.EMPLOYEE, False),
    ("wei.dong", "卫东", "sales-east", "internal", Role.DEPT_HEAD, True),
    ("jiang.ning", "蒋宁", "sales-east", "internal", Role.EMPLOYEE, False),
    ("shen.tao", "沈涛", "sales-south", "internal", Role.DEPT_HEAD, True),
    ("han.mei", "韩梅", "sales-south", "internal", Role.EMPLOYEE, False),
    ("yang.fan", "杨帆", "tech", "secret", Role.DEPT_HEAD, True),
    ("zhu.lin", "朱琳", "tech", "internal", Role.EMPLOYEE, False),
    ("lu.bin", "吕斌", "tech", "internal", Role.EMPLOYEE, False),
    ("xu.hua", "徐华", "sz", "internal", Role.DEPT_HEAD, True),
    ("shi.yan", "施燕", "sz", "internal", Role.EMPLOYEE, False),
]
HEADS = {"hq": Role.LEADER, "gm-office": Role.LEADER, "admin": Role.SUPERVISOR}
DEMO_USERNAMES = [str(code) for code, *_rest in USERS] + [row[0] for row in STAFF]

LARGE_USERS = 5000
LARGE_DIVISIONS = 10
LARGE_TEAMS_PER_DIVISION = 9
BATCH_SIZE = 1000
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def register_demo_loader(loader: DemoLoader) -> DemoLoader:
    """Add `loader(scale, stdout)` to the demo; usable as a decorator. Registered once."""
    if loader not in DEMO_LOADERS:
        DEMO_LOADERS.append(loader)
    return loader


def _department(code, name, parent, order) -> Department:
    department, _created = Department.objects.get_or_create(
        code=code, defaults={"name": name, "parent": parent, "order": order}
    )
    return department


def _person(username, name, department, clearance, role, groups) -> User:
    user, _created = User.objects.get_or_create(
        username=username,
        defaults={
            "name": name,
            "email": f"{username}@example.com",
            "department": department,
            "clearance": clearance,
        },
    )
    user.groups.add(groups[role])
    return user


def load_small() -> dict[str, User]:
    """The company: its departments, one user per role and the staff; every department has
    a head (a head set by hand is kept)."""
    departments: dict[str, Department] = {}
    for code, name, parent_code, order in DEPARTMENTS:
        departments[code] = _department(code, name, departments.get(parent_code), order)
    levels = {level.code: level for level in ClearanceLevel.objects.all()}
    groups = {group.name: group for group in Group.objects.all()}
    users = {}
    for role, name, department_code, clearance in USERS:
        users[str(role)] = _person(
            str(role), name, departments[department_code], levels[clearance], role, groups
        )
    heads = {code: users[str(role)] for code, role in HEADS.items()}
    heads["sales"] = users[Role.DEPT_HEAD]
    for username, name, department_code, clearance, role, is_head in STAFF:
        person = _person(
            username, name, departments[department_code], levels[clearance], role, groups
        )
        users[username] = person
        if is_head:
            heads[department_code] = person
    for code, head in heads.items():
        department = departments[code]
        if department.head_id is None:
            department.head = head
            department.save(update_fields=["head"])
    return users


def _large_departments(root: Department) -> list[Department]:
    """10 divisions of 9 teams under the root: ~100 departments, three levels deep."""
    teams = []
    for d in range(1, LARGE_DIVISIONS + 1):
        division = _department(f"l-div{d:02d}", f"第{d}事业部", root, 100 + d)
        for t in range(1, LARGE_TEAMS_PER_DIVISION + 1):
            teams.append(_department(f"l-div{d:02d}-t{t}", f"第{d}事业部{t}组", division, t))
    return teams


def load_large(password_hash: str, stdout) -> int:
    """5,000 employees spread over the teams, bulk-inserted; returns how many were added."""
    root = Department.objects.get(code="hq")
    teams = _large_departments(root)
    wanted = [f"u{n:05d}" for n in range(1, LARGE_USERS + 1)]
    existing = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    missing = [name for name in wanted if name not in existing]
    if not missing:
        return 0
    internal = ClearanceLevel.objects.get(code="internal")
    employee_group = Group.objects.get(name=Role.EMPLOYEE)
    membership = User.groups.through
    for start in range(0, len(missing), BATCH_SIZE):
        batch = missing[start : start + BATCH_SIZE]
        rows = []
        for username in batch:
            n = int(username[1:])
            rows.append(
                User(
                    username=username,
                    name=SURNAMES[n % len(SURNAMES)]
                    + GIVEN[(n // 7) % len(GIVEN)]
                    + GIVEN[(n // 3) % len(GIVEN)],
                    email=f"{username}@example.com",
                    password=password_hash,
                    department=teams[n % len(teams)],
                    clearance=internal,
                )
            )
        User.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        ids = User.objects.filter(username__in=batch).values_list("pk", flat=True)
        membership.objects.bulk_create(
            [membership(user_id=pk, group_id=employee_group.pk) for pk in ids],
            batch_size=BATCH_SIZE,
        )
        stdout.write(f"  users: {start + len(batch)}/{len(missing)}\n")
    return len(missing)


def load_demo(password: str, scale: str = "small", stdout=None) -> dict[str, User]:
    """Create (or complete) the demo organisation and run the other apps' demo loaders."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; use one of {', '.join(SCALES)}")
    stdout = stdout or sys.stdout
    password_hash = make_password(password)
    with transaction.atomic():
        users = load_small()
        # The same hash for every demo user: one slow argon2 run instead of thousands.
        User.objects.filter(username__in=DEMO_USERNAMES).update(
            password=password_hash, is_active=True
        )
        if scale == "large":
            added = load_large(password_hash, stdout)
            stdout.write(f"large scale: {added} users added\n")
    for loader in DEMO_LOADERS:
        loader(scale, stdout)
    return users
