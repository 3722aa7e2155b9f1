"""Settings for the benchmark: production settings plus only what the benchmark needs.

- the benchmark-only URLconf (adds the stock DRF reference list under /bench/);
- STATIC_ROOT in a temporary folder (collectstatic runs there, whitenoise serves it);
- with BENCH_CONTENT_CACHE=1 (run.py --preview-wiring), ftzportal.caching's page cache
  middleware inserted right after LocaleMiddleware; bench_urls.py then also wires the
  cached-count paginator and the API response cache, to preview the lead's wiring.

Everything else (DEBUG off, manifest static files, middleware, throttles) is production's;
benchmarks/run.py sets the environment (throwaway SECRET_KEY, plain HTTP on loopback, an
anonymous API rate high enough that wrk measures serving, not refusing).
"""

import os

from ftzportal.settings import *  # noqa: F403
from ftzportal.settings import ADMIN_URL, MIDDLEWARE

ROOT_URLCONF = "benchmarks.bench_urls"

if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]

_CACHE_MIDDLEWARE = "ftzportal.caching.ContentCacheMiddleware"
if os.environ.get("BENCH_CONTENT_CACHE") == "1" and _CACHE_MIDDLEWARE not in MIDDLEWARE:
    MIDDLEWARE = list(MIDDLEWARE)
    MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.locale.LocaleMiddleware") + 1, _CACHE_MIDDLEWARE)

# The stock reference list is measured as written: never from the page cache.
CONTENT_CACHE_EXCLUDED_PATHS = ["/api/", "/" + ADMIN_URL, "/i18n/", "/healthz", "/bench/"]
