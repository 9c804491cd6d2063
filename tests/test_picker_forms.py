"""Every form that chooses a person or a department does it with org's picker fields: it renders
the picker, accepts the ids the picker sends, cleans them to what the services take, and refuses
an unknown id with an error at the field."""

import pytest
from django.urls import reverse

from zhongshu.assets import forms as assets_forms
from zhongshu.documents import forms as documents_forms
from zhongshu.documents.models import RoutingSlip
from zhongshu.documents.services import document_register
from zhongshu.meetings import forms as meetings_forms
from zhongshu.org import forms as org_forms
from zhongshu.workflow import forms as workflow_forms

pytestmark = pytest.mark.django_db

UNKNOWN = 987654


def person(w):
    return w["employee"]


def leader(w):
    return w["leader"]


def sales(w):
    return w["company"]["sales"]


# (form class, extra constructor kwargs, field, the object(s) chosen, multiple)
PICKER_FIELDS = [
    (documents_forms.ProposeForm, {}, "leader", leader, False),
    (documents_forms.ProposeForm, {}, "lead", sales, False),
    (documents_forms.ProposeForm, {}, "assisting", sales, True),
    (documents_forms.InstructForm, {}, "lead", sales, False),
    (documents_forms.InstructForm, {}, "assisting", sales, True),
    (documents_forms.CirculateForm, {}, "readers", person, True),
    (documents_forms.ScopeForm, {}, "users", person, True),
    (documents_forms.OutgoingForm, {}, "recipients", person, True),
    (documents_forms.OutgoingReviewForm, {}, "signer", leader, False),
    (meetings_forms.BookingForm, {}, "host", person, False),
    (meetings_forms.BookingForm, {}, "attendees", person, True),
    (meetings_forms.DelegateForm, {}, "delegate", person, False),
    (meetings_forms.ActionForm, {}, "owner", person, False),
    (assets_forms.RegisterForm, {}, "custodian", person, False),
    (assets_forms.RegisterForm, {}, "department", sales, False),
    (assets_forms.AssignForm, {}, "custodian", person, False),
    (assets_forms.TransferForm, {}, "to_department", sales, False),
    (assets_forms.DisposeForm, {}, "to_department", sales, False),
    (assets_forms.StocktakeForm, {}, "departments", sales, True),
    (assets_forms.StocktakeForm, {}, "counters", person, True),
    (assets_forms.InspectionPlanForm, {}, "assignee", person, False),
    (assets_forms.StocktakePlanForm, {}, "departments", sales, True),
    (workflow_forms.DelegationForm, {}, "to_user", person, False),
    (workflow_forms.ChainForm, {}, "department", sales, False),
    (workflow_forms.StepForm, {}, "users", person, True),
    (org_forms.DepartmentForm, {}, "parent", sales, False),
    (org_forms.UserCreateForm, {}, "department", sales, False),
    (org_forms.UserEditForm, {}, "department", sales, False),
    (org_forms.UserFilterForm, {}, "department", sales, False),
    (org_forms.DirectoryFilterForm, {}, "department", sales, False),
]


@pytest.fixture
def w(personas, company):
    return {**personas, "company": company}


def _id(form_class, field):
    return f"{form_class.__module__.split('.')[1]}.{form_class.__name__}.{field}"


@pytest.mark.parametrize(
    ("form_class", "kwargs", "field", "chosen", "multiple"),
    PICKER_FIELDS,
    ids=[_id(row[0], row[2]) for row in PICKER_FIELDS],
)
def test_form_takes_the_picker_and_refuses_unknown_ids(
    w, form_class, kwargs, field, chosen, multiple
):
    obj = chosen(w)
    rendered = str(form_class(**kwargs)[field])
    assert "data-picker=" in rendered, rendered
    value = [str(obj.pk)] if multiple else str(obj.pk)
    form = form_class({field: value}, **kwargs)
    form.is_valid()
    assert field not in form.errors, form.errors[field]
    cleaned = form.cleaned_data[field]
    if form_class is meetings_forms.BookingForm and field == "attendees":
        assert cleaned == [obj.pk]  # what meeting_book takes
    else:
        assert cleaned == ([obj] if multiple else obj)
    bad = form_class({field: [str(UNKNOWN)] if multiple else str(UNKNOWN)}, **kwargs)
    bad.is_valid()
    assert bad.errors[field] and field not in bad.cleaned_data


def test_booking_hands_attendee_ids_in_the_order_chosen(w):
    form = meetings_forms.BookingForm({"attendees": [w["leader"].pk, w["employee"].pk]})
    form.is_valid()
    assert form.cleaned_data["attendees"] == [w["leader"].pk, w["employee"].pk]


def test_department_head_is_chosen_among_its_members(w):
    department = w["company"]["sales"]
    form = org_forms.DepartmentForm(department=department)
    assert f'data-picker-params="department={department.pk}"' in str(form["head"])
    assert f'data-picker-params="exclude={department.pk}"' in str(form["parent"])
    refused = org_forms.DepartmentForm({"head": w["employee"].pk}, department=department)
    refused.is_valid()
    assert refused.errors["head"]


def test_circulation_of_a_classified_item_offers_only_cleared_people(w):
    secret = document_register(
        by=w["clerk"],
        subject="关于核心技术转让的绝密谈判纪要",
        issuer="集团公司总部",
        kind="minutes",
        level="secret",
        secrecy_years=5,
        doc_number="集团纪〔2026〕3号",
        urgency="normal",
    )
    form = documents_forms.CirculateForm(document=secret)
    assert 'data-picker-params="level=secret"' in str(form["readers"])
    assert 'data-picker-params="level=secret"' in str(
        documents_forms.ScopeForm(document=secret)["users"]
    )
    page = _client(w["clerk"]).get(reverse("documents:incoming_circulate", args=[secret.pk]))
    assert 'data-picker-params="level=secret"' in page.content.decode()
    # The picker only narrows the list; the service still refuses whoever is not cleared.
    response = _client(w["clerk"]).post(
        reverse("documents:incoming_circulate", args=[secret.pk]),
        {"readers": [w["employee"].pk], "mode": "parallel"},
    )
    # The form comes back with the service's refusal (a dialog answers in place).
    assert response.status_code == 200 and not secret.circulations.exists()


def test_sequential_circulation_keeps_the_order_chosen(w, make_user):
    first = make_user("reader1", "employee", department="sales", name="王读者")
    second = make_user("reader2", "employee", department="sales", name="赵读者")
    doc = document_register(
        by=w["clerk"],
        subject="关于开展消防安全检查的通知",
        issuer="市应急管理局",
        kind="notice",
        level="internal",
        doc_number="应急发〔2026〕8号",
        urgency="normal",
    )
    response = _client(w["clerk"]).post(
        reverse("documents:incoming_circulate", args=[doc.pk]),
        {"readers": [second.pk, first.pk], "mode": "sequential"},
    )
    assert response.status_code == 302
    slips = RoutingSlip.objects.filter(document=doc).order_by("position")
    assert [slip.reader for slip in slips] == [second, first]


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
