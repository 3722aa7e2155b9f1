import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def english_outside_requests():
    """A request to /ru/ or /zh-hans/ leaves its language active in the thread; factories
    assign plain `name` to the active language's column, so each test starts in English
    (the language curators write first)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fresh_cache():
    """Cached pages and API answers survive the database rollback between tests."""
    cache.clear()
    yield
    cache.clear()
