"""Django's Redis cache, with one redis-py client per connection pool instead of one per
call.

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

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient


def redis_client(key: str, *, write: bool):
    """The redis-py client behind the default cache for `key` (for a script or a
    pipeline), or None when the default cache is not Redis (local memory in development
    and most tests)."""
    get_client = getattr(getattr(cache, "_cache", None), "get_client", None)
    return get_client(key, write=write) if get_client is not None else None


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
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
