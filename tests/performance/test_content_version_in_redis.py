"""The content version's copy in Redis (ftzportal.content_version): read with the cached
entries in one round trip, raised after every commit, never lowered by a late writer, and
re-read from the database when the copy is gone."""

import os

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ftzportal import content_version
from ftzportal.content_version import CACHE_KEY, bump_content_version, read_with
from tests.factories import IncentiveFactory

from .test_freshness_across_servers import REDIS_URL, redis_available
from .test_response_cache import PAGE, save

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache(settings):
    if not redis_available():
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis is required (REQUIRE_REDIS=1) but {REDIS_URL} does not answer")
        pytest.skip(f"Redis at {REDIS_URL} does not answer")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
    }
    cache = caches["default"]
    cache.clear()
    yield cache
    cache.clear()


def database_version():
    return content_version.database_content_version()


def test_redis_is_a_shared_cache_and_local_memory_is_not(settings, redis_cache):
    assert content_version.version_in_cache()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert not content_version.version_in_cache()


def test_version_and_entries_come_without_a_database_query_once_the_copy_is_there(redis_cache):
    redis_cache.set("entry", "stored")
    read_with([])  # seeds the copy from the database
    with CaptureQueriesContext(connection) as queries:
        version, found = read_with(["entry", "missing"])
    assert len(queries) == 0
    assert version == database_version()
    assert found == {"entry": "stored"}


def test_a_missing_copy_is_read_from_the_database(redis_cache, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        IncentiveFactory()
    redis_cache.delete(CACHE_KEY)
    with CaptureQueriesContext(connection) as queries:
        version = read_with([])[0]
    assert len(queries) == 1
    assert version == database_version() > 0
    assert redis_cache.get(CACHE_KEY) == database_version()


def test_a_commit_raises_the_copy_at_once(redis_cache, django_capture_on_commit_callbacks):
    before = read_with([])[0]
    with django_capture_on_commit_callbacks(execute=True):
        IncentiveFactory()
    assert read_with([])[0] == database_version() > before


def test_a_late_writer_with_an_older_number_cannot_lower_the_copy(redis_cache):
    content_version._raise_cached_version(7)
    assert content_version._raise_cached_version(5) == 7
    assert redis_cache.get(CACHE_KEY) == 7


def test_the_copy_expires_so_a_lost_write_heals(redis_cache, settings):
    settings.CONTENT_VERSION_CACHE_TIMEOUT = 30
    content_version._raise_cached_version(3)
    ttl = redis_cache._cache.get_client(write=False).ttl(redis_cache.make_and_validate_key(CACHE_KEY))
    assert 0 < ttl <= 30


def test_a_failing_cache_write_after_commit_is_logged_not_raised(
    redis_cache, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def unreachable(version):
        raise ConnectionError("redis down")

    monkeypatch.setattr(content_version, "_raise_cached_version", unreachable)
    before = database_version()
    with django_capture_on_commit_callbacks(execute=True):
        bump_content_version()
    assert database_version() == before + 1
    assert "Could not store the new content version" in caplog.text


def test_a_cached_page_costs_no_query_and_is_stale_the_moment_a_commit_raises_the_copy(
    redis_cache, client, settings, django_capture_on_commit_callbacks
):
    settings.ROOT_URLCONF = "tests.performance.urls"
    with django_capture_on_commit_callbacks(execute=True):
        incentive = IncentiveFactory(title="Tax relief", slug="tax-relief")
    assert client.get(PAGE)["X-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE)["X-Cache"] == "HIT"
    assert len(queries) == 0
    save(incentive, django_capture_on_commit_callbacks, title="Tax relief for rail")
    response = client.get(PAGE)
    assert response["X-Cache"] == "MISS"
    assert response.content == b"<h1>Tax relief for rail</h1>"
