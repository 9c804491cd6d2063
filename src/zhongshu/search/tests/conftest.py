import pytest

from zhongshu.org.models import Department
from zhongshu.search.registry import register_searchable, unregister_searchable


@pytest.fixture
def notices_board(company):
    """Departments made searchable as if they were documents, with a visibility rule that hides
    the Shenzhen branch ("sz") from everybody. Returns the departments by code."""
    register_searchable(
        Department,
        visible_to=lambda user: Department.objects.exclude(code="sz"),
        url=lambda dept: f"/board/{dept.pk}/",
        label="公告",
        document=lambda dept: (dept.name, f"{dept.name} 部门编码 {dept.code}", [dept.code]),
    )
    yield company
    unregister_searchable(Department)
