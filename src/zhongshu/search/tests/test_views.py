import pytest
from django.urls import reverse

from zhongshu.search import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(notices_board):
    services.index_object(
        notices_board["admin"],
        title="关于召开年度工作会议的通知",
        body="请<b>各部门</b>负责人准时参加会议。",
    )
    services.index_object(
        notices_board["branch"], title="深圳分公司会议纪要", body="机密：会议讨论了裁员计划。"
    )
    return notices_board


@pytest.fixture
def employee_client(client, employee):
    client.force_login(employee)
    return client


def test_requires_login(client):
    response = client.get(reverse("search:results"), {"q": "会议"})
    assert response.status_code == 302


def test_empty_query_shows_a_hint(employee_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = employee_client.get(reverse("search:results"))
    assert response.status_code == 200
    assert 'data-testid="search-hint"' in response.content.decode()
    assert response.context["hits"] == []


def test_results_with_label_link_and_safe_highlight(
    employee_client, board, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = employee_client.get(reverse("search:results"), {"q": "会议"})
    html = response.content.decode()
    assert response.status_code == 200
    assert [hit.title for hit in response.context["hits"]] == ["关于召开年度工作会议的通知"]
    assert f'href="/board/{board["admin"].pk}/"' in html
    assert "公告" in html
    assert "&lt;b&gt;各部门&lt;/b&gt;" in html
    assert "<b>各部门</b>" not in html
    assert "<mark>会议</mark>" in html


def test_hidden_object_is_not_on_the_page(employee_client, board):
    for q in ("会议", "深圳", "裁员"):
        response = employee_client.get(reverse("search:results"), {"q": q})
        html = response.content.decode()
        assert "深圳分公司会议纪要" not in html
        assert "讨论了" not in html
        assert f"/board/{board['branch'].pk}/" not in html
        assert all("深圳" not in hit.title for hit in response.context["hits"])


def test_nothing_found_message(employee_client, board):
    response = employee_client.get(reverse("search:results"), {"q": "不存在的词语"})
    assert 'data-testid="search-empty"' in response.content.decode()


@pytest.mark.parametrize("q", ['"', "*", "(", "NEAR", "-", "会议 OR", "<script>"])
def test_fts_syntax_and_markup_in_the_query(employee_client, board, q):
    response = employee_client.get(reverse("search:results"), {"q": q})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<body", 1)[1]


def test_type_filter_and_unknown_type(employee_client, board):
    only_users = employee_client.get(reverse("search:results"), {"q": "会议", "type": "org.user"})
    assert only_users.context["hits"] == []
    unknown = employee_client.get(reverse("search:results"), {"q": "会议", "type": "x.y"})
    assert unknown.context["type_key"] == ""
    assert len(unknown.context["hits"]) == 1


def test_pages_without_counting(employee_client, notices_board):
    from zhongshu.org.models import Department

    for i in range(25):
        dept = Department.objects.create(name=f"组{i}", code=f"g{i}", parent=notices_board["root"])
        services.index_object(dept, title=f"季度总结{i}", body="季度总结")
    first = employee_client.get(reverse("search:results"), {"q": "季度总结"})
    assert len(first.context["hits"]) == 20
    assert first.context["has_next"] is True
    assert 'data-testid="search-next"' in first.content.decode()
    second = employee_client.get(reverse("search:results"), {"q": "季度总结", "page": "2"})
    assert len(second.context["hits"]) == 5
    assert second.context["has_next"] is False
    assert (
        employee_client.get(reverse("search:results"), {"q": "x", "page": "zz"}).status_code == 200
    )
