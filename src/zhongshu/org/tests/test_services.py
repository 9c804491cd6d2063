import pytest
from django.core.exceptions import PermissionDenied

from zhongshu.api.models import ApiToken
from zhongshu.core.errors import ServiceError
from zhongshu.org import services
from zhongshu.org.models import Department, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit_log(monkeypatch):
    """Collects every audit record() call made by the org services."""
    calls = []

    def fake_record(**kwargs):
        calls.append(kwargs)

    monkeypatch.setattr(services, "record", fake_record)
    return calls


def new_user(supervisor, levels, company, **overrides):
    data = {
        "username": "newbie",
        "name": "新同事",
        "email": "newbie@example.com",
        "department": company["admin"],
        "roles": ["employee"],
        "clearance": levels["internal"],
        "by": supervisor,
    }
    data.update(overrides)
    return services.user_create(**data)


# --- departments ----------------------------------------------------------------------------


def test_department_create(supervisor, company, audit_log):
    department = services.department_create(
        name="法务部", code="legal", parent=company["root"], order=3, by=supervisor
    )
    department.refresh_from_db()
    assert department.path == f"{company['root'].path}{department.pk}/"
    assert department.order == 3
    assert audit_log[-1]["action"] == "org.department_created"
    assert audit_log[-1]["after"]["code"] == "legal"
    assert audit_log[-1]["actor"] == supervisor


def test_department_create_refused_for_employee(employee, company):
    with pytest.raises(PermissionDenied):
        services.department_create(name="法务部", code="legal", by=employee)
    assert not Department.objects.filter(code="legal").exists()


@pytest.mark.parametrize("code", ["sales", "SALES"])
def test_department_create_duplicate_code(supervisor, company, code):
    with pytest.raises(ServiceError) as exc:
        services.department_create(name="又一个销售部", code=code, by=supervisor)
    assert exc.value.code == "duplicate_code"
    assert exc.value.field == "code"
    assert Department.objects.filter(code__iexact="sales").count() == 1


@pytest.mark.parametrize(("name", "code", "field"), [("", "x1", "name"), ("部", "a b", "code")])
def test_department_create_invalid(supervisor, company, name, code, field):
    with pytest.raises(ServiceError) as exc:
        services.department_create(name=name, code=code, by=supervisor)
    assert exc.value.field == field


def test_department_create_under_inactive_parent_refused(supervisor, company):
    Department.objects.filter(pk=company["branch"].pk).update(is_active=False)
    company["branch"].refresh_from_db()
    with pytest.raises(ServiceError) as exc:
        services.department_create(name="X", code="x", parent=company["branch"], by=supervisor)
    assert exc.value.field == "parent"


def test_department_create_with_disabled_head_refused(supervisor, employee, company):
    User.objects.filter(pk=employee.pk).update(is_active=False)
    employee.refresh_from_db()
    with pytest.raises(ServiceError) as exc:
        services.department_create(name="X", code="x", head=employee, by=supervisor)
    assert exc.value.field == "head"


def test_department_update_moves_subtree(supervisor, company, audit_log):
    sales, east, branch = company["sales"], company["sales_east"], company["branch"]
    services.department_update(department=sales, parent=branch, name="销售中心", by=supervisor)
    sales.refresh_from_db()
    east.refresh_from_db()
    assert sales.name == "销售中心"
    assert sales.path == f"{branch.path}{sales.pk}/"
    assert east.path == f"{branch.path}{sales.pk}/{east.pk}/"
    assert east.depth == 3
    assert audit_log[-1]["action"] == "org.department_updated"
    assert audit_log[-1]["before"]["parent"] == company["root"].pk
    assert audit_log[-1]["after"]["parent"] == branch.pk


@pytest.mark.parametrize("target", ["sales", "sales_east"])
def test_department_update_refuses_move_under_own_subtree(supervisor, company, target):
    sales = company["sales"]
    with pytest.raises(ServiceError) as exc:
        services.department_update(department=sales, parent=company[target], by=supervisor)
    assert exc.value.code == "cycle"
    sales.refresh_from_db()
    assert sales.parent_id == company["root"].pk


