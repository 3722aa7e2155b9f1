"""Django's Redis cache, made an optimisation the site never depends on, with one redis-py
client per connection pool instead of one per call.

Redis down, frozen or refusing writes (full with `noeviction`) must never turn a page
into a 500: every operation that fails or times out is answered as a miss (`get` gives
the default, `set` stores nothing, `add` adds nothing, `incr` finds no key), logged, and
Redis is left alone for `RETRY_AFTER` seconds (the top-level cache setting, default
`DEFAULT_RETRY_AFTER_SECONDS`), so a frozen server costs each worker one socket timeout
per interval instead of one per call. The first call after the interval tries Redis
again: a Redis that came back is used again without a restart. The socket timeouts are
set in settings (REDIS_SOCKET_TIMEOUT, REDIS_SOCKET_CONNECT_TIMEOUT); redis-py's own
default would wait 5 seconds.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` object for every cache
operation. The connections come from a shared pool either way, but building the client
(its table of response callbacks) costs more than the round trip itself on a cached page:
about 0.2 ms, twice per cached API response. A `redis.Redis` object is thread-safe over
its pool, so one per pool is enough.

Set automatically for CACHE_URL=redis://… (see settings).

The private parts of Django's Redis cache the portal relies on are all used here
(tests/ftzportal/test_django_internals.py fails with a clear message when one changes):
`RedisCache._cache` (the RedisCacheClient) and `_class` (the client class it builds),
and the client's `_get_connection_pool_index`, `_get_connection_pool` and `_client`.
"""

import base64
import logging
import pickle
import time
from collections.abc import Callable

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import connections, router, transaction
from django.utils.timezone import now as tz_now
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

DEFAULT_RETRY_AFTER_SECONDS = 2.0
# redis-py wraps socket errors in its own ConnectionError/TimeoutError; OSError covers a
# failure while a connection is being set up.
REDIS_FAILURES = (RedisError, OSError)


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class PortalRedisCache(RedisCache):
    """RedisCache whose failures are misses (see the module)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self.retry_after = float(params.get("RETRY_AFTER", DEFAULT_RETRY_AFTER_SECONDS))
        self._resting_until = 0.0

    @property
    def available(self) -> bool:
        """False for `retry_after` seconds after a failure: Redis is not asked meanwhile."""
        return time.monotonic() >= self._resting_until

    def guarded(self, operation: Callable, fallback, *args, **kwargs):
        """`operation(*args, **kwargs)`, or `fallback` when Redis fails or is resting."""
        if not self.available:
            return fallback
        try:
            return operation(*args, **kwargs)
        except REDIS_FAILURES as error:
            self._resting_until = time.monotonic() + self.retry_after
            logger.warning(
                "Cache unavailable (%s); serving without it for %.1f s.", type(error).__name__, self.retry_after
            )
            return fallback

    def get(self, key, default=None, version=None):
        return self.guarded(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self.guarded(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self.guarded(super().has_key, False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.guarded(super().add, False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.guarded(super().set, None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self.guarded(super().set_many, list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.guarded(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self.guarded(super().delete, False, key, version)

    def delete_many(self, keys, version=None):
        self.guarded(super().delete_many, None, keys, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self.guarded(super().incr, missing, key, delta, version)
        if value is missing:
            # What Django raises for a key that is not there; callers already handle it.
            raise ValueError(f"Key '{key}' not found (cache unavailable)")
        return value

    def clear(self):
        return self.guarded(super().clear, False)


def redis_client(key: str, *, write: bool, alias: str = "default"):
    """The redis-py client behind the cache `alias` for `key` (for a script or a
    pipeline), or None when that cache is not Redis (local memory in development and most
    tests). Run what it does through `guarded_redis` so a failure falls back."""
    get_client = getattr(getattr(caches[alias], "_cache", None), "get_client", None)
    return get_client(key, write=write) if get_client is not None else None


def guarded_redis(operation: Callable, fallback, *, alias: str = "default"):
    """`operation()` (which talks to the Redis behind `alias`), or `fallback` when it fails
    or Redis is resting after a failure (see PortalRedisCache)."""
    cache = caches[alias]
    if isinstance(cache, PortalRedisCache):
        return cache.guarded(operation, fallback)
    return operation()


class CounterDatabaseCache(DatabaseCache):
    """Django's database cache with an atomic `incr` that keeps the entry's expiry: for
    rate-limit counters (the public forms' limits, see settings: CACHES["ratelimit"]),
    which must work whenever the site can store a form at all, and which no eviction of
    the response cache can reach.

    Django's own `incr` reads the value, then writes it back with the default timeout:
    two concurrent POSTs could both count as the first, and every POST would push the
    window's end further away. Here the row is locked (SELECT … FOR UPDATE; SQLite's
    IMMEDIATE transactions serialise writers anyway) and only its value is rewritten."""

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table, key_column = quote_name(self._table), quote_name("cache_key")
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        now = connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0, tzinfo=None))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote_name('value')} FROM {table}"
                f" WHERE {key_column} = %s AND {quote_name('expires')} > %s{lock}",
                [key, now],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(row[0].encode())) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET {quote_name('value')} = %s WHERE {key_column} = %s", [encoded, key])
        return value
