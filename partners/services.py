"""Recording partner key use without a database write on every request.

Each request adds one to a counter in the cache; the first request of each minute (per
key) writes `last_used_at` and moves the counted requests into the database. With a
shared cache (Redis) this holds across every worker and app server; with a per-process
cache each process writes at most once a minute.
"""

import contextlib

from django.core.cache import cache
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .models import PartnerKeyUsage

WRITE_INTERVAL_SECONDS = 60


def _pending_key(api_key) -> str:
    return f"partners:pending-requests:{api_key.prefix}"


def _written_key(api_key) -> str:
    return f"partners:usage-written:{api_key.prefix}"


def record_key_use(api_key) -> None:
    """Count one request made with `api_key`; persist the count at most once a minute."""
    pending_key = _pending_key(api_key)
    if not cache.add(pending_key, 1, timeout=None):
        try:
            cache.incr(pending_key)
        except ValueError:  # evicted between add() and incr()
            cache.set(pending_key, 1, timeout=None)
    if not cache.add(_written_key(api_key), True, timeout=WRITE_INTERVAL_SECONDS):
        return
    pending = cache.get(pending_key) or 0
    if pending:
        with contextlib.suppress(ValueError):  # evicted meanwhile: nothing left to subtract
            cache.decr(pending_key, pending)
    _persist(api_key, pending)


def _persist(api_key, requests: int) -> None:
    now = timezone.now()
    updated = PartnerKeyUsage.objects.filter(api_key=api_key).update(
        last_used_at=now, request_count=models.F("request_count") + requests
    )
    if updated:
        return
    try:
        with transaction.atomic():
            PartnerKeyUsage.objects.create(api_key=api_key, last_used_at=now, request_count=requests)
    except IntegrityError:  # another worker created the row first
        PartnerKeyUsage.objects.filter(api_key=api_key).update(
            last_used_at=now, request_count=models.F("request_count") + requests
        )
