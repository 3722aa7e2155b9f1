"""Redis is an optimisation (ftzportal.cache_backends): a Redis that refuses, fails or
times out answers as a miss, is left alone for a short rest, and is used again as soon as
it answers. The content version then comes from the database and the API's counters let
requests through. tests/faults/test_redis_faults.py shows the same under load."""

import time

import pytest
from django.core.cache import caches

from ftzportal import content_version
from ftzportal.api.throttling import count_request
from ftzportal.cache_backends import PortalRedisCache
from tests.faults.servers import RedisServer, free_port

pytestmark = pytest.mark.django_db

REST = 0.3


def portal_redis(url: str) -> dict:
    return {
        "BACKEND": "ftzportal.cache_backends.PortalRedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_timeout": 0.2, "socket_connect_timeout": 0.2},
        "RETRY_AFTER": REST,
    }


@pytest.fixture
def redis_down(settings):
    """The default cache is a Redis nobody listens on."""
    settings.CACHES = {**settings.CACHES, "default": portal_redis(f"redis://127.0.0.1:{free_port()}/0")}
    settings.API_THROTTLE_CACHE = "default"
    return caches["default"]


def test_every_operation_of_an_unreachable_redis_is_a_miss(redis_down):
    assert isinstance(redis_down, PortalRedisCache)
    assert redis_down.get("key", "default") == "default"
    redis_down.set("key", "value")
    assert redis_down.get_many(["a", "b"]) == {}
    assert redis_down.add("key", 1) is False
    assert redis_down.has_key("key") is False
    assert redis_down.delete("key") is False
    with pytest.raises(ValueError):
        redis_down.incr("counter")


def test_after_a_failure_redis_rests_instead_of_being_asked_again(redis_down):
    redis_down.get("key")
    assert not redis_down.available
    started = time.monotonic()
    for _ in range(50):
        redis_down.get("key")
    assert time.monotonic() - started < 0.1  # no connection attempt, no timeout per call


def test_the_content_version_comes_from_the_database_when_redis_fails(redis_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        content_version.bump_content_version()
    version, found = content_version.read_with(["some-entry"])
    assert version == content_version.database_content_version() > 0
    assert found == {}


def test_api_counters_let_requests_through_when_redis_fails(redis_down):
    assert count_request("throttle:anon:1.2.3.4:0", 60) == 0


def test_a_redis_that_returns_is_used_again_without_a_restart(settings, tmp_path):
    server = RedisServer(tmp_path)
    try:
        settings.CACHES = {**settings.CACHES, "default": portal_redis(f"{server.url}/0")}
        cache = caches["default"]
        cache.set("page", "stored")
        assert cache.get("page") == "stored"
        server.kill()
        assert cache.get("page") is None
        assert not cache.available
        server.start()
        time.sleep(REST + 0.05)
        cache.set("page", "stored again")
        assert cache.get("page") == "stored again"
        assert cache.available
    finally:
        server.stop()
