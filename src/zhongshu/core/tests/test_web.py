import pytest
from django import forms

from zhongshu.core.errors import ServiceError
from zhongshu.core.web import put_error_on_form


class UploadForm(forms.Form):
    title = forms.CharField()
    attachment = forms.FileField(required=False)

    service_fields = {"attachments": "attachment"}


def test_a_service_error_lands_on_its_field_or_on_the_form():
    form = UploadForm({"title": "x"})
    assert form.is_valid()
    put_error_on_form(form, ServiceError("标题太长", field="title"))
    put_error_on_form(form, ServiceError("文件类型不允许", field="attachments"))
    put_error_on_form(form, ServiceError("没有审批链", field="chain"))
    assert form.errors["title"] == ["标题太长"]
    assert form.errors["attachment"] == ["文件类型不允许"]
    assert form.non_field_errors() == ["没有审批链"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "number"), [("", 1), ("abc", 1), ("0", 1), ("３", 1), ("2", 2), ("9" * 30, 1000)]
)
def test_offset_page_clamps_any_page_number(company, value, number):
    from django.test import RequestFactory

    from zhongshu.core.web import offset_page
    from zhongshu.org.models import Department

    request = RequestFactory().get("/", {"page": value, "q": "x"})
    page = offset_page(Department.objects.order_by("id"), request, size=2)
    assert page.number == number
    assert page.query == "q=x"
    start = (number - 1) * 2
    assert page.rows == list(Department.objects.order_by("id")[start : start + 2])


@pytest.mark.django_db
def test_keyset_page_walks_both_ways(company):
    from django.test import RequestFactory

    from zhongshu.core.web import keyset_page
    from zhongshu.org.models import Department

    ids = list(Department.objects.order_by("-id").values_list("id", flat=True))
    first = keyset_page(Department.objects.all(), RequestFactory().get("/"), size=2)
    assert [row.id for row in first.rows] == ids[:2] and first.newer is None
    second = keyset_page(
        Department.objects.all(), RequestFactory().get("/", {"before": first.older}), size=2
    )
    assert [row.id for row in second.rows] == ids[2:4]
    back = keyset_page(
        Department.objects.all(), RequestFactory().get("/", {"after": second.newer}), size=2
    )
    assert [row.id for row in back.rows] == ids[:2]
    huge = keyset_page(
        Department.objects.all(), RequestFactory().get("/", {"before": "9" * 30}), size=2
    )
    assert [row.id for row in huge.rows] == ids[:2]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-05-06", "2026-05-06"),
        ("0001-01-01", "1900-01-01"),
        ("9999-12-31", "2999-12-31"),
        ("2027-02-30", "today"),
        ("20260506x", "today"),
        ("", "today"),
    ],
)
def test_date_param_clamps_extreme_dates_and_ignores_impossible_ones(value, expected):
    from django.test import RequestFactory
    from django.utils import timezone

    from zhongshu.core.web import date_param

    day = date_param(RequestFactory().get("/", {"date": value}), "date")
    today = timezone.localdate().isoformat()
    assert day.isoformat() == (today if expected == "today" else expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2026", 2026), ("99999999999999999999", 2100), ("-5", 2000), ("", 2024), ("２０２６", 2024)],
)
def test_int_param_clamps_or_falls_back(value, expected):
    from django.test import RequestFactory

    from zhongshu.core.web import int_param

    request = RequestFactory().get("/", {"year": value})
    assert int_param(request, "year", 2024, lowest=2000, highest=2100) == expected