def test_department_update_duplicate_code(supervisor, company):
    with pytest.raises(ServiceError) as exc:
        services.department_update(department=company["sales"], code="admin", by=supervisor)
    assert exc.value.code == "duplicate_code"


def test_department_update_same_code_allowed(supervisor, company):
    department = services.department_update(
        department=company["sales"], code="sales", order=9, by=supervisor
    )
    assert department.order == 9


def test_department_update_refuses_unknown_fields(supervisor, company):
    with pytest.raises(ServiceError) as exc:
        services.department_update(department=company["sales"], is_active=False, by=supervisor)
    assert exc.value.code == "forbidden_field"
    company["sales"].refresh_from_db()
    assert company["sales"].is_active


def test_department_update_sets_head(supervisor, employee, company):
    services.department_update(department=company["sales_east"], head=employee, by=supervisor)
    company["sales_east"].refresh_from_db()
    assert company["sales_east"].head == employee


def test_department_update_refused_for_clerk(clerk, company):
    with pytest.raises(PermissionDenied):
        services.department_update(department=company["sales"], name="X", by=clerk)


def test_department_deactivate_refused_with_members(supervisor, employee, company):
    with pytest.raises(ServiceError) as exc:
        services.department_deactivate(department=company["sales_east"], by=supervisor)
    assert exc.value.code == "has_members"
    company["sales_east"].refresh_from_db()
    assert company["sales_east"].is_active


def test_department_deactivate_refused_with_active_children(supervisor, company):
    with pytest.raises(ServiceError) as exc:
        services.department_deactivate(department=company["sales"], by=supervisor)
    assert exc.value.code == "has_children"


def test_department_deactivate_and_activate(supervisor, company, audit_log):
    branch = company["branch"]
    services.department_deactivate(department=branch, by=supervisor)
    branch.refresh_from_db()
    assert not branch.is_active
    assert audit_log[-1]["action"] == "org.department_deactivated"
    services.department_activate(department=branch, by=supervisor)
    branch.refresh_from_db()
    assert branch.is_active
    assert audit_log[-1]["action"] == "org.department_activated"


def test_department_deactivate_ignores_disabled_members(supervisor, outsider, company):
    User.objects.filter(pk=outsider.pk).update(is_active=False)
    services.department_deactivate(department=company["branch"], by=supervisor)
    company["branch"].refresh_from_db()
    assert not company["branch"].is_active


def test_department_activate_refused_under_inactive_parent(supervisor, company):
    Department.objects.filter(pk__in=[company["sales"].pk, company["sales_east"].pk]).update(
        is_active=False
    )
    with pytest.raises(ServiceError) as exc:
        services.department_activate(department=company["sales_east"], by=supervisor)
    assert exc.value.code == "parent_inactive"


def test_department_deactivate_refused_for_employee(employee, company):
    with pytest.raises(PermissionDenied):
        services.department_deactivate(department=company["branch"], by=employee)


# --- users ----------------------------------------------------------------------------------


def test_user_create_generates_password(supervisor, levels, company, audit_log):
    user, password = new_user(supervisor, levels, company, roles=["employee", "driver"])
    user.refresh_from_db()
    assert password and len(password) == 14
    assert user.check_password(password)
    assert user.role_codes == ["driver", "employee"]
    assert user.clearance == levels["internal"]
    assert audit_log[-1]["action"] == "org.user_created"
    assert audit_log[-1]["after"]["roles"] == ["driver", "employee"]


def test_user_create_with_given_password(supervisor, levels, company):
    user, password = new_user(
        supervisor, levels, company, password="Lotus-Pond-2026", clearance="secret"
    )
    assert password is None
    assert user.check_password("Lotus-Pond-2026")
    assert user.clearance.code == "secret"


