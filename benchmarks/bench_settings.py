"""Settings for the benchmark: production settings plus only what the benchmark needs.

- the benchmark-only URLconf (adds the stock DRF reference list under /bench/);
- STATIC_ROOT in a temporary folder (collectstatic runs there, whitenoise serves it).

Everything else (DEBUG off, manifest static files, middleware, throttles) is production's;
benchmarks/run.py sets the environment (throwaway SECRET_KEY, plain HTTP on loopback, an
anonymous API rate high enough that wrk measures serving, not refusing).
"""

import os

from ftzportal.settings import *  # noqa: F403
from ftzportal.settings import ADMIN_URL

ROOT_URLCONF = "benchmarks.bench_urls"

if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]

# The stock reference list is measured as written: never from the page cache.
CONTENT_CACHE_EXCLUDED_PATHS = ["/api/", "/" + ADMIN_URL, "/i18n/", "/healthz", "/static/", "/bench/"]
