"""`/healthz` for load balancers and monitoring: is the database and the cache usable?

Answers JSON with each check's outcome, 200 when all pass and 503 naming the failing
check otherwise. It never says why (an exception text can carry a host name or a
password) and never reveals versions; the reason goes to the log instead.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

OK = "ok"
FAILING = "failing"
CACHE_PROBE_TTL_SECONDS = 10


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 returned an unexpected row")


def check_cache() -> None:
    # A unique key per probe, so two workers probing at once cannot read each other's value.
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, CACHE_PROBE_TTL_SECONDS)
    try:
        if cache.get(key) != value:
            raise RuntimeError("cache did not return the value just written")
    finally:
        cache.delete(key)


CHECKS = {"database": check_database, "cache": check_cache}


@never_cache
@require_GET
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
    healthy = all(outcome == OK for outcome in body.values())
    return JsonResponse({"status": OK if healthy else FAILING, **body}, status=200 if healthy else 503)
