"""Settings for the test suite: the real settings, with these changes, each for a reason."""

import os

# The suite runs with DEBUG off like production, so it needs a (throwaway) secret.
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-deployment-6f1c2a9e")
os.environ.setdefault("DEBUG", "0")

from .settings import *

# MD5 hashing makes creating users in tests fast; never used outside tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Outgoing mail collected in django.core.mail.outbox for assertions.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Manifest storage needs collectstatic and 404s hashed CSS under live_server.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Each test process gets its own cache; Redis-backed behaviour has its own tests.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"},
    # The forms' rate-limit counters: emptied between tests by tests/conftest.py, which the
    # database cache's table (not flushed by transactional tests) would not be.
    # tests/ftzportal/test_rate_limit_store.py exercises the production database store.
    "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests-ratelimit"},
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# The test client and live_server speak plain HTTP; production's HTTPS redirect would turn
# every response into a 301. tests/security/ checks the production value explicitly.
SECURE_SSL_REDIRECT = False

# The suite's commits need no durability: PostgreSQL answers a commit without waiting for
# its WAL to reach the disk (transactional tests commit and empty every table).
if DATABASES["default"]["ENGINE"] in ("django.db.backends.postgresql", "django.db.backends.postgresql_psycopg2"):
    _test_options = DATABASES["default"].setdefault("OPTIONS", {})
    _test_options["options"] = _test_options.get("options", "") + " -c synchronous_commit=off"
