import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from zhongshu.org.models import Department, User
from zhongshu.search import services
from zhongshu.search.models import SearchEntry

pytestmark = pytest.mark.django_db

FTS_SYNTAX = [
    '"',
    '""',
    "*",
    "(",
    ")",
    "NEAR",
    "NEAR(会议 通知)",
    "-",
    "-会议",
    "会议 OR 通知",
    "会议 AND NOT 通知",
    "title:会议",
    "^会议",
    "会议*",
    "'; DROP TABLE search_searchentry; --",
    "%_\\",
    "{title_terms}: x",
    "a" * 500,
]


@pytest.fixture
def board(notices_board):
    """Index a few departments with document-like text; "sz" is hidden from everyone."""
    company = notices_board
    services.index_object(
        company["admin"], title="关于召开年度工作会议的通知", body="请各部门负责人准时参加。"
    )
    services.index_object(
        company["sales"],
        title="Annual budget review",
        body="The budget for 2026 is attached. Room near the station.",
        keywords=["ZC-2026-000123"],
    )
    services.index_object(
        company["sales_east"], title="办公用品领用登记", body="本季度会议室预订规则见附件。"
    )
    services.index_object(
        company["branch"], title="深圳分公司年度工作会议纪要", body="机密：会议讨论了裁员计划。"
    )
    return company


def titles(hits):
    return [hit.title for hit in hits]


def test_chinese_two_character_word(board, employee):
    hits = services.search(employee, "会议", types=["org.department"])
    assert set(titles(hits)) == {"关于召开年度工作会议的通知", "办公用品领用登记"}
    assert services.search(employee, "年度会议", types=["org.department"])[0].title == (
        "关于召开年度工作会议的通知"
    )
    assert titles(services.search(employee, "领用")) == ["办公用品领用登记"]


def test_title_match_outranks_body_match(board, employee):
    hits = services.search(employee, "会议", types=["org.department"])
    assert titles(hits) == ["关于召开年度工作会议的通知", "办公用品领用登记"]
    assert hits[0].score > hits[1].score


def test_english_words_any_case(board, employee):
    assert titles(services.search(employee, "budget")) == ["Annual budget review"]
    assert titles(services.search(employee, "BUDGET Review")) == ["Annual budget review"]
    assert services.search(employee, "budgets") == []


def test_numbers_and_document_numbers(board, employee):
    assert titles(services.search(employee, "2026")) == ["Annual budget review"]
    assert titles(services.search(employee, "ZC-2026-000123")) == ["Annual budget review"]
    assert titles(services.search(employee, "zc 000123")) == ["Annual budget review"]
    assert services.search(employee, "000124") == []


def test_all_words_must_match(board, employee):
    assert services.search(employee, "会议 budget") == []


def test_hidden_object_never_appears(board, employee, supervisor):
    for user in (employee, supervisor):
        for q in ("深圳", "会议", "纪要", "裁员", "机密 会议", "sz"):
            for hit in services.search(user, q):
                assert "深圳" not in hit.title
                assert "裁员" not in hit.snippet
                assert hit.url != f"/board/{board['branch'].pk}/"
    # the entry exists: only visibility keeps it out
    assert SearchEntry.objects.filter(title__startswith="深圳分公司").exists()
    assert services.search(employee, "裁员") == []


def test_hidden_object_does_not_shift_pages(board, employee):
    """Filtering happens before LIMIT, so a hidden hit never costs a visible one its place."""
    hits = services.search(employee, "会议", limit=2)
    assert titles(hits) == ["关于召开年度工作会议的通知", "办公用品领用登记"]
    assert services.search(employee, "会议", limit=2, offset=2) == []


def test_visibility_follows_the_user_queryset(make_user, employee, supervisor):
    gone = make_user("zhaoliu", "employee", name="赵六", is_active=False)
    assert titles(services.search(supervisor, "赵六")) == ["赵六"]  # managers see inactive users
    assert services.search(employee, "赵六") == []
    assert gone.pk


@pytest.mark.parametrize("q", FTS_SYNTAX)
def test_fts_syntax_in_the_query_never_raises(board, employee, q):
    hits = services.search(employee, q)
    assert isinstance(hits, list)


def test_fts_operator_words_are_plain_words(board, employee):
    assert titles(services.search(employee, "NEAR")) == ["Annual budget review"]
    assert titles(services.search(employee, '"near" station')) == ["Annual budget review"]


