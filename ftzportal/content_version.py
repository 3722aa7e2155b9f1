"""One number that changes whenever curated content changes.

Page and API caches and ETags are keyed by it, so a publish, edit or archive makes every
cached response stale at once. The number lives in the database (the `ContentVersion`
row), never in a per-process cache, so every worker of every app server sees a bump on
its next request.

Where the default cache is shared by every app server (Redis), a copy of the number is
also kept there, so a cached response costs one cache round trip and no database query
(`read_with`: the version and the entries in one MGET). The copy is kept correct by:

- the bump writing the new number to the cache right after the database commit;
- a compare-and-set that only ever raises the copy (a late writer carrying an older
  number cannot lower it, so two concurrent bumps cannot leave the older one in place);
- a short expiry (`CONTENT_VERSION_CACHE_TIMEOUT`): should the cache write of a bump be
  lost (Redis unreachable at that moment), the copy is re-read from the database within
  that time. Re-reading gives the same number when nothing changed, so the expiry never
  empties the response cache.

Redis is an optimisation: when it fails or times out, the number is read from the
database (see `read_with`), and the copy is written again once Redis answers.

With a per-process cache (local memory, the development default), the copy would differ
between workers, so the number is read from the database on every request.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction

from ftzportal.cache_backends import guarded_redis, redis_client
from ftzportal.models import ContentVersion

logger = logging.getLogger(__name__)

CONTENT_VERSION_ROW = 1
CACHE_KEY = "ftzportal:content-version"
DEFAULT_CACHE_TIMEOUT = 60
SHARED_CACHE_BACKENDS = (
    "ftzportal.cache_backends.PortalRedisCache",
    "django.core.cache.backends.redis.RedisCache",
)

# Sets KEYS[1] to ARGV[1] unless it already holds a higher number; always renews the expiry.
RAISE_ONLY_SCRIPT = """
local current = tonumber(redis.call('GET', KEYS[1]))
local proposed = tonumber(ARGV[1])
if current == nil or proposed > current then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return proposed
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return current
"""


# Run after each bump, once it is committed (the open-data export is queued here by
# FtzPortalConfig.ready). A failure is logged: the change itself is already saved.
AFTER_BUMP: list[Callable[[], object]] = []


def version_in_cache() -> bool:
    """Whether the number is read from the shared cache rather than the database."""
    return settings.CACHES["default"]["BACKEND"] in SHARED_CACHE_BACKENDS


def database_content_version() -> int:
    version = ContentVersion.objects.filter(pk=CONTENT_VERSION_ROW).values_list("version", flat=True).first()
    return version or 0


def _cache_timeout() -> int:
    return getattr(settings, "CONTENT_VERSION_CACHE_TIMEOUT", DEFAULT_CACHE_TIMEOUT)


def _raise_cached_version(version: int) -> int:
    """Store `version` as the shared copy unless a higher one is there; returns the copy."""
    key = cache.make_and_validate_key(CACHE_KEY)

    def raise_copy():
        # Django's RedisCache stores plain integers as their decimal text, so the script
        # and `cache.get` read the same value.
        client = redis_client(key, write=True)
        return int(client.eval(RAISE_ONLY_SCRIPT, 1, key, version, _cache_timeout()))

    # Redis unavailable: the database's number is the truth anyway.
    return guarded_redis(raise_copy, version)


def read_with(keys: list[str]) -> tuple[int, dict]:
    """The content version and the cache entries under `keys`, in one round trip to a
    shared cache (or one database query plus one cache read with a per-process cache)."""
    if not version_in_cache():
        version = database_content_version()
        return version, (cache.get_many(keys) if keys else {})
    # A Redis that fails answers nothing (see ftzportal.cache_backends): the number then
    # comes from the database, and the entries are misses.
    found = cache.get_many([CACHE_KEY, *keys])
    version = found.pop(CACHE_KEY, None)
    if version is None:
        version = _raise_cached_version(database_content_version())
    return int(version), found


def get_content_version() -> int:
    return read_with([])[0]


def bump_content_version() -> None:
    """Bump after the surrounding transaction commits, so readers never see the new
    version before the new content."""

    def bump():
        updated = ContentVersion.objects.filter(pk=CONTENT_VERSION_ROW).update(version=models.F("version") + 1)
        if not updated:
            ContentVersion.objects.get_or_create(pk=CONTENT_VERSION_ROW, defaults={"version": 1})
        if version_in_cache():
            try:
                _raise_cached_version(database_content_version())
            except Exception:
                # The copy expires within CONTENT_VERSION_CACHE_TIMEOUT and is then re-read.
                logger.exception("Could not store the new content version in the cache")
        for after_bump in AFTER_BUMP:
            try:
                after_bump()
            except Exception:
                logger.exception("Could not run %s after a content change", after_bump.__name__)

    transaction.on_commit(bump)