def test_user_create_weak_password_refused(supervisor, levels, company):
    with pytest.raises(ServiceError) as exc:
        new_user(supervisor, levels, company, password="123")
    assert exc.value.field == "password"
    assert not User.objects.filter(username="newbie").exists()


@pytest.mark.parametrize("username", ["employee", "EMPLOYEE"])
def test_user_create_duplicate_username(supervisor, employee, levels, company, username):
    with pytest.raises(ServiceError) as exc:
        new_user(supervisor, levels, company, username=username)
    assert exc.value.code == "duplicate_username"
    assert User.objects.filter(username__iexact="employee").count() == 1


def test_user_create_unknown_role(supervisor, levels, company):
    with pytest.raises(ServiceError) as exc:
        new_user(supervisor, levels, company, roles=["employee", "king"])
    assert exc.value.code == "unknown_role"
    assert "king" in str(exc.value.detail)
    assert not User.objects.filter(username="newbie").exists()


def test_user_create_unknown_clearance(supervisor, levels, company):
    with pytest.raises(ServiceError) as exc:
        new_user(supervisor, levels, company, clearance="cosmic")
    assert exc.value.code == "unknown_clearance"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"username": "bad name!"}, "username"),
        ({"name": " "}, "name"),
        ({"email": "not-an-email"}, "email"),
    ],
)
def test_user_create_invalid_fields(supervisor, levels, company, overrides, field):
    with pytest.raises(ServiceError) as exc:
        new_user(supervisor, levels, company, **overrides)
    assert exc.value.field == field


def test_user_create_in_inactive_department_refused(supervisor, levels, company):
    Department.objects.filter(pk=company["branch"].pk).update(is_active=False)
    company["branch"].refresh_from_db()
    with pytest.raises(ServiceError) as exc:
        new_user(supervisor, levels, company, department=company["branch"])
    assert exc.value.field == "department"


def test_user_create_refused_for_non_supervisor(clerk, levels, company):
    with pytest.raises(PermissionDenied):
        new_user(clerk, levels, company)
    assert not User.objects.filter(username="newbie").exists()


def test_user_update_allowed_fields(supervisor, employee, company, audit_log):
    services.user_update(
        user=employee,
        name="刘新",
        email="liu@example.com",
        phone="13800000000",
        department=company["branch"],
        by=supervisor,
    )
    employee.refresh_from_db()
    assert (employee.name, employee.email, employee.phone) == (
        "刘新",
        "liu@example.com",
        "13800000000",
    )
    assert employee.department == company["branch"]
    entry = audit_log[-1]
    assert entry["action"] == "org.user_updated"
    assert entry["before"]["name"] == "刘员工"
    assert entry["after"]["name"] == "刘新"


@pytest.mark.parametrize(
    "field", [{"is_superuser": True}, {"is_active": False}, {"username": "boss"}]
)
def test_user_update_refuses_fields_outside_allow_list(supervisor, employee, field):
    with pytest.raises(ServiceError) as exc:
        services.user_update(user=employee, by=supervisor, **field)
    assert exc.value.code == "forbidden_field"
    employee.refresh_from_db()
    assert not employee.is_superuser
    assert employee.is_active
    assert employee.username == "employee"


def test_user_update_refused_for_employee(employee, clerk):
    with pytest.raises(PermissionDenied):
        services.user_update(user=clerk, name="X", by=employee)


def test_user_set_roles(supervisor, employee, audit_log):
    services.user_set_roles(user=employee, roles=["clerk", "employee"], by=supervisor)
    employee = User.objects.get(pk=employee.pk)
    assert employee.role_codes == ["clerk", "employee"]
    assert audit_log[-1]["action"] == "org.user_roles_changed"
    assert audit_log[-1]["before"]["roles"] == ["employee"]


def test_user_set_roles_unknown_role(supervisor, employee):
    with pytest.raises(ServiceError) as exc:
        services.user_set_roles(user=employee, roles=["wizard"], by=supervisor)
    assert exc.value.code == "unknown_role"
    assert User.objects.get(pk=employee.pk).role_codes == ["employee"]


