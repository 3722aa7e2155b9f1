import pytest
from django.core.cache import cache

from ftzportal.caching import clear_process_memos


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached responses and counts must not leak from one test into the next, nor what
    processes hold per content version (the version number rolls back with the database)."""
    cache.clear()
    clear_process_memos()
    yield
    cache.clear()
    clear_process_memos()


@pytest.fixture
def content_cache(settings):
    """The site's middleware with the page cache where it belongs: right after
    LocaleMiddleware."""
    middleware = list(settings.MIDDLEWARE)
    if "ftzportal.caching.ContentCacheMiddleware" not in middleware:
        middleware.insert(
            middleware.index("django.middleware.locale.LocaleMiddleware") + 1,
            "ftzportal.caching.ContentCacheMiddleware",
        )
    settings.MIDDLEWARE = middleware
    settings.ROOT_URLCONF = "tests.performance.urls"
    return settings
