"""The query parameters of every assets list, on the web page and in the API, with the answers
they give to good and bad values (the API's contract)."""

import datetime

import pytest
from django.utils import timezone

from zhongshu.assets.models import Asset, AssetStatus, InspectionTask
from zhongshu.assets.services import asset_assign
from zhongshu.assets.services.inspections import inspection_plan_create, inspections_generate

pytestmark = pytest.mark.django_db
BASE = "/api/v1/assets/"


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def ledger(make_asset, employee, rooms, company, logistics):
    laptop = make_asset(name="笔记本电脑", serial_number="SN-LAP")
    held = asset_assign(asset=make_asset(name="显示器"), custodian=employee, by=logistics)
    moved = make_asset(name="打印机", location=rooms[1], department=company["sales"])
    gone = make_asset(name="旧电脑")
    Asset.objects.filter(pk=gone.pk).update(status=AssetStatus.DISPOSED)
    return {"laptop": laptop, "held": held, "moved": moved, "gone": gone}


def test_api_ledger_filters(api_client_for, logistics, ledger, category, rooms, company, employee):
    client = api_client_for(logistics)
    laptop, held, moved, gone = ledger["laptop"], ledger["held"], ledger["moved"], ledger["gone"]
    assert _ids(client.get(BASE)) == {laptop.pk, held.pk, moved.pk}
    assert _ids(client.get(f"{BASE}?disposed=1")) == {laptop.pk, held.pk, moved.pk, gone.pk}
    assert _ids(client.get(f"{BASE}?status=in_use")) == {held.pk}
    assert _ids(client.get(f"{BASE}?status=nonsense")) == set()
    assert _ids(client.get(f"{BASE}?category={category.pk}&disposed=1")) == {
        laptop.pk,
        held.pk,
        moved.pk,
        gone.pk,
    }
    assert _ids(client.get(f"{BASE}?location={rooms[1].pk}")) == {moved.pk}
    assert _ids(client.get(f"{BASE}?department={company['sales'].pk}")) == {moved.pk}
    assert _ids(client.get(f"{BASE}?custodian={employee.pk}")) == {held.pk}
    assert _ids(client.get(f"{BASE}?department=999999")) == set()
    assert _ids(client.get(f"{BASE}?search=sn-lap")) == {laptop.pk}
    assert _ids(client.get(f"{BASE}?q={held.number.lower()}")) == {held.pk}
    # `search` wins over `q`, even when it is only spaces.
    assert _ids(client.get(f"{BASE}?search=打印&q=显示器")) == {moved.pk}
    assert _ids(client.get(f"{BASE}?search=%20%20&q=显示器")) == {laptop.pk, held.pk, moved.pk}


@pytest.mark.parametrize("key", ["category", "department", "location", "custodian"])
@pytest.mark.parametrize("path", ["", "export.xlsx"])
def test_api_ledger_refuses_ids_that_are_not_numbers(api_client_for, logistics, key, path):
    response = api_client_for(logistics).get(f"{BASE}{path}?{key}=abc")
    assert response.status_code == 400
    body = response.json()
    assert body == {"code": "invalid", "detail": body["detail"], "field": key}
    assert body["detail"] == "编号必须是数字。"


def test_api_ledger_names_the_first_bad_filter(api_client_for, logistics):
    response = api_client_for(logistics).get(f"{BASE}?custodian=x&category=y&location=1.5")
    assert response.json()["field"] == "category"


def test_web_ledger_filters(client, logistics, ledger, category, rooms):
    client.force_login(logistics)
    laptop, held, moved = ledger["laptop"], ledger["held"], ledger["moved"]

    def numbers(query: str) -> set[str]:
        html = client.get(f"/assets/{query}").content.decode()
        return {asset.number for asset in Asset.objects.all() if asset.number in html}

    assert numbers("") == {laptop.number, held.number, moved.number}
    assert numbers("?status=in_use") == {held.number}
    assert numbers(f"?location={rooms[1].pk}") == {moved.number}
    assert numbers(f"?category={category.pk}&search=笔记本") == {laptop.number}
    page = client.get(f"/assets/?status=in_use&location={rooms[0].pk}").content.decode()
    assert f"export.xlsx?status=in_use&amp;location={rooms[0].pk}" in page


def test_api_idle_days(api_client_for, logistics, make_asset):
    old = make_asset(name="久置")
    Asset.objects.filter(pk=old.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=120)
    )
    recent = make_asset(name="新到")
    client = api_client_for(logistics)

    def idle(query: str) -> set[int]:
        response = client.get(f"{BASE}idle/{query}")
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert idle("") == {old.pk}
    assert idle("?days=") == {old.pk}
    assert idle("?days=0") == {old.pk, recent.pk}
    assert idle("?days=200") == set()
    for bad in ("abc", "-3", "1.5"):
        response = client.get(f"{BASE}idle/?days={bad}")
        assert response.status_code == 400
        assert response.json() == {"code": "invalid", "detail": "天数必须是数字。", "field": "days"}