def test_empty_or_punctuation_query_returns_nothing_without_queries(
    board, employee, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert services.search(employee, "") == []
        assert services.search(employee, "  ，。！？ ") == []


def test_anonymous_and_inactive_users_get_nothing(board, make_user):
    from django.contrib.auth.models import AnonymousUser

    inactive = make_user("ghost", "employee", is_active=False)
    assert services.search(AnonymousUser(), "会议") == []
    assert services.search(inactive, "会议") == []


def test_query_count_is_independent_of_hits(board, employee, django_assert_max_num_queries):
    services.search(employee, "会议")  # warm the content-type cache
    with django_assert_max_num_queries(3):  # the ranked query + one re-read per type shown
        hits = services.search(employee, "会议 OR 部门")
    assert hits == []
    with django_assert_max_num_queries(3):
        assert len(services.search(employee, "部门编码")) == 0


def test_limit_offset_and_caps(notices_board, employee):
    for i in range(30):
        dept = Department.objects.create(
            name=f"项目组{i}", code=f"p{i}", parent=notices_board["root"]
        )
        services.index_object(dept, title=f"项目组{i}", body="季度总结")
    first = services.search(employee, "季度总结", limit=10)
    rest = services.search(employee, "季度总结", limit=100, offset=10)
    assert len(first) == 10
    assert len(rest) == 20
    assert not set(titles(first)) & set(titles(rest))
    assert len(services.search(employee, "季度总结", limit=1000)) == 30
    assert services.search(employee, "季度总结", offset=services.MAX_OFFSET + 1) == []


def test_types_filter(board, employee):
    assert titles(services.search(employee, "华东销售组", types=["org.user"])) == ["刘员工"]
    assert services.search(employee, "华东销售组", types=["org.department"]) == []
    assert services.search(employee, "会议", types=["org.user"]) == []
    with pytest.raises(LookupError):
        services.search(employee, "会议", types=["documents.nope"])


def test_hit_fields(board, employee):
    [hit] = services.search(employee, "领用")
    assert hit.type == "org.department"
    assert hit.type_label == "公告"
    assert hit.url == f"/board/{board['sales_east'].pk}/"
    assert hit.snippet == "本季度会议室预订规则见附件。"
    assert str(hit.snippet_html) == "本季度会议室预订规则见附件。"
    [hit] = services.search(employee, "会议室")
    assert "<mark>会议室</mark>" in str(hit.snippet_html)


def test_registered_title_callable_wins(board, employee):
    from zhongshu.search.registry import for_model, register_searchable

    spec = for_model(Department)
    register_searchable(
        Department,
        visible_to=spec.visible_to,
        url=spec.url,
        label=spec.label,
        title=lambda dept: f"[{dept.code}] {dept.name}",
    )
    [hit] = services.search(employee, "领用")
    assert hit.title == "[sales-east] 华东销售组"


def test_reindexing_replaces_and_remove_deletes(board, employee):
    services.index_object(board["admin"], title="新的标题", body="完全不同的内容")
    assert services.search(employee, "年度工作会议") == []
    assert titles(services.search(employee, "完全 不同")) == ["新的标题"]
    assert SearchEntry.objects.filter(object_id=str(board["admin"].pk)).count() == 1
    services.remove_object(board["admin"])
    assert services.search(employee, "新的标题") == []
    services.remove_object(board["admin"])  # removing again is fine


def test_rolled_back_index_write_leaves_no_trace(notices_board, employee):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.index_object(notices_board["admin"], title="回滚测试")
        raise RuntimeError
    assert services.search(employee, "回滚测试") == []


def test_index_object_refuses_unregistered_models(company, levels):
    with pytest.raises(LookupError):
        services.index_object(levels["internal"], title="x")
    assert not SearchEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(levels["internal"])
    ).exists()


def test_update_object_uses_the_document_and_none_removes(notices_board, employee):
    services.update_object(notices_board["sales"])
    assert titles(services.search(employee, "sales")) == ["销售部"]
    from zhongshu.search.registry import for_model, register_searchable

    spec = for_model(Department)
    register_searchable(
        Department,
        visible_to=spec.visible_to,
        url=spec.url,
        label=spec.label,
        document=lambda dept: None,
    )
    services.update_object(notices_board["sales"])
    assert services.search(employee, "sales") == []


# --- the staff directory ------------------------------------------------------------------


def test_users_are_indexed_on_save(make_user, employee):
    colleague = make_user(
        "wangwu", "employee", name="王五", phone="13912345678", department="sales"
    )
    [hit] = services.search(employee, "王五")
    assert (hit.type, hit.title) == ("org.user", "王五")
    assert hit.url == "/org/directory/?q=wangwu"
    assert titles(services.search(employee, "13912345678")) == ["王五"]
    assert titles(services.search(employee, "wangwu")) == ["王五"]
    assert "王五" in titles(services.search(employee, "销售部"))
    colleague.name = "王五六"
    colleague.save()
    assert titles(services.search(employee, "wangwu")) == ["王五六"]


def test_login_does_not_rewrite_the_entry(make_user):
    user = make_user("lisi", "employee", name="李四")
    entry = SearchEntry.objects.get(object_id=str(user.pk), title="李四")
    SearchEntry.objects.filter(pk=entry.pk).update(title="stale")
    user.last_login = "2026-01-01T00:00:00Z"
    user.save(update_fields=["last_login"])
    assert SearchEntry.objects.get(pk=entry.pk).title == "stale"


def test_deleted_user_leaves_the_index(make_user, supervisor):
    user = make_user("zhangsan", "employee", name="张三")
    user.delete()
    assert services.search(supervisor, "张三") == []
    assert not SearchEntry.objects.filter(title="张三").exists()


def test_department_rename_reindexes_members(company, employee):
    department = company["sales_east"]
    department.name = "华南大区"
    department.save()
    assert "刘员工" in titles(services.search(employee, "华南大区"))


def test_user_document_contents(make_user):
    from zhongshu.search.apps import user_document

    user = make_user("qianqi", "employee", name="钱七", phone="010-8888", department="sales")
    assert user_document(user) == ("钱七", "钱七 qianqi 销售部 010-8888", ["qianqi", "010-8888"])
    assert User.objects.get(pk=user.pk)
