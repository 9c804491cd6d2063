"""Locations list in natural order: 3层 after 1层, 10层 after 3层, 203 after 201."""

import pytest

from zhongshu.assets.models import Location
from zhongshu.assets.services import location_create

pytestmark = pytest.mark.django_db


def test_locations_sort_naturally_as_a_tree(logistics):
    building = location_create(name="总部大楼", kind=Location.Kind.BUILDING, by=logistics)
    floors = {}
    for name in ("3层", "10层", "1层"):
        floors[name] = location_create(
            name=name, kind=Location.Kind.FLOOR, parent=building, by=logistics
        )
    for name in ("203室", "201室", "1001室"):
        location_create(name=name, parent=floors["1层"], by=logistics)
    assert [location.name for location in Location.objects.all()] == [
        "总部大楼",
        "1层",
        "201室",
        "203室",
        "1001室",
        "3层",
        "10层",
    ]