def test_supervisor_cannot_remove_own_supervisor_role(supervisor):
    with pytest.raises(ServiceError) as exc:
        services.user_set_roles(user=supervisor, roles=["clerk"], by=supervisor)
    assert exc.value.code == "lockout"
    assert User.objects.get(pk=supervisor.pk).has_role("supervisor")


def test_supervisor_may_change_own_other_roles(supervisor):
    services.user_set_roles(user=supervisor, roles=["supervisor", "leader"], by=supervisor)
    assert User.objects.get(pk=supervisor.pk).role_codes == ["leader", "supervisor"]


def test_user_set_roles_refused_for_employee(employee):
    with pytest.raises(PermissionDenied):
        services.user_set_roles(user=employee, roles=["supervisor"], by=employee)
    assert not User.objects.get(pk=employee.pk).has_role("supervisor")


def test_user_set_clearance(supervisor, clerk, levels, audit_log):
    services.user_set_clearance(user=clerk, clearance="public", by=supervisor)
    clerk.refresh_from_db()
    assert clerk.clearance == levels["public"]
    assert audit_log[-1]["before"]["clearance"] == "secret"
    assert audit_log[-1]["after"]["clearance"] == "public"


def test_user_set_clearance_unknown(supervisor, clerk):
    with pytest.raises(ServiceError):
        services.user_set_clearance(user=clerk, clearance="ultra", by=supervisor)


def test_user_set_clearance_refused_for_leader(leader, clerk):
    with pytest.raises(PermissionDenied):
        services.user_set_clearance(user=clerk, clearance="top_secret", by=leader)


def test_user_disable_revokes_tokens_and_enable(supervisor, employee, audit_log):
    token, _raw = ApiToken.issue(employee)
    services.user_disable(user=employee, by=supervisor)
    employee.refresh_from_db()
    token.refresh_from_db()
    assert not employee.is_active
    assert token.revoked_at is not None
    assert audit_log[-1]["action"] == "org.user_disabled"
    services.user_enable(user=employee, by=supervisor)
    employee.refresh_from_db()
    assert employee.is_active
    assert audit_log[-1]["action"] == "org.user_enabled"


def test_supervisor_cannot_disable_self(supervisor):
    with pytest.raises(ServiceError) as exc:
        services.user_disable(user=supervisor, by=supervisor)
    assert exc.value.code == "lockout"
    supervisor.refresh_from_db()
    assert supervisor.is_active


def test_user_disable_refused_for_clerk(clerk, employee):
    with pytest.raises(PermissionDenied):
        services.user_disable(user=employee, by=clerk)
    employee.refresh_from_db()
    assert employee.is_active


def test_user_enable_refused_for_employee(employee, clerk):
    User.objects.filter(pk=clerk.pk).update(is_active=False)
    with pytest.raises(PermissionDenied):
        services.user_enable(user=clerk, by=employee)


def test_user_reset_password(supervisor, employee, audit_log):
    token, _raw = ApiToken.issue(employee)
    password = services.user_reset_password(user=employee, by=supervisor)
    employee.refresh_from_db()
    token.refresh_from_db()
    assert employee.check_password(password)
    assert not employee.check_password("pw-12345678")
    assert token.revoked_at is not None
    assert audit_log[-1]["action"] == "org.user_password_reset"


def test_user_reset_password_refused_for_auditor(auditor, employee):
    with pytest.raises(PermissionDenied):
        services.user_reset_password(user=employee, by=auditor)
    employee.refresh_from_db()
    assert employee.check_password("pw-12345678")


def test_profile_update(employee, company, audit_log):
    services.profile_update(
        user=employee, by=employee, name="刘小明", email="xm@example.com", phone="021-1234"
    )
    employee.refresh_from_db()
    assert (employee.name, employee.email, employee.phone) == (
        "刘小明",
        "xm@example.com",
        "021-1234",
    )
    assert employee.department == company["sales_east"]
    assert audit_log[-1]["action"] == "org.profile_updated"