def test_web_idle_days(client, logistics, make_asset):
    old = make_asset(name="久置")
    Asset.objects.filter(pk=old.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=120)
    )
    recent = make_asset(name="新到")
    client.force_login(logistics)
    page = client.get("/assets/idle/").content.decode()
    assert old.number in page and recent.number not in page and 'value="90"' in page
    page = client.get("/assets/idle/?days=0").content.decode()
    assert old.number in page and recent.number in page


@pytest.fixture
def inspections(logistics, category, make_asset):
    first, second = make_asset(name="空调"), make_asset(name="投影仪")
    today = datetime.date.today()
    plans = [
        inspection_plan_create(
            name=name,
            checklist=["外观完好"],
            assignee=logistics,
            next_due=today,
            assets=[asset],
            by=logistics,
        )
        for name, asset in (("空调巡检", first), ("投影巡检", second))
    ]
    inspections_generate(today=today)
    done = InspectionTask.objects.get(plan=plans[1])
    from zhongshu.assets.services.inspections import inspection_record

    inspection_record(task=done, answers={"外观完好": True}, by=logistics)
    return {"plans": plans, "todo": InspectionTask.objects.get(plan=plans[0]), "done": done}


def test_api_inspection_filters(api_client_for, logistics, inspections):
    client = api_client_for(logistics)
    todo, done, plans = inspections["todo"], inspections["done"], inspections["plans"]

    def tasks(query: str) -> set[int]:
        response = client.get(f"{BASE}inspections/{query}")
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert tasks("") == {todo.pk}
    assert tasks("?done=1") == {done.pk}
    assert tasks("?done=yes") == {todo.pk}
    assert tasks(f"?done=1&plan={plans[0].pk}") == set()
    assert tasks(f"?plan={plans[0].pk}") == {todo.pk}
    assert tasks("?plan=abc") == {todo.pk}


def test_web_inspection_filters(client, logistics, inspections):
    client.force_login(logistics)
    todo, done, plans = inspections["todo"], inspections["done"], inspections["plans"]
    page = client.get("/assets/inspections/").content.decode()
    assert todo.asset.number in page and done.asset.number not in page
    page = client.get("/assets/inspections/?done=1").content.decode()
    assert done.asset.number in page and todo.asset.number not in page
    page = client.get(f"/assets/inspections/?plan={plans[1].pk}").content.decode()
    assert todo.asset.number not in page
    page = client.get("/assets/inspections/?plan=abc").content.decode()
    assert todo.asset.number in page and "?done=1&amp;plan=" in page


def test_web_ledger_refused_filter_shows_no_rows(client, logistics, ledger):
    client.force_login(logistics)
    page = client.get("/assets/?category=abc").content.decode()
    assert ledger["laptop"].number not in page
    page = client.get(f"/assets/?custodian={ledger['held'].custodian_id}").content.decode()
    assert ledger["held"].number in page and ledger["laptop"].number not in page


def test_web_ledger_pages_both_ways(client, logistics, make_asset):
    client.force_login(logistics)
    assets = [make_asset(name=f"批量{index}") for index in range(52)]
    page = client.get(f"/assets/?after={assets[1].pk}").content.decode()
    assert assets[-1].number in page and assets[0].number not in page
    assert f"before={assets[2].pk}" in page


def test_stocktake_status_filter(client, api_client_for, logistics, make_asset):
    from zhongshu.assets.models import Stocktake, StocktakeStatus
    from zhongshu.assets.services import stocktake_create

    asset = make_asset()
    counting = stocktake_create(title="在盘", asset_ids=[asset.pk], by=logistics)
    closed = stocktake_create(title="已结", asset_ids=[asset.pk], by=logistics)
    Stocktake.objects.filter(pk=closed.pk).update(status=StocktakeStatus.CLOSED)
    api = api_client_for(logistics)
    assert _ids(api.get(f"{BASE}stocktakes/")) == {counting.pk, closed.pk}
    assert _ids(api.get(f"{BASE}stocktakes/?status=closed")) == {closed.pk}
    response = api.get(f"{BASE}stocktakes/?status=nonsense")
    assert response.status_code == 400 and response.json()["field"] == "status"
    client.force_login(logistics)
    page = client.get("/assets/stocktakes/?status=counting").content.decode()
    assert counting.number in page and closed.number not in page


def test_transfer_status_filter(client, logistics, make_asset, company):
    from zhongshu.assets.services import asset_transfer

    transfer = asset_transfer(asset=make_asset(), to_department=company["sales"], by=logistics)
    client.force_login(logistics)
    page = client.get("/assets/transfers/?status=pending").content.decode()
    assert transfer.asset.number in page
    page = client.get("/assets/transfers/?status=accepted").content.decode()
    assert transfer.asset.number not in page
