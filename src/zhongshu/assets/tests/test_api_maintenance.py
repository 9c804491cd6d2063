import datetime

import pytest

from zhongshu.assets.models import AssetStatus, InspectionTask, Repair, StocktakePlan

pytestmark = pytest.mark.django_db
BASE = "/api/v1/assets/"
TODAY = datetime.date.today()


def test_repair_api_flow(api_client_for, logistics, employee, make_asset):
    asset = make_asset()
    client = api_client_for(logistics)
    response = client.post(f"{BASE}{asset.pk}/repairs/", {"fault": ""}, format="json")
    assert response.status_code == 400 and response.json()["code"]
    response = client.post(
        f"{BASE}{asset.pk}/repairs/",
        {"fault": "不制冷", "vendor": "格力售后", "started_on": "bad"},
        format="json",
    )
    assert response.status_code == 400
    response = client.post(
        f"{BASE}{asset.pk}/repairs/", {"fault": "不制冷", "vendor": "格力售后"}, format="json"
    )
    assert response.status_code == 201 and response.json()["status"] == "open"
    repair = Repair.objects.get()
    again = client.post(f"{BASE}{asset.pk}/repairs/", {"fault": "又坏"}, format="json")
    assert again.status_code == 409
    closed = client.post(f"{BASE}repairs/{repair.pk}/close/", {"cost": "99.9"}, format="json")
    assert closed.status_code == 200 and closed.json()["cost"] == "99.90"
    assert client.get(f"{BASE}{asset.pk}/repairs/").json()[0]["status"] == "closed"
    denied = api_client_for(employee).post(f"{BASE}repairs/{repair.pk}/close/", {}, format="json")
    assert denied.status_code == 404


def test_idle_api(api_client_for, logistics, make_asset):
    make_asset()
    client = api_client_for(logistics)
    assert len(client.get(f"{BASE}idle/?days=0").json()["results"]) == 1
    assert client.get(f"{BASE}idle/?days=x").status_code == 400


def test_inspection_api_flow(api_client_for, logistics, make_asset, category):
    asset = make_asset()
    client = api_client_for(logistics)
    response = client.post(
        f"{BASE}inspection-plans/",
        {
            "name": "空调季检",
            "checklist": ["滤网清洁", "制冷正常"],
            "asset_numbers": [asset.number],
            "every": 3,
            "unit": "months",
            "next_due": TODAY.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    bad = client.post(
        f"{BASE}inspection-plans/",
        {"name": "x", "checklist": ["a"], "asset_numbers": ["ZC-1900-000001"]},
        format="json",
    )
    assert bad.status_code == 400
    from zhongshu.assets.services.inspections import inspections_generate

    inspections_generate()
    tasks = client.get(f"{BASE}inspections/").json()["results"]
    assert [task["number"] for task in tasks] == [asset.number]
    task_id = tasks[0]["id"]
    wrong = client.post(f"{BASE}inspections/{task_id}/record/", {"answers": []}, format="json")
    assert wrong.status_code == 400
    done = client.post(
        f"{BASE}inspections/{task_id}/record/",
        {"answers": {"滤网清洁": True, "制冷正常": False}, "open_repair": True},
        format="json",
    )
    assert done.status_code == 200 and done.json()["result"] == "failed"
    assert InspectionTask.objects.get().repair.asset == asset
    asset.refresh_from_db()
    assert asset.status == AssetStatus.UNDER_REPAIR
    assert client.get(f"{BASE}inspections/?done=1").json()["results"][0]["id"] == task_id


def test_snapshot_and_stocktake_plan_api(api_client_for, logistics, auditor, make_asset, company):
    make_asset()
    client = api_client_for(logistics)
    taken = client.post(f"{BASE}snapshots/", {}, format="json")
    assert taken.status_code == 201 and taken.json()["assets"] == 1
    detail = api_client_for(auditor).get(f"{BASE}snapshots/{taken.json()['id']}/")
    assert detail.status_code == 200 and detail.json()["previous"] is None
    assert api_client_for(auditor).post(f"{BASE}snapshots/", {}).status_code == 403
    created = client.post(
        f"{BASE}stocktake-plans/",
        {"title": "半年盘点", "frequency": "half_yearly", "departments": [company["admin"].pk]},
        format="json",
    )
    assert created.status_code == 201 and StocktakePlan.objects.get().scope == {
        "departments": [company["admin"].pk]
    }
    refused = client.post(
        f"{BASE}stocktake-plans/", {"title": "x", "frequency": "weekly"}, format="json"
    )
    assert refused.status_code == 400


def test_plans_stop_by_api(api_client_for, logistics, employee, make_asset, company):
    client = api_client_for(logistics)
    plan = client.post(
        f"{BASE}inspection-plans/",
        {"name": "空调季检", "checklist": ["滤网清洁"], "asset_numbers": [make_asset().number]},
        format="json",
    ).json()
    assert (
        api_client_for(employee).post(f"{BASE}inspection-plans/{plan['id']}/stop/").status_code
        == 403
    )
    stopped = client.post(f"{BASE}inspection-plans/{plan['id']}/stop/")
    assert stopped.status_code == 200 and stopped.json()["is_active"] is False
    again = client.post(f"{BASE}inspection-plans/{plan['id']}/stop/")
    assert again.status_code == 409 and again.json()["code"] == "stopped"
    scheduled = client.post(
        f"{BASE}stocktake-plans/",
        {"title": "季度盘点", "frequency": "quarterly", "departments": [company["admin"].pk]},
        format="json",
    ).json()
    assert client.post(f"{BASE}stocktake-plans/{scheduled['id']}/stop/").status_code == 200
    assert StocktakePlan.objects.get().is_active is False
    assert client.post(f"{BASE}stocktake-plans/999999/stop/").status_code == 404
