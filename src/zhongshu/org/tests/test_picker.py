"""The people and department picker: pinyin forms, the search endpoints and the form fields."""

import html
import importlib
import json
import re

import pytest
from django import forms
from django.apps import apps
from django.db import connection
from django.urls import reverse

from zhongshu.org import services
from zhongshu.org.autocomplete import LIMIT, search_people
from zhongshu.org.fields import DepartmentField, DepartmentsField, PeopleField, PersonField
from zhongshu.org.models import Department, User
from zhongshu.org.pinyin import pinyin_forms

pytestmark = pytest.mark.django_db


def people(client, **params):
    response = client.get(reverse("org:pick_people"), params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def departments(client, **params):
    response = client.get(reverse("org:pick_departments"), params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def names(results):
    return [row["text"] for row in results]


@pytest.fixture
def web(client, employee):
    client.force_login(employee)
    return client


# --- pinyin forms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "person", "forms_"),
    [
        ("张总", True, ("zhangzong", "zz")),
        ("吕布", True, ("lvbu", "lb")),
        ("曾伟", True, ("zengwei", "zw")),
        ("曾经", False, ("cengjing", "cj")),
        ("Tom Lee", True, ("tomlee", "tl")),
        ("第2事业部", False, ("di2shiyebu", "d2syb")),
        ("", True, ("", "")),
    ],
)
def test_pinyin_forms(text, person, forms_):
    assert pinyin_forms(text, person=person) == forms_


def test_pinyin_kept_on_create_save_and_every_service(supervisor, employee, company):
    assert (employee.name_pinyin, employee.name_initials) == ("liuyuangong", "lyg")
    services.profile_update(user=employee, by=employee, name="刘晓明", email="", phone="")
    employee.refresh_from_db()
    assert (employee.name_pinyin, employee.name_initials) == ("liuxiaoming", "lxm")
    services.user_update(user=employee, by=supervisor, name="曾小贤")
    employee.refresh_from_db()
    assert (employee.name_pinyin, employee.name_initials) == ("zengxiaoxian", "zxx")
    created, _password = services.user_create(
        username="newbie",
        name="马新",
        email="",
        department=None,
        clearance="internal",
        roles=["employee"],
        by=supervisor,
    )
    assert User.objects.get(pk=created.pk).name_pinyin == "maxin"
    services.department_update(department=company["sales"], by=supervisor, name="市场部")
    assert Department.objects.get(pk=company["sales"].pk).name_initials == "scb"
    assert Department.objects.get(code="sales-east").name_pinyin == "huadongxiaoshouzu"


def test_bulk_created_rows_get_their_pinyin(company):
    User.objects.bulk_create([User(username="bulk1", name="黄磊")])
    Department.objects.bulk_create([Department(name="技术部", code="tech")])
    assert User.objects.get(username="bulk1").name_initials == "hl"
    assert Department.objects.get(code="tech").name_pinyin == "jishubu"


def test_migration_fills_existing_rows(employee, company):
    User.objects.update(name_pinyin="", name_initials="")
    Department.objects.update(name_pinyin="", name_initials="")
    migration = importlib.import_module("zhongshu.org.migrations.0004_pinyin_names_for_picker")
    migration.fill_pinyin(apps, None)
    assert User.objects.get(pk=employee.pk).name_initials == "lyg"
    assert Department.objects.get(pk=company["sales"].pk).name_pinyin == "xiaoshoubu"


# --- the people endpoint --------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["张", "张总", "总", "lead", "LEADER", "zhang", "zhangzong", "zhangz", "zz", "ZZ"]
)
def test_people_found_by_name_username_pinyin_and_initials(web, leader, employee, typed):
    assert "张总" in names(people(web, q=typed))


def test_people_options_show_department_and_roles(web, leader):
    [option] = people(web, q="zhangzong")
    assert option == {
        "value": leader.pk,
        "text": "张总",
        "username": "leader",
        "dept": "中枢科技",
        "roles": "领导",
    }


def test_unmatched_query_lists_nobody(web, leader):
    assert people(web, q="qqq") == []
    assert people(web, q="!!!") == []


def test_disabled_people_are_never_listed(client, supervisor, employee, leader):
    services.user_disable(user=leader, by=supervisor)
    client.force_login(supervisor)
    # The supervisor sees disabled accounts in the user list, never in the picker.
    assert "张总" not in names(people(client, q="zhang"))
    assert "张总" not in names(people(client))


