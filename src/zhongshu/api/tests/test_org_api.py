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
