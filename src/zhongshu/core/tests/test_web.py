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
