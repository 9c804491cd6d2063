"""Fixtures shared by every app's tests: personas, one per role, plus an outsider."""

import pytest
from django.contrib.auth.models import Group


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    from huey.contrib.djhuey import HUEY

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.FILES_ROOT = tmp_path / "files"
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "audit-anchor.log")
    # huey reads its settings once at import: run tasks in-process through the instance itself.
    immediate = HUEY.immediate
    HUEY.immediate = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.AXES_ENABLED = False
    settings.LANGUAGE_CODE = "zh-hans"
    yield
    HUEY.immediate = immediate


@pytest.fixture
def levels(db):
    from zhongshu.org.models import ClearanceLevel

    return {level.code: level for level in ClearanceLevel.objects.all()}


@pytest.fixture
def company(db):
    """Head office with an admin department, a sales department and a far-away branch."""
    from zhongshu.org.models import Department

    root = Department.objects.create(name="中枢科技", code="hq")
    admin = Department.objects.create(name="行政部", code="admin", parent=root)
    sales = Department.objects.create(name="销售部", code="sales", parent=root)
    sales_east = Department.objects.create(name="华东销售组", code="sales-east", parent=sales)
    branch = Department.objects.create(name="深圳分公司", code="sz", parent=root)
    return {
        "root": root,
        "admin": admin,
        "sales": sales,
        "sales_east": sales_east,
        "branch": branch,
    }


@pytest.fixture
def make_user(db, company, levels):
    from zhongshu.org.models import User

    def make(
        username, *roles, department="admin", clearance="internal", password="pw-12345678", **extra
    ):
        user = User.objects.create_user(
            username=username,
            password=password,
            name=extra.pop("name", username),
            email=extra.pop("email", f"{username}@example.com"),
            department=company[department] if isinstance(department, str) else department,
            clearance=levels[clearance],
            **extra,
        )
        for role in roles:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def supervisor(make_user):
    return make_user("supervisor", "supervisor", clearance="top_secret", name="王主管")


@pytest.fixture
def clerk(make_user):
    return make_user("clerk", "clerk", clearance="secret", name="李文员")


@pytest.fixture
def logistics(make_user):
    return make_user("logistics", "logistics", name="赵后勤")


@pytest.fixture
def leader(make_user):
    return make_user("leader", "leader", department="root", clearance="top_secret", name="张总")


@pytest.fixture
def dept_head(make_user, company):
    head = make_user("dept_head", "dept_head", department="sales", name="陈经理")
    company["sales"].head = head
    company["sales"].save()
    return head


@pytest.fixture
def employee(make_user):
    return make_user("employee", "employee", department="sales_east", name="刘员工")


@pytest.fixture
def driver(make_user):
    return make_user("driver", "driver", department="admin", name="孙司机")


@pytest.fixture
def auditor(make_user):
    return make_user("auditor", "auditor", department="root", clearance="secret", name="周审计")


@pytest.fixture
def outsider(make_user):
    """An employee of another branch: no admin role, lowest clearance."""
    return make_user("outsider", "employee", department="branch", clearance="public", name="吴外部")


@pytest.fixture
def personas(supervisor, clerk, logistics, leader, dept_head, employee, driver, auditor, outsider):
    return {
        "supervisor": supervisor,
        "clerk": clerk,
        "logistics": logistics,
        "leader": leader,
        "dept_head": dept_head,
        "employee": employee,
        "driver": driver,
        "auditor": auditor,
        "outsider": outsider,
    }


@pytest.fixture
def api_client_for():
    """A DRF client authenticated with a real bearer token of the given user."""
    from rest_framework.test import APIClient

    from zhongshu.api.models import ApiToken

    def make(user):
        client = APIClient()
        if user is not None:
            _token, raw = ApiToken.issue(user)
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return make
