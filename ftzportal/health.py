"""`/healthz` for load balancers and monitoring: is the database and the cache usable?

Answers JSON with each check's outcome. The database is required: when it fails the
answer is 503 naming it. The cache is an optimisation (the site serves every page
without it, see ftzportal.cache_backends): when it fails the answer stays 200, with
`"status": "degraded"` and `"cache": "failing"`, so a load balancer keeps sending traffic
while monitoring sees the fault.

The probe has its own short deadline (HEALTHZ_DATABASE_TIMEOUT, see ftzportal.database),
so a stalled database is reported in about that time, not after the request's deadline.
GET and HEAD both work. It never says why a check failed (an exception text can carry a
host name or a password) and never reveals versions; the reason goes to the log instead.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ftzportal.database import database_deadline

logger = logging.getLogger(__name__)

OK = "ok"
FAILING = "failing"
DEGRADED = "degraded"
CACHE_PROBE_TTL_SECONDS = 10


def check_database() -> None:
    with database_deadline(settings.HEALTHZ_DATABASE_TIMEOUT), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 returned an unexpected row")


def check_cache() -> None:
    # A unique key per probe, so two workers probing at once cannot read each other's value.
    # A failing Redis answers as a miss (see ftzportal.cache_backends), so the read-back
    # is what tells.
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, CACHE_PROBE_TTL_SECONDS)
    try:
        if cache.get(key) != value:
            raise RuntimeError("cache did not return the value just written")
    finally:
        cache.delete(key)


CHECKS = {"database": check_database, "cache": check_cache}
REQUIRED = {"database"}


@never_cache
@require_safe
def healthz(request):
    body = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("Health check %s failed.", name)
            body[name] = FAILING
        else:
            body[name] = OK
    if any(body[name] != OK for name in REQUIRED):
        status, code = FAILING, 503
    elif any(outcome != OK for outcome in body.values()):
        status, code = DEGRADED, 200
    else:
        status, code = OK, 200
    return JsonResponse({"status": status, **body}, status=code)
