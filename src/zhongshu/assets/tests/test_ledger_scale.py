"""The ledger page's query budget, the streamed export's cell types and the bulk import."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from zhongshu.assets.models import Asset, AssetEvent, AssetStatus
from zhongshu.assets.services import ledger_excel
from zhongshu.core.models import Sequence

from .test_api import BASE, HEADER, xlsx

pytestmark = pytest.mark.django_db


def _list_queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_ledger_page_fixed_query_budget(
    client, logistics, make_asset, category, django_assert_max_num_queries
):
    client.force_login(logistics)
    url = f"/assets/?status=idle&category={category.pk}"
    make_asset(name="首件")
    few, _html = _list_queries(client, url)
    for index in range(60):
        make_asset(name=f"批量{index}", serial_number=f"S{index}")
    many, html = _list_queries(client, url)
    assert many == few
    assert "批量59" in html and "首件" not in html and "before=" in html
    before = Asset.objects.order_by("-id")[49].pk
    with django_assert_max_num_queries(few):
        second = client.get(f"{url}&before={before}")
    assert "首件" in second.content.decode()


def test_export_keeps_types_and_text(logistics, make_asset, employee):
    asset = make_asset(name="=SUM(A1:A2)", purchase_date=datetime.date(2026, 2, 3))
    handle = ledger_excel.ledger_export(assets=Asset.objects.all(), by=logistics)
    sheet = load_workbook(handle).active
    assert [cell.value for cell in sheet[1]] == ledger_excel.headers()
    number, name, *_rest = sheet[2]
    assert number.value == asset.number
    assert name.data_type == "s" and name.value == "=SUM(A1:A2)"
    assert sheet.cell(row=2, column=6).value == datetime.datetime(2026, 2, 3)
    assert sheet.cell(row=2, column=7).value == pytest.approx(8999.0)
    assert sheet.cell(row=2, column=13).value == str(AssetStatus.IDLE.label)


def test_bulk_import_reserves_one_block_of_numbers(api_client_for, logistics, category, employee):
    client = api_client_for(logistics)
    rows = [HEADER]
    for index in range(30):
        holder = "employee" if index % 2 else ""
        rows.append(["", f"椅子{index}", "IT", "", "", "", 10, "", "", "", "", holder, "", ""])
    with CaptureQueriesContext(connection) as captured:
        response = client.post(f"{BASE}import/", {"file": xlsx(rows)}, format="multipart")
    assert response.status_code == 200 and response.json()["created"] == 30
    assert len(captured.captured_queries) < 30
    year = datetime.date.today().year
    assert Sequence.objects.get(key=f"asset:{year}").last_value == 30
    numbers = sorted(Asset.objects.values_list("number", flat=True))
    assert numbers[0] == f"ZC-{year}-000001" and numbers[-1] == f"ZC-{year}-000030"
    held = Asset.objects.filter(custodian=employee)
    assert held.count() == 15 and set(held.values_list("status", flat=True)) == {"in_use"}
    assert AssetEvent.objects.filter(kind="registered").count() == 30
    assert AssetEvent.objects.filter(kind="assigned").count() == 15
    assert Asset.objects.get(name="椅子3").price == Decimal("10.00")


def test_bulk_import_updates_and_returns(api_client_for, logistics, make_asset, employee):
    asset = make_asset(name="旧名")
    kept = make_asset(name="不变")
    client = api_client_for(logistics)
    rows = [
        HEADER,
        [asset.number, "新名", "IT", "", "", "", 8999, "", "", "", "", "employee", "", ""],
        [
            kept.number,
            "不变",
            "IT",
            "",
            "",
            "",
            8999,
            "",
            "",
            "admin",
            "总部大楼 / 101室",
            "",
            "",
            "",
        ],
    ]
    response = client.post(f"{BASE}import/", {"file": xlsx(rows)}, format="multipart")
    body = response.json()
    assert response.status_code == 200, body
    assert (body["updated"], body["unchanged"], body["created"]) == (1, 1, 0)
    asset.refresh_from_db()
    assert asset.name == "新名" and asset.custodian == employee
    assert asset.status == AssetStatus.IN_USE
    kinds = set(asset.events.values_list("kind", flat=True))
    assert {"assigned", "updated"} <= kinds
