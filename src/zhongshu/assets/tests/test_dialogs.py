"""The card's actions as dialogs: fragment or page, errors in place with what was typed, the
confirmation naming the asset, and buttons only for the ledger's managers and only the moves the
status table allows."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from zhongshu.assets.models import AssetStatus, Disposal, Repair, Transfer
from zhongshu.assets.services import asset_dispose
from zhongshu.assets.services.maintenance import repair_open

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
BUTTONS = (
    "action-assign",
    "action-return",
    "action-repair",
    "action-repair-close",
    "action-transfer",
    "action-dispose",
    "edit-link",
    "label-link",
)


def web(user):
    client = Client()
    client.force_login(user)
    return client


def card(client, asset, **headers):
    response = client.get(reverse("assets:detail", args=[asset.pk]), **headers)
    assert response.status_code == 200
    return response.content.decode()


def record(client, asset):
    return card(client, asset, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="record")


def buttons(client, asset):
    page = card(client, asset)
    return {testid for testid in BUTTONS if f'data-testid="{testid}"' in page}


def assert_done(response, asset):
    assert response.status_code == 200 and response["HX-Trigger"] == "zs-dialog-done"
    assert json.loads(response["HX-Location"])["path"] == reverse("assets:detail", args=[asset.pk])


def test_assign_dialog_keeps_the_name_and_confirms(make_asset, logistics, employee):
    asset = make_asset()
    client = web(logistics)
    url = reverse("assets:assign", args=[asset.pk])
    fragment = client.get(url, **HTMX).content.decode()
    assert 'data-testid="assign-form"' in fragment and "<html" not in fragment
    assert "<html" in client.get(url).content.decode()
    bad = client.post(url, {"custodian": 987654, "note": "新员工入职"}, **HTMX).content.decode()
    assert 'value="新员工入职"' in bad and "is-invalid" in bad
    asset.refresh_from_db()
    assert asset.custodian is None
    assert_done(client.post(url, {"custodian": employee.pk}, **HTMX), asset)
    asset.refresh_from_db()
    assert asset.custodian == employee and asset.status == AssetStatus.IN_USE
    assert f"已领用给刘员工：{asset.number}" in record(client, asset)


def test_repair_open_and_close(make_asset, logistics):
    asset = make_asset()
    client = web(logistics)
    assert "action-repair" in buttons(client, asset)
    url = reverse("assets:repair_open", args=[asset.pk])
    empty = client.post(url, {"fault": "", "vendor": "联想售后"}, **HTMX).content.decode()
    assert 'value="联想售后"' in empty and "is-invalid" in empty
    assert not Repair.objects.exists()
    done = client.post(url, {"fault": "屏幕不亮", "vendor": "联想售后"})
    assert done.status_code == 302 and done["Location"] == reverse("assets:detail", args=[asset.pk])
    assert f"已送修：{asset.number}" in client.get(done["Location"]).content.decode()
    repair = Repair.objects.get()
    assert buttons(client, asset) >= {"action-repair-close"}
    assert "action-repair" not in buttons(client, asset)
    close = client.post(
        reverse("assets:repair_close", args=[repair.pk]), {"cost": "350.00"}, **HTMX
    )
    assert_done(close, asset)
    assert f"维修完成：{asset.number}，费用 350.00 元" in record(client, asset)


def test_transfer_and_dispose_confirmations(make_asset, logistics, supervisor, company):
    asset = make_asset()
    client = web(logistics)
    transfer = client.post(
        reverse("assets:transfer", args=[asset.pk]),
        {"to_department": company["sales"].pk, "reason": "人员调动"},
        **HTMX,
    )
    assert_done(transfer, asset)
    assert Transfer.objects.filter(asset=asset).exists()
    page = record(client, asset)
    assert f"已申请将 {asset.number} 调拨至销售部，待对方确认" in page
    assert "action-transfer" not in buttons(client, asset)
    url = reverse("assets:dispose", args=[asset.pk])
    refused = client.post(url, {"kind": "scrap", "reason": ""}, **HTMX).content.decode()
    assert '<option value="scrap" selected>' in refused
    done = client.post(url, {"kind": "scrap", "reason": "主板损坏"}, **HTMX)
    assert_done(done, asset)
    disposal = Disposal.objects.get()
    assert disposal.approval.number in record(client, asset)
    assert "action-dispose" not in buttons(client, asset)


def test_buttons_only_for_managers_and_allowed_moves(
    make_asset, logistics, supervisor, auditor, employee, company
):
    asset = make_asset(custodian=employee)
    assert buttons(web(logistics), asset) == set(BUTTONS) - {"action-repair-close"}
    assert buttons(web(auditor), asset) == set()
    assert buttons(web(employee), asset) == set()
    idle = make_asset(name="投影仪")
    assert "action-return" not in buttons(web(logistics), idle)
    repair_open(asset=idle, fault="灯泡坏了", by=logistics)
    assert {"action-repair-close"} <= buttons(web(logistics), idle)
    asset_dispose(asset=idle, kind="scrap", reason="报废", by=logistics)
    assert "action-dispose" not in buttons(web(supervisor), idle)


def test_card_actions_refuse_who_may_not_act(make_asset, employee, auditor, outsider):
    asset = make_asset(custodian=employee)
    assert web(auditor).get(reverse("assets:assign", args=[asset.pk]), **HTMX).status_code == 403
    assert web(employee).get(reverse("assets:dispose", args=[asset.pk])).status_code == 403
    assert web(outsider).get(reverse("assets:return", args=[asset.pk])).status_code == 403
