import pytest
from django.urls import reverse

from zhongshu.api.models import ApiToken
from zhongshu.org.models import Department, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


MANAGEMENT_GETS = [
    ("org:department_list", None),
    ("org:department_create", None),
    ("org:user_list", None),
    ("org:user_create", None),
]


@pytest.mark.parametrize(("name", "_args"), MANAGEMENT_GETS)
@pytest.mark.parametrize("persona", ["employee", "clerk", "leader", "auditor", "dept_head"])
def test_management_pages_forbidden_for_non_supervisors(as_user, personas, persona, name, _args):
    response = as_user(personas[persona]).get(reverse(name))
    assert response.status_code == 403


@pytest.mark.parametrize(
    "name",
    [
        "org:department_deactivate",
        "org:department_activate",
    ],
)
def test_department_actions_forbidden_for_employee(as_user, employee, company, name):
    response = as_user(employee).post(reverse(name, args=[company["branch"].pk]))
    assert response.status_code == 403
    company["branch"].refresh_from_db()
    assert company["branch"].is_active


@pytest.mark.parametrize(
    "name", ["org:user_edit", "org:user_disable", "org:user_enable", "org:user_reset_password"]
)
def test_user_actions_forbidden_for_employee(as_user, employee, clerk, name):
    response = as_user(employee).post(reverse(name, args=[clerk.pk]), {"name": "X"})
    assert response.status_code == 403
    clerk.refresh_from_db()
    assert clerk.is_active
    assert clerk.name == "李文员"
    assert clerk.check_password("pw-12345678")


def test_management_pages_redirect_anonymous(client):
    response = client.get(reverse("org:user_list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize(
    "name", ["org:department_list", "org:department_create", "org:user_list", "org:user_create"]
)
def test_management_pages_render_for_supervisor(as_user, personas, name):
    response = as_user(personas["supervisor"]).get(reverse(name))
    assert response.status_code == 200


def test_department_tree_shows_nesting_head_and_counts(as_user, personas, company):
    response = as_user(personas["supervisor"]).get(reverse("org:department_list"))
    html = response.content.decode()
    roots = response.context["roots"]
    assert [d.code for d in roots] == ["hq"]
    sales = next(d for d in roots[0].child_nodes if d.code == "sales")
    assert sales.head == personas["dept_head"]
    assert sales.member_count == 1
    assert [d.code for d in sales.child_nodes] == ["sales-east"]
    assert "陈经理" in html
    assert reverse("org:department_create") + f"?parent={sales.pk}" in html


def test_department_create_view(as_user, supervisor, company):
    client = as_user(supervisor)
    url = reverse("org:department_create") + f"?parent={company['sales'].pk}"
    assert client.get(url).context["form"].initial["parent"] == company["sales"]
    response = client.post(
        url,
        {"name": "华北销售组", "code": "sales-north", "parent": company["sales"].pk, "order": 3},
    )
    assert response.status_code == 302
    department = Department.objects.get(code="sales-north")
    assert department.parent == company["sales"]
    assert department.path.startswith(company["sales"].path)


def test_department_create_view_shows_duplicate_code_error(as_user, supervisor, company):
    response = as_user(supervisor).post(
        reverse("org:department_create"), {"name": "X", "code": "sales", "order": 0}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert Department.objects.filter(code="sales").count() == 1


def test_department_edit_view_refuses_cycle(as_user, supervisor, company):
    sales = company["sales"]
    response = as_user(supervisor).post(
        reverse("org:department_edit", args=[sales.pk]),
        {"name": "销售部", "code": "sales", "parent": company["sales_east"].pk, "order": 0},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["parent"]
    sales.refresh_from_db()
    assert sales.parent == company["root"]


def test_department_edit_view_sets_head_among_members(as_user, supervisor, employee, company):
    east = company["sales_east"]
    client = as_user(supervisor)
    form = client.get(reverse("org:department_edit", args=[east.pk])).context["form"]
    assert list(form.fields["head"].queryset) == [employee]
    response = client.post(
        reverse("org:department_edit", args=[east.pk]),
        {
            "name": "华东组",
            "code": "sales-east",
            "parent": company["sales"].pk,
            "head": employee.pk,
            "order": 1,
        },
    )
    assert response.status_code == 302
    east.refresh_from_db()
    assert (east.name, east.head) == ("华东组", employee)


def test_department_deactivate_view(as_user, supervisor, company):
    client = as_user(supervisor)
    response = client.post(reverse("org:department_deactivate", args=[company["branch"].pk]))
    assert response.status_code == 302
    company["branch"].refresh_from_db()
    assert not company["branch"].is_active
    client.post(reverse("org:department_activate", args=[company["branch"].pk]))
    company["branch"].refresh_from_db()
    assert company["branch"].is_active


def test_department_deactivate_view_reports_refusal(as_user, supervisor, employee, company):
    response = as_user(supervisor).post(
        reverse("org:department_deactivate", args=[company["sales_east"].pk]), follow=True
    )
    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])
    company["sales_east"].refresh_from_db()
    assert company["sales_east"].is_active


def test_department_actions_need_post(as_user, supervisor, company):
    response = as_user(supervisor).get(
        reverse("org:department_deactivate", args=[company["branch"].pk])
    )
    assert response.status_code == 405


def test_user_list_filters(as_user, personas, company):
    client = as_user(personas["supervisor"])
    url = reverse("org:user_list")
    names = lambda r: [u.username for u in r.context["page"].rows]  # noqa: E731
    assert "employee" in names(client.get(url))
    assert names(client.get(url, {"role": "driver"})) == ["driver"]
    assert names(client.get(url, {"department": company["sales"].pk})) == ["dept_head", "employee"]
    assert names(client.get(url, {"q": "刘员"})) == ["employee"]
    assert names(client.get(url, {"q": "outsid"})) == ["outsider"]
    User.objects.filter(username="driver").update(is_active=False)
    assert names(client.get(url, {"active": "0"})) == ["driver"]
    assert "driver" not in names(client.get(url, {"active": "1"}))


def test_user_list_paginates_without_count(as_user, supervisor, make_user, levels):
    User.objects.bulk_create(
        [
            User(username=f"bulk{n:03d}", name=f"批量{n}", clearance=levels["internal"])
            for n in range(60)
        ]
    )
    client = as_user(supervisor)
    first = client.get(reverse("org:user_list"), {"q": "bulk"})
    assert len(first.context["page"].rows) == 50
    assert first.context["page"].has_next
    second = client.get(reverse("org:user_list"), {"q": "bulk", "page": 2})
    assert len(second.context["page"].rows) == 10
    assert not second.context["page"].has_next
    assert "q=bulk&amp;page=1" in second.content.decode()


def test_user_list_query_budget(as_user, personas, django_assert_max_num_queries):
    client = as_user(personas["supervisor"])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("org:user_list"))
    assert response.status_code == 200
    labels = {u.username: u.role_labels for u in response.context["page"].rows}
    assert labels["driver"] == ["司机"]


