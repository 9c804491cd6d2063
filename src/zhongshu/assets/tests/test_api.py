import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from zhongshu.assets.models import Asset, AssetStatus
from zhongshu.core.excel import set_safe_value

pytestmark = pytest.mark.django_db
BASE = "/api/v1/assets/"


def xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            set_safe_value(sheet.cell(row=row_number, column=column), value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("ledger.xlsx", buffer.getvalue())


HEADER = [
    "编号",
    "名称",
    "类别",
    "型号",
    "序列号",
    "购置日期",
    "原值",
    "供应商",
    "保修",
    "部门",
    "地点",
    "使用人",
    "状态",
    "备注",
]


def test_register_list_and_detail(api_client_for, logistics, employee, category, rooms):
    client = api_client_for(logistics)
    response = client.post(
        BASE,
        {
            "name": "笔记本电脑",
            "category": category.pk,
            "location": rooms[0].pk,
            "model": "X1",
            "serial_number": "S1",
            "purchase_date": "2026-01-02",
            "price": "8999.50",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["number"].startswith("ZC-")
    pk = response.json()["id"]
    assert client.get(f"{BASE}?search=笔记本").json()["results"][0]["id"] == pk
    assert client.get(f"{BASE}?status=in_use").json()["results"] == []
    response = client.post(f"{BASE}{pk}/assign/", {"custodian": employee.pk}, format="json")
    assert response.json()["status"] == "in_use"
    detail = api_client_for(employee).get(f"{BASE}{pk}/").json()
    assert [e["kind"] for e in detail["events"]] == ["assigned", "registered"]
    assert api_client_for(employee).post(f"{BASE}{pk}/return/").status_code == 403


def test_outsider_gets_404(api_client_for, make_asset, outsider):
    asset = make_asset()
    assert api_client_for(outsider).get(f"{BASE}{asset.pk}/").status_code == 404


def test_import_bad_row_imports_nothing(api_client_for, logistics, category):
    rows = [
        HEADER,
        ["", "椅子", "IT", "", "", "2026-01-01", 100, "", "", "", "", "", "", ""],
        ["", "桌子", "NOPE", "", "", "not a date", -5, "", "", "", "", "", "", ""],
    ]
    response = api_client_for(logistics).post(
        f"{BASE}import/", {"file": xlsx(rows)}, format="multipart"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "bad_rows" and body["errors"][0]["row"] == 3
    assert len(body["errors"][0]["errors"]) == 3
    assert Asset.objects.count() == 0


def test_import_not_excel(api_client_for, logistics):
    upload = SimpleUploadedFile("ledger.xlsx", b"hello,world")
    response = api_client_for(logistics).post(
        f"{BASE}import/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 400 and response.json()["code"] == "not_excel"


def test_import_dry_run_then_round_trip(api_client_for, logistics, category, employee):
    client = api_client_for(logistics)
    rows = [
        HEADER,
        [
            "",
            "=cmd|' /C calc'!A0",
            "IT",
            "M",
            "S",
            "2026-01-01",
            100,
            "",
            "",
            "",
            "",
            "employee",
            "",
            "",
        ],
    ]
    response = client.post(f"{BASE}import/?dry_run=1", {"file": xlsx(rows)}, format="multipart")
    assert response.status_code == 200 and response.json()["create"] == 1
    assert Asset.objects.count() == 0
    response = client.post(f"{BASE}import/", {"file": xlsx(rows)}, format="multipart")
    assert response.json()["created"] == 1
    asset = Asset.objects.get()
    assert asset.custodian == employee and asset.status == AssetStatus.IN_USE
    export = client.get(f"{BASE}export.xlsx")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][0] == asset.number
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s" and cell.value.startswith("=cmd")
    edited = [list(values[0]), list(values[1])]
    edited[1][1] = "改名的电脑"
    response = client.post(f"{BASE}import/", {"file": xlsx(edited)}, format="multipart")
    assert response.json()["updated"] == 1
    asset.refresh_from_db()
    assert asset.name == "改名的电脑" and Asset.objects.count() == 1
    template = client.get(f"{BASE}import/template.xlsx")
    assert template.status_code == 200


def test_labels_pdf_has_chinese(api_client_for, logistics, make_asset, tmp_path, employee):
    asset = make_asset(name="激光打印机")
    response = api_client_for(logistics).get(f"{BASE}labels.pdf?ids={asset.pk}&layout=medium")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "labels.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert asset.number in text and "激光打印机" in text
    assert api_client_for(employee).get(f"{BASE}labels.pdf?ids={asset.pk}").status_code == 403


def test_stocktake_api_flow(api_client_for, logistics, supervisor, make_asset, rooms):
    a, b, c = make_asset(name="A"), make_asset(name="B"), make_asset(name="C")
    client = api_client_for(logistics)
    response = client.post(
        f"{BASE}stocktakes/",
        {"title": "一季度盘点", "asset_ids": [a.pk, b.pk, c.pk]},
        format="json",
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    for asset in (a, b):
        response = client.post(
            f"{BASE}stocktakes/{pk}/scans/", {"code": asset.number}, format="json"
        )
        assert response.status_code == 201 and response.json()["duplicate"] is False
    response = client.post(f"{BASE}stocktakes/{pk}/scans/", {"code": "nope"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "unknown_code"
    upload = SimpleUploadedFile("scans.txt", f"{a.number}\nZC-2000-000001\n".encode())
    response = client.post(f"{BASE}stocktakes/{pk}/scans/", {"file": upload}, format="multipart")
    assert response.status_code == 400 and response.json()["errors"][0]["row"] == 2
    response = client.post(f"{BASE}stocktakes/{pk}/reconcile/")
    body = response.json()
    assert {
        k: body[k] for k in ("matched", "surplus", "deficit", "wrong_location", "wrong_custodian")
    } == {"matched": 2, "surplus": 0, "deficit": 1, "wrong_location": 0, "wrong_custodian": 0}
    deficit = next(row for row in body["rows"] if row["result"] == "deficit")
    assert deficit["number"] == c.number
    response = client.post(
        f"{BASE}stocktakes/{pk}/reasons/",
        {"line": deficit["line"], "reason": "借出未还"},
        format="json",
    )
    assert response.status_code == 200
    response = client.post(f"{BASE}stocktakes/{pk}/adjust/")
    assert response.json()["status"] == "pending_approval"
    report = client.get(f"{BASE}stocktakes/{pk}/report.xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(report.streaming_content)))
    assert workbook.worksheets[1].max_row == 4
    response = client.post(f"{BASE}stocktakes/{pk}/scans/", {"code": a.number}, format="json")
    assert response.status_code == 409


def test_transfer_disposed_asset_refused(api_client_for, logistics, make_asset, company):
    asset = make_asset()
    Asset.objects.filter(pk=asset.pk).update(status=AssetStatus.DISPOSED)
    response = api_client_for(logistics).post(
        f"{BASE}{asset.pk}/transfer/", {"to_department": company["sales"].pk}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "asset_disposed"
