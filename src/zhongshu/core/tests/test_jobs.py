"""The configured huey storage (SQLite file by default, Redis when REDIS_URL is set) round-trips."""

import uuid

import pytest
from django.conf import settings
from django.utils.module_loading import import_string


@pytest.fixture
def configured_huey(tmp_path):
    """A huey of the configured class and storage, under a name of its own."""
    options = {k: v for k, v in settings.HUEY.items() if k not in ("huey_class", "consumer")}
    options["name"] = f"zhongshu-test-{uuid.uuid4().hex[:8]}"
    options["immediate"] = False
    if "filename" in options:
        options["filename"] = str(tmp_path / "huey.sqlite3")
    huey = import_string(settings.HUEY["huey_class"])(**options)
    yield huey
    huey.storage.flush_all()


def test_a_task_goes_through_the_configured_queue(configured_huey):
    @configured_huey.task()
    def add(a, b):
        return a + b

    result = add(20, 22)
    assert configured_huey.pending_count() == 1
    configured_huey.execute(configured_huey.dequeue())
    assert result.get() == 42
    assert configured_huey.pending_count() == 0


def test_redis_is_used_when_configured():
    if settings.REDIS_URL:
        assert settings.HUEY["huey_class"] == "huey.RedisHuey"
    else:
        assert settings.HUEY["huey_class"] == "huey.SqliteHuey"
