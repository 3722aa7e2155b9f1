"""Anonymous clients share a low rate per IP address; each partner key has its own,
higher rate. Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] ("anon", "partner").

Counting is a fixed window: one counter per client and window (a minute for "60/minute"),
raised atomically on every request. DRF's own throttles keep the time of every request
of the last window in one cache entry, read and rewritten whole on each request: at a
partner rate of thousands per minute that list alone costs more than a cached response.
A counter costs one round trip on Redis, whatever the rate. The price: a client can
spend one window's allowance at its end and the next at the start of the next window.

Counters live in the cache named by API_THROTTLE_CACHE (a Redis with `noeviction` in
production, apart from the response cache, so no flood of cached pages can evict them;
see deploy/README.md). These limits protect reads, so they fail open: when that Redis
fails or times out, requests are let through uncounted rather than refused.

DRF's throttles read the rates once, at import; these read them per request, so a changed
setting (an override in a test, a reload) applies at once.
"""

import time

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from ftzportal.cache_backends import guarded_redis, redis_client
from ftzportal.client_address import client_ip

from .permissions import partner_key


def count_request(key: str, window_seconds: int) -> int:
    """Adds one to the counter under `key` (created for `window_seconds`); returns it
    (0 when the counters' Redis is unavailable: the request is let through)."""
    alias = settings.API_THROTTLE_CACHE
    cache = caches[alias]
    redis_key = cache.make_and_validate_key(key)
    client = redis_client(redis_key, write=True, alias=alias)
    if client is None:
        if cache.add(key, 1, window_seconds):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, window_seconds)
            return 1

    def count():
        pipeline = client.pipeline(transaction=False)
        pipeline.incr(redis_key)
        pipeline.expire(redis_key, window_seconds)
        counted, _expiry_set = pipeline.execute()
        return int(counted)

    return guarded_redis(count, 0, alias=alias)


class PortalRateThrottle(SimpleRateThrottle):
    def get_ident(self, request):
        # The address every per-address limit uses (TRUSTED_PROXY_CLIENT_IP_HEADER).
        return client_ip(request)

    def get_rate(self):
        try:
            return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        except KeyError:
            raise ImproperlyConfigured(f"No throttle rate set for scope {self.scope!r}") from None

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        now = time.time()
        window_start = int(now // self.duration) * self.duration
        self.seconds_left = window_start + self.duration - now
        # The window's end is in the key, so a counter can only outlive it by its expiry.
        count = count_request(f"{key}:{window_start}", self.duration + 1)
        return count <= self.num_requests

    def wait(self):
        return self.seconds_left


class AnonymousRateThrottle(PortalRateThrottle):
    scope = "anon"

    def get_cache_key(self, request, view):
        if partner_key(request) is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PartnerRateThrottle(PortalRateThrottle):
    """Per key, whatever address the partner calls from."""

    scope = "partner"

    def get_cache_key(self, request, view):
        api_key = partner_key(request)
        if api_key is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": api_key.prefix}