def test_anonymous_and_disabled_users_get_nothing(client, supervisor, employee, leader):
    anonymous = client.get(reverse("org:pick_people"), {"q": "zhang"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert client.get(reverse("org:pick_departments")).status_code == 302
    client.force_login(employee)
    services.user_disable(user=employee, by=supervisor)
    assert client.get(reverse("org:pick_people"), {"q": "zhang"}).status_code == 302
    assert not search_people(User.objects.get(pk=employee.pk), "zhang").exists()


def test_results_are_bounded(web, make_user):
    for n in range(LIMIT + 5):
        make_user(f"wang{n:02d}", "employee", name=f"王{n:02d}")
    assert len(people(web, q="wang")) == LIMIT
    assert len(people(web)) == LIMIT


def test_level_filter_lists_only_people_cleared(web, clerk, leader, employee, driver):
    cleared = names(people(web, level="secret"))
    assert "李文员" in cleared and "张总" in cleared
    assert "刘员工" not in cleared and "孙司机" not in cleared


def test_role_and_department_filters(web, company, leader, dept_head, employee):
    assert names(people(web, role="leader")) == ["张总"]
    assert names(people(web, department=company["sales"].pk)) == ["陈经理"]


@pytest.mark.parametrize(
    "params", [{"level": "nope"}, {"role": "pope"}, {"department": "x"}, {"department": "9" * 30}]
)
def test_bad_filters_are_refused_with_400(web, params):
    response = web.get(reverse("org:pick_people"), params)
    assert response.status_code == 400
    assert set(response.json()) == {"code", "detail"}


def test_latin_queries_use_the_indexes(employee):
    if connection.vendor != "sqlite":
        pytest.skip("the plan is checked on SQLite")
    plan = search_people(employee, "zh").explain()
    assert "org_user_pinyin_idx" in plan and "org_user_initials_idx" in plan, plan
    assert "SCAN org_user" not in plan, plan


# --- the department endpoint ----------------------------------------------------------------


@pytest.mark.parametrize("typed", ["销售", "华东", "xiaoshou", "xsb", "hdxsz", "sales"])
def test_departments_found_by_name_pinyin_initials_and_code(web, company, typed):
    found = departments(web, q=typed)
    assert {"销售部", "华东销售组"} & set(names(found))


def test_departments_match_inside_the_pinyin(web, company):
    assert names(departments(web, q="xs")) == ["销售部", "华东销售组"]
    assert names(departments(web, q="fen")) == ["深圳分公司"]


def test_department_options_show_the_departments_above(web, company):
    [option] = departments(web, q="hdxsz")
    assert option == {
        "value": company["sales_east"].pk,
        "text": "华东销售组",
        "path": "中枢科技 / 销售部",
    }


def test_departments_exclude_a_subtree_and_closed_ones(web, supervisor, company):
    services.department_deactivate(department=company["branch"], by=supervisor)
    listed = names(departments(web, exclude=company["sales"].pk))
    assert "销售部" not in listed and "华东销售组" not in listed
    assert "深圳分公司" not in listed and "行政部" in listed


# --- the form fields ------------------------------------------------------------------------


class PickForm(forms.Form):
    readers = PeopleField(ordered=True)
    leader = PersonField(role="leader", required=False)
    lead = DepartmentField(required=False)
    assisting = DepartmentsField(required=False)


def test_people_field_keeps_the_order_chosen(clerk, employee, leader):
    form = PickForm({"readers": [employee.pk, clerk.pk, employee.pk]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["readers"] == [employee, clerk]
    form = PickForm({"readers": [clerk.pk, employee.pk]})
    assert form.is_valid() and form.cleaned_data["readers"] == [clerk, employee]


def test_fields_clean_to_objects(company, employee, leader):
    form = PickForm(
        {
            "readers": [employee.pk],
            "leader": leader.pk,
            "lead": company["sales"].pk,
            "assisting": [company["branch"].pk, company["admin"].pk],
        }
    )
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["leader"] == leader and data["lead"] == company["sales"]
    assert data["assisting"] == [company["branch"], company["admin"]]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("readers", ["987654"], "请从列表中选择人员。"),
        ("readers", ["abc"], "请从列表中选择人员。"),
        ("leader", "987654", "请从列表中选择一个人。"),
        ("lead", "987654", "请从列表中选择一个部门。"),
        ("assisting", ["987654"], "请从列表中选择部门。"),
    ],
)
def test_unknown_ids_are_field_errors(employee, field, value, message):
    data = {"readers": [employee.pk], field: value}
    form = PickForm(data)
    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_disabled_and_filtered_out_people_are_refused(supervisor, employee, leader):
    assert not PickForm({"readers": [employee.pk], "leader": employee.pk}).is_valid()
    services.user_disable(user=employee, by=supervisor)
    assert "readers" in PickForm({"readers": [employee.pk]}).errors


def test_widget_holds_only_the_chosen_in_order_with_their_data(company, clerk, employee):
    form = PickForm(initial={"readers": [employee, clerk], "lead": company["sales_east"]})
    readers = str(form["readers"])
    assert 'data-picker="/org/pick/people/"' in readers and "data-picker-ordered" in readers
    assert 'name="readers"' in readers and "multiple" in readers
    assert readers.index("刘员工") < readers.index("李文员")
    assert readers.count("<option") == 2
    lead = str(form["lead"])
    assert 'data-picker="/org/pick/departments/"' in lead
    assert '<option value="">' in lead  # so that an optional picker can be left empty
    data = json.loads(html.unescape(re.search(r'data-data="([^"]*)"', lead)[1]))
    assert data == {
        "value": company["sales_east"].pk,
        "text": "华东销售组",
        "path": "中枢科技 / 销售部",
    }
    assert 'data-picker-params="role=leader"' in str(form["leader"])


def test_narrowing_one_form_leaves_the_others_alone(employee):
    first, second = PickForm(), PickForm()
    first.fields["readers"].narrow(level="secret")
    assert 'data-picker-params="level=secret"' in str(first["readers"])
    assert "data-picker-params" not in str(second["readers"])


def test_rendering_a_picker_does_not_load_every_row(employee, django_assert_max_num_queries):
    form = PickForm()
    with django_assert_max_num_queries(0):
        str(form["readers"]), str(form["leader"]), str(form["lead"])


def test_a_refused_form_shows_the_people_chosen_in_order(clerk, employee):
    form = PickForm({"readers": [employee.pk, clerk.pk], "lead": "987654"})
    assert not form.is_valid()
    readers = str(form["readers"])
    assert readers.index("刘员工") < readers.index("李文员")
    assert "987654" not in str(form["lead"])


def test_an_empty_value_is_no_choice(employee):
    field = PickForm.base_fields["assisting"]
    assert field.clean([""]) == []
    assert not field.has_changed([], [""])
