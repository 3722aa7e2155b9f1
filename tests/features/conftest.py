import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # Rate limits (inquiry, follow-up, alert sign-up) count in the cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    # A request under /ru/ or /zh-hans/ leaves its language active in the test thread;
    # factories would then write the Russian or Chinese columns instead of the English ones.
    from django.utils import translation

    with translation.override("en"):
        yield
