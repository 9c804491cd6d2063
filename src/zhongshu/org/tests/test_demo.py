import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from zhongshu.core.roles import ROLE_CODES
from zhongshu.org import demo
from zhongshu.org.models import Department, User

pytestmark = pytest.mark.django_db


def counts():
    return (
        User.objects.count(),
        Department.objects.count(),
        User.groups.through.objects.count(),
    )


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_demo_small_creates_company_and_one_user_per_role():
    output = run("--password", "demo-pass-1")
    staff = {row[0] for row in demo.STAFF}
    assert {u.username for u in User.objects.all()} == ROLE_CODES | staff
    for code in ROLE_CODES:
        user = User.objects.get(username=code)
        assert user.role_codes == [code]
        assert code in output
    assert "demo-pass-1" in output
    names = set(Department.objects.values_list("name", flat=True))
    assert {
        "中枢科技",
        "总经理办公室",
        "行政部",
        "财务部",
        "人力资源部",
        "销售部",
        "华东销售组",
        "华南销售组",
        "技术部",
        "深圳分公司",
    } == names
    sales = Department.objects.get(code="sales")
    assert sales.head.username == "dept_head"
    assert Department.objects.get(code="sales-east").parent == sales
    assert User.objects.get(username="supervisor").clearance.code == "top_secret"
    assert User.objects.get(username="leader").clearance.code == "top_secret"
    assert User.objects.get(username="clerk").clearance.code == "secret"
    assert User.objects.get(username="employee").clearance.code in {"internal", "public"}
    assert authenticate(username="clerk", password="demo-pass-1") is not None


def test_demo_is_idempotent_and_resets_password(client):
    run("--password", "first-pass-1")
    before = counts()
    run("--password", "second-pass-2")
    assert counts() == before
    assert authenticate(username="leader", password="first-pass-1") is None
    assert client.login(username="leader", password="second-pass-2")


def test_demo_generates_and_prints_password_when_none_given():
    output = run()
    line = next(line for line in output.splitlines() if "password:" in line)
    password = line.split("password:")[1].split()[0]
    assert authenticate(username="employee", password=password) is not None


def test_demo_gives_every_department_a_head_and_members():
    run("--password", "demo-pass-1")
    for department in Department.objects.all():
        assert department.head is not None, department.name
        assert department.head.is_active
        assert department.members.exclude(pk=department.head_id).exists() or department.code in {
            "hq"
        }, department.name
    assert authenticate(username="qian.li", password="demo-pass-1") is not None


def test_demo_runs_registered_loaders(monkeypatch):
    calls = []
    monkeypatch.setattr(demo, "DEMO_LOADERS", [])
    demo.register_demo_loader(lambda scale, stdout: calls.append(scale))
    demo.register_demo_loader(demo.DEMO_LOADERS[0])
    run("--password", "x-pass-123", "--scale", "small")
    assert calls == ["small"]


def test_demo_large_scale(monkeypatch):
    monkeypatch.setattr(demo, "DEMO_LOADERS", [])  # other apps test their own large data
    monkeypatch.setattr(demo, "LARGE_USERS", 120)
    monkeypatch.setattr(demo, "BATCH_SIZE", 50)
    run("--password", "big-pass-1", "--scale", "large")
    large = User.objects.filter(username__startswith="u0")
    assert large.count() == 120
    assert User.groups.through.objects.filter(user__in=large).count() == 120
    teams = Department.objects.filter(code__startswith="l-div")
    assert teams.count() == demo.LARGE_DIVISIONS * (demo.LARGE_TEAMS_PER_DIVISION + 1)
    assert max(d.depth for d in teams) == 2
    assert authenticate(username="u00042", password="big-pass-1") is not None
    before = counts()
    run("--password", "big-pass-1", "--scale", "large")
    assert counts() == before
