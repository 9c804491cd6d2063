import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from zhongshu.org.models import User
from zhongshu.search import services
from zhongshu.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def user_entries():
    return SearchEntry.objects.filter(content_type=ContentType.objects.get_for_model(User))


def test_reindex_rebuilds_every_registered_type(personas, notices_board):
    SearchEntry.objects.all().delete()
    stale = SearchEntry.objects.create(
        content_type=ContentType.objects.get_for_model(User), object_id="999999", title="已删除"
    )
    out = io.StringIO()
    call_command("search", "reindex", stdout=out)
    assert f"org.user: {len(personas)} indexed" in out.getvalue()
    assert "org.department: 5 indexed" in out.getvalue()
    assert user_entries().count() == len(personas)
    assert not SearchEntry.objects.filter(pk=stale.pk).exists()
    hits = services.search(personas["employee"], "陈经理")
    assert [hit.title for hit in hits] == ["陈经理"]


def test_reindex_one_model_leaves_the_others(personas, notices_board):
    services.update_object(notices_board["admin"])
    before = SearchEntry.objects.exclude(pk__in=user_entries()).count()
    user_entries().update(title_terms="", body_terms="", keyword_terms="")
    assert services.search(personas["employee"], "陈经理") == []
    out = io.StringIO()
    call_command("search", "reindex", "--model", "org.User", stdout=out)
    assert out.getvalue().strip() == f"org.user: {len(personas)} indexed"
    assert [h.title for h in services.search(personas["employee"], "陈经理")] == ["陈经理"]
    assert SearchEntry.objects.exclude(pk__in=user_entries()).count() == before == 1


def test_reindex_refuses_unknown_models():
    with pytest.raises(CommandError):
        call_command("search", "reindex", "--model", "documents.nothing")
