import pytest


@pytest.fixture
def category(db):
    from zhongshu.assets.models import Category

    return Category.objects.create(name="电子设备", code="IT", useful_life_months=36)


@pytest.fixture
def rooms(logistics):
    from zhongshu.assets.services import location_create

    building = location_create(name="总部大楼", kind="building", by=logistics)
    return [location_create(name=f"10{i}室", parent=building, by=logistics) for i in (1, 2)]


@pytest.fixture
def make_asset(logistics, category, rooms, company):
    from zhongshu.assets.services import asset_register

    def make(name="笔记本电脑", **extra):
        values = {
            "category": category,
            "location": rooms[0],
            "department": company["admin"],
            "price": "8999.00",
        }
        values.update(extra)
        return asset_register(name=name, by=logistics, **values)

    return make