def test_user_create_view_shows_generated_password_once(as_user, supervisor, company, levels):
    response = as_user(supervisor).post(
        reverse("org:user_create"),
        {
            "username": "newbie",
            "name": "新人",
            "email": "n@example.com",
            "phone": "",
            "department": company["admin"].pk,
            "roles": ["employee", "clerk"],
            "clearance": levels["secret"].pk,
            "password": "",
        },
    )
    assert response.status_code == 200
    password = response.context["password"]
    assert password in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    user = User.objects.get(username="newbie")
    assert user.check_password(password)
    assert user.role_codes == ["clerk", "employee"]
    assert user.clearance == levels["secret"]


def test_user_create_view_duplicate_username(as_user, supervisor, employee, company, levels):
    response = as_user(supervisor).post(
        reverse("org:user_create"),
        {
            "username": "employee",
            "name": "重名",
            "department": company["admin"].pk,
            "roles": ["employee"],
            "clearance": levels["internal"].pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert User.objects.filter(username="employee").count() == 1


def test_user_edit_view_updates_roles_and_clearance(as_user, supervisor, employee, levels, company):
    response = as_user(supervisor).post(
        reverse("org:user_edit", args=[employee.pk]),
        {
            "name": "刘员工",
            "email": "e@example.com",
            "phone": "123",
            "department": company["sales"].pk,
            "roles": ["employee", "dept_head"],
            "clearance": levels["public"].pk,
        },
    )
    assert response.status_code == 302
    employee = User.objects.get(pk=employee.pk)
    assert employee.role_codes == ["dept_head", "employee"]
    assert employee.clearance == levels["public"]
    assert employee.department == company["sales"]
    assert employee.phone == "123"


def test_user_edit_view_lockout_guard_rolls_back(as_user, supervisor, company, levels):
    response = as_user(supervisor).post(
        reverse("org:user_edit", args=[supervisor.pk]),
        {
            "name": "改名",
            "department": company["admin"].pk,
            "roles": ["clerk"],
            "clearance": levels["top_secret"].pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["roles"]
    supervisor = User.objects.get(pk=supervisor.pk)
    assert supervisor.has_role("supervisor")
    assert supervisor.name == "王主管"


def test_user_edit_view_ignores_mass_assignment(as_user, supervisor, employee, levels, company):
    as_user(supervisor).post(
        reverse("org:user_edit", args=[employee.pk]),
        {
            "name": "刘员工",
            "department": company["sales_east"].pk,
            "roles": ["employee"],
            "clearance": levels["internal"].pk,
            "is_superuser": "on",
            "username": "root",
        },
    )
    employee.refresh_from_db()
    assert not employee.is_superuser
    assert employee.username == "employee"


def test_user_edit_unknown_user_404(as_user, supervisor):
    assert as_user(supervisor).get(reverse("org:user_edit", args=[99999])).status_code == 404


def test_user_disable_enable_reset_views(as_user, supervisor, employee):
    client = as_user(supervisor)
    ApiToken.issue(employee)
    response = client.post(reverse("org:user_disable", args=[employee.pk]))
    assert response.status_code == 302
    employee.refresh_from_db()
    assert not employee.is_active
    assert not ApiToken.objects.usable().filter(user=employee).exists()
    client.post(reverse("org:user_enable", args=[employee.pk]))
    employee.refresh_from_db()
    assert employee.is_active
    response = client.post(reverse("org:user_reset_password", args=[employee.pk]))
    assert response.status_code == 200
    employee.refresh_from_db()
    assert employee.check_password(response.context["password"])


def test_user_disable_self_view_shows_error(as_user, supervisor):
    response = as_user(supervisor).post(
        reverse("org:user_disable", args=[supervisor.pk]), follow=True
    )
    assert any(m.level_tag == "error" for m in response.context["messages"])
    supervisor.refresh_from_db()
    assert supervisor.is_active


def test_user_form_renders_role_checkboxes_and_confirm_buttons(as_user, supervisor, employee):
    html = as_user(supervisor).get(reverse("org:user_edit", args=[employee.pk])).content.decode()
    assert 'type="checkbox" name="roles" value="supervisor"' in html
    assert 'name="clearance"' in html
    assert html.count("data-confirm=") == 3
    assert "style=" not in html
    assert "<script>" not in html


def test_directory_for_everyone(as_user, personas, company):
    client = as_user(personas["driver"])
    response = client.get(reverse("org:directory"))
    assert response.status_code == 200
    names = [u.username for u in response.context["page"].rows]
    assert set(names) == set(personas)
    response = client.get(reverse("org:directory"), {"department": company["sales"].pk})
    assert [u.username for u in response.context["page"].rows] == ["dept_head", "employee"]
    assert "employee@example.com" in response.content.decode()


def test_directory_hides_disabled_users(as_user, personas):
    User.objects.filter(username="clerk").update(is_active=False)
    response = as_user(personas["employee"]).get(reverse("org:directory"))
    assert "clerk" not in [u.username for u in response.context["page"].rows]


def test_profile_page(as_user, dept_head, company):
    response = as_user(dept_head).get(reverse("org:profile"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "陈经理" in html
    assert list(response.context["headed"]) == [company["sales"]]
    assert dept_head.clearance.name in html


def test_profile_edit(as_user, employee, company):
    client = as_user(employee)
    response = client.post(
        reverse("org:profile_edit"),
        {
            "name": "刘小明",
            "email": "xm@example.com",
            "phone": "021",
            "clearance": "top_secret",
            "department": company["root"].pk,
        },
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert (employee.name, employee.email, employee.phone) == ("刘小明", "xm@example.com", "021")
    assert employee.clearance.code == "internal"
    assert employee.department == company["sales_east"]


def test_profile_edit_invalid_email(as_user, employee):
    response = as_user(employee).post(
        reverse("org:profile_edit"), {"name": "刘", "email": "bad", "phone": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]


def test_department_tree_and_directory_query_budget(
    as_user, personas, company, django_assert_max_num_queries
):
    parent = company["sales_east"]
    for n in range(30):
        Department.objects.create(name=f"小组{n}", code=f"team-{n}", parent=parent)
    client = as_user(personas["supervisor"])
    with django_assert_max_num_queries(15):
        assert client.get(reverse("org:department_list")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("org:directory")).status_code == 200
