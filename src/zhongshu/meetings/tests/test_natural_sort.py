"""Rooms list in natural order within their building: 洽谈室2 before 洽谈室10."""

import pytest

from zhongshu.meetings.models import Room
from zhongshu.meetings.tests.factories import RoomFactory

pytestmark = pytest.mark.django_db


def test_rooms_sort_naturally_by_building_then_name():
    for building, name in [
        ("2号楼", "洽谈室10"),
        ("10号楼", "101"),
        ("2号楼", "洽谈室2"),
        ("2号楼", "203"),
    ]:
        RoomFactory(building=building, name=name)
    assert [(room.building, room.name) for room in Room.objects.all()] == [
        ("2号楼", "203"),
        ("2号楼", "洽谈室2"),
        ("2号楼", "洽谈室10"),
        ("10号楼", "101"),
    ]


def test_renaming_a_room_moves_it(supervisor):
    room = RoomFactory(building="A", name="9")
    RoomFactory(building="A", name="10")
    room.name = "11"
    room.save(update_fields=["name"])
    assert [r.name for r in Room.objects.all()] == ["10", "11"]
