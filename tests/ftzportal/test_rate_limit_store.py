"""The public forms' rate-limit counters live in the database (CACHES["ratelimit"],
ftzportal.cache_backends.CounterDatabaseCache): no cache eviction reaches them, they work
while Redis is down, increments are atomic and keep the window's end."""

import threading
import time

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client

from ftzportal import settings as production_settings

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_counters(settings):
    settings.CACHES = {**settings.CACHES, "ratelimit": production_settings.CACHES["ratelimit"]}
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)
    counters = caches["ratelimit"]
    counters.clear()
    yield counters
    counters.clear()


def test_production_keeps_form_counters_in_the_database():
    assert production_settings.RATELIMIT_USE_CACHE == "ratelimit"
    assert production_settings.CACHES["ratelimit"]["BACKEND"] == "ftzportal.cache_backends.CounterDatabaseCache"


def test_increment_keeps_the_expiry_of_the_window(database_counters):
    database_counters.add("window", 1, 2)
    assert database_counters.incr("window") == 2
    assert database_counters.incr("window", 3) == 5
    time.sleep(2.1)
    assert database_counters.get("window") is None
    with pytest.raises(ValueError):
        database_counters.incr("window")


def test_concurrent_increments_are_all_counted(database_counters):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers by itself (IMMEDIATE transactions); the row lock is for PostgreSQL")
    database_counters.add("burst", 0, 60)

    def add_five():
        for _ in range(5):
            caches["ratelimit"].incr("burst")
        connection.close()

    threads = [threading.Thread(target=add_five) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert database_counters.get("burst") == 30


def test_the_inquiry_limit_holds_with_the_database_store(database_counters, settings):
    settings.INQUIRY_RATE_LIMIT = "2/h"
    client = Client()
    data = {"name": "A", "email": "a@example.com", "message": "Hello there.", "consent": "on", "country": "KZ"}
    statuses = [client.post("/inquire/", data).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
