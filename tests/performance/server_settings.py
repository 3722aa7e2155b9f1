"""Settings of the gunicorn app servers started by test_freshness_across_servers.py:
production settings, with the page cache middleware in place (inserted here until it is
in ftzportal/settings.py) and static files that need no collectstatic."""

from ftzportal.settings import *  # noqa: F403
from ftzportal.settings import MIDDLEWARE, STORAGES

_CACHE_MIDDLEWARE = "ftzportal.caching.ContentCacheMiddleware"
if _CACHE_MIDDLEWARE not in MIDDLEWARE:
    MIDDLEWARE = list(MIDDLEWARE)
    MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.locale.LocaleMiddleware") + 1, _CACHE_MIDDLEWARE)

# Manifest storage needs collectstatic; these servers only serve pages.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
