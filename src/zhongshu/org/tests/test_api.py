import pytest

from zhongshu.org.models import Department, User

pytestmark = pytest.mark.django_db


def test_supervisor_creates_a_department_under_a_parent(api_client_for, supervisor, company):
    response = api_client_for(supervisor).post(
        "/api/v1/org/departments/",
        {"name": "采购组", "code": "purchasing", "parent": company["admin"].pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    created = Department.objects.get(code="purchasing")
    assert created.parent == company["admin"]
    assert created.path.startswith(company["admin"].path)


def test_employee_cannot_create_departments_or_users(api_client_for, employee, company):
    client = api_client_for(employee)
    department = client.post("/api/v1/org/departments/", {"name": "X", "code": "x"}, format="json")
    user = client.post(
        "/api/v1/org/users/",
        {
            "username": "x",
            "name": "X",
            "roles": ["employee"],
            "clearance": "public",
            "department": company["sales"].pk,
        },
        format="json",
    )
    assert department.status_code == user.status_code == 403
    assert not Department.objects.filter(code="x").exists()
    assert not User.objects.filter(username="x").exists()


def test_supervisor_creates_a_user_with_roles_and_clearance(api_client_for, supervisor, company):
    response = api_client_for(supervisor).post(
        "/api/v1/org/users/",
        {
            "username": "newbie",
            "name": "新同事",
            "email": "newbie@example.com",
            "department": company["sales"].pk,
            "roles": ["employee", "driver"],
            "clearance": "internal",
            "password": "A-long-enough-pass-42",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    user = User.objects.get(username="newbie")
    assert sorted(user.role_codes) == ["driver", "employee"]
    assert user.clearance.code == "internal"
    assert user.check_password("A-long-enough-pass-42")
    assert "password" not in response.json()


def test_unknown_role_is_a_400_and_creates_nothing(api_client_for, supervisor, company):
    response = api_client_for(supervisor).post(
        "/api/v1/org/users/",
        {
            "username": "bad",
            "name": "坏",
            "department": company["sales"].pk,
            "roles": ["emperor"],
            "clearance": "internal",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert not User.objects.filter(username="bad").exists()


def test_everyone_signed_in_can_read_the_directory(api_client_for, employee, supervisor):
    body = api_client_for(employee).get("/api/v1/org/users/").json()
    usernames = {row["username"] for row in body["results"]}
    assert {"employee", "supervisor"} <= usernames


def test_me_describes_the_token_owner(api_client_for, clerk):
    body = api_client_for(clerk).get("/api/v1/me/").json()
    assert body["username"] == "clerk"
    assert body["name"] == "李文员"
    assert body["roles"] == ["clerk"]
    assert body["clearance"] == "secret"
    assert body["department"]["name"] == "行政部"


def test_clearance_levels_are_listed_in_rank_order(api_client_for, employee):
    body = api_client_for(employee).get("/api/v1/org/clearance-levels/").json()
    assert [level["code"] for level in body] == [
        "public",
        "internal",
        "secret",
        "confidential",
        "top_secret",
    ]
    assert body[2]["name"] == "普通商密"


def test_unknown_route_is_404_json(api_client_for, employee):
    response = api_client_for(employee).get("/api/v1/org/users/999999/")
    assert response.status_code == 404
    assert set(response.json()) == {"code", "detail"}


def test_supervisor_changes_roles_and_clearance_in_one_call(api_client_for, supervisor, employee):
    from zhongshu.audit.models import AuditEvent

    url = f"/api/v1/org/users/{employee.pk}/"
    response = api_client_for(supervisor).patch(
        url, {"roles": ["employee", "dept_head"], "clearance": "secret"}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["roles"], body["clearance"], body["name"]) == (
        ["dept_head", "employee"],
        "secret",
        "刘员工",
    )
    employee = User.objects.get(pk=employee.pk)
    assert employee.role_codes == ["dept_head", "employee"]
    assert employee.clearance.code == "secret"
    actions = AuditEvent.objects.filter(object_id=str(employee.pk)).values_list("action", flat=True)
    assert sorted(actions) == ["org.user_clearance_changed", "org.user_roles_changed"]


def test_non_supervisor_patch_is_403_and_changes_nothing(api_client_for, clerk, employee):
    response = api_client_for(clerk).patch(
        f"/api/v1/org/users/{employee.pk}/",
        {"roles": ["supervisor"], "clearance": "top_secret", "name": "X"},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    employee = User.objects.get(pk=employee.pk)
    assert (employee.role_codes, employee.clearance.code, employee.name) == (
        ["employee"],
        "internal",
        "刘员工",
    )


def test_patch_refusals_are_400_and_change_nothing(api_client_for, supervisor, employee):
    client = api_client_for(supervisor)
    unknown = client.patch(
        f"/api/v1/org/users/{employee.pk}/", {"roles": ["emperor"], "name": "X"}, format="json"
    )
    assert unknown.status_code == 400 and unknown.json()["code"] == "invalid"
    lockout = client.patch(
        f"/api/v1/org/users/{supervisor.pk}/", {"roles": ["clerk"], "name": "X"}, format="json"
    )
    assert lockout.status_code == 400
    assert (lockout.json()["code"], lockout.json()["field"]) == ("lockout", "roles")
    assert User.objects.get(pk=employee.pk).name == "刘员工"
    assert User.objects.get(pk=supervisor.pk).name == "王主管"


def test_lowered_clearance_ends_the_users_token(api_client_for, supervisor, clerk):
    """A lower level ends the user's tokens at once (DESIGN.md); they ask for a new one."""
    own = api_client_for(clerk)
    assert own.get("/api/v1/me/").json()["clearance"] == "secret"
    response = api_client_for(supervisor).patch(
        f"/api/v1/org/users/{clerk.pk}/", {"clearance": "public"}, format="json"
    )
    assert response.status_code == 200
    assert own.get("/api/v1/me/").status_code == 401
    assert api_client_for(clerk).get("/api/v1/me/").json()["clearance"] == "public"
