import pytest

from zhongshu.search import services

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/"


@pytest.fixture
def board(notices_board):
    services.index_object(notices_board["admin"], title="年度工作会议", body="<i>请</i>参加会议")
    services.index_object(notices_board["branch"], title="分公司会议纪要", body="机密")
    return notices_board


def test_results_fields_and_visibility(api_client_for, employee, board):
    response = api_client_for(employee).get(URL, {"q": "会议"})
    assert response.status_code == 200
    body = response.json()
    assert body["next_offset"] is None
    [hit] = body["results"]
    assert set(hit) == {"type", "type_label", "title", "url", "snippet", "snippet_html", "score"}
    assert (hit["type"], hit["type_label"], hit["title"]) == (
        "org.department",
        "公告",
        "年度工作会议",
    )
    assert hit["url"] == f"/board/{board['admin'].pk}/"
    assert hit["snippet"] == "<i>请</i>参加会议"
    assert hit["snippet_html"] == "&lt;i&gt;请&lt;/i&gt;参加<mark>会议</mark>"
    assert "分公司" not in response.content.decode()


def test_limit_and_next_offset(api_client_for, employee, notices_board):
    from zhongshu.org.models import Department

    for i in range(5):
        dept = Department.objects.create(name=f"组{i}", code=f"g{i}", parent=notices_board["root"])
        services.index_object(dept, title=f"总结{i}", body="季度总结")
    client = api_client_for(employee)
    first = client.get(URL, {"q": "季度总结", "limit": 3}).json()
    assert (len(first["results"]), first["next_offset"]) == (3, 3)
    second = client.get(URL, {"q": "季度总结", "limit": 3, "offset": 3}).json()
    assert (len(second["results"]), second["next_offset"]) == (2, None)


def test_type_filter(api_client_for, employee, board):
    response = api_client_for(employee).get(URL, {"q": "刘员工", "type": "org.user"})
    assert [hit["title"] for hit in response.json()["results"]] == ["刘员工"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": "  "}, "q"),
        ({"q": "会议", "type": "nope.nope"}, "type"),
        ({"q": "会议", "limit": 0}, "limit"),
    ],
)
def test_bad_queries_are_400(api_client_for, employee, params, field):
    response = api_client_for(employee).get(URL, params)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert field in response.json()["errors"]


def test_punctuation_only_query_is_400(api_client_for, employee):
    response = api_client_for(employee).get(URL, {"q": '" * ('})
    assert response.status_code == 400
    assert response.json() == {
        "code": "empty_query",
        "detail": "请输入要搜索的词语或数字。",
        "field": "q",
    }


@pytest.mark.parametrize("q", ['"会议', "会议*", "(会议", "NEAR 会议", "-会议", "会议 OR x"])
def test_fts_syntax_is_harmless(api_client_for, employee, board, q):
    response = api_client_for(employee).get(URL, {"q": q})
    assert response.status_code == 200


def test_anonymous_is_refused(api_client_for):
    assert api_client_for(None).get(URL, {"q": "x"}).status_code in (401, 403)