def test_profile_update_of_someone_else_refused(employee, clerk):
    with pytest.raises(PermissionDenied):
        services.profile_update(user=clerk, by=employee, name="X", email="", phone="")
    clerk.refresh_from_db()
    assert clerk.name == "李文员"


def test_profile_update_signature_has_no_privileged_fields(employee):
    with pytest.raises(TypeError):
        services.profile_update(
            user=employee, by=employee, name="X", email="", phone="", clearance="top_secret"
        )


def test_profile_update_invalid_email(employee):
    with pytest.raises(ServiceError) as exc:
        services.profile_update(user=employee, by=employee, name="X", email="nope", phone="")
    assert exc.value.field == "email"


def test_generated_passwords_differ():
    passwords = {services.generate_password() for _i in range(20)}
    assert len(passwords) == 20
    assert all(len(p) == 14 and p.count("-") == 2 for p in passwords)


def test_member_counts_skip_disabled_users(supervisor, employee, dept_head, company):
    def counts():
        return dict(Department.objects.with_member_counts().values_list("code", "member_count"))

    assert counts()["sales-east"] == 1
    services.user_disable(user=employee, by=supervisor)
    assert counts()["sales-east"] == 0
    assert counts()["sales"] == 1


def test_audit_chain_receives_the_change(supervisor, clerk):
    from zhongshu.audit.models import AuditEvent

    services.user_set_clearance(user=clerk, clearance="public", by=supervisor)
    event = AuditEvent.objects.get(action="org.user_clearance_changed")
    assert event.actor == supervisor
    assert event.object_id == str(clerk.pk)
    assert (event.before["clearance"], event.after["clearance"]) == ("secret", "public")


# --- one edit: contact details, roles and clearance together ----------------------------------


def test_user_update_sets_details_roles_and_clearance_at_once(supervisor, employee, audit_log):
    services.user_update(
        user=employee,
        by=supervisor,
        name="刘新",
        roles=["employee", "driver"],
        clearance="secret",
    )
    employee = User.objects.get(pk=employee.pk)
    assert (employee.name, employee.role_codes, employee.clearance.code) == (
        "刘新",
        ["driver", "employee"],
        "secret",
    )
    assert [entry["action"] for entry in audit_log] == [
        "org.user_updated",
        "org.user_roles_changed",
        "org.user_clearance_changed",
    ]


def test_user_update_records_only_what_changed(supervisor, employee, audit_log):
    services.user_update(user=employee, by=supervisor, roles=["employee"], clearance="internal")
    assert audit_log == []


def test_user_update_refused_part_changes_nothing(supervisor, company):
    with pytest.raises(ServiceError) as exc:
        services.user_update(
            user=supervisor, by=supervisor, name="改名", roles=["clerk"], clearance="public"
        )
    assert exc.value.code == "lockout"
    supervisor = User.objects.get(pk=supervisor.pk)
    assert supervisor.name == "王主管"
    assert supervisor.clearance.code == "top_secret"
    assert supervisor.has_role("supervisor")


def test_reduced_access_is_announced(supervisor, clerk):
    from zhongshu.org.signals import AccessChange, user_access_reduced

    heard = []

    def listener(sender, *, user, change, **kwargs):
        heard.append((user.pk, change))

    user_access_reduced.connect(listener)
    try:
        services.user_set_clearance(user=clerk, clearance="top_secret", by=supervisor)
        services.user_set_clearance(user=clerk, clearance="public", by=supervisor)
        services.user_reset_password(user=clerk, by=supervisor)
        services.user_disable(user=clerk, by=supervisor)
    finally:
        user_access_reduced.disconnect(listener)
    assert heard == [
        (clerk.pk, AccessChange.CLEARANCE_LOWERED),
        (clerk.pk, AccessChange.PASSWORD_RESET),
        (clerk.pk, AccessChange.DISABLED),
    ]
