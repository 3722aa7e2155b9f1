import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework_api_key.models import APIKey


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttle counters and key-usage gates live in the cache: each test starts clean."""
    cache.clear()
    yield
    cache.clear()


def set_rates(settings, *, anon: str, partner: str) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": anon, "partner": partner}}


@pytest.fixture(autouse=True)
def generous_rates(settings):
    """Tests make many requests from one address; throttling has its own tests."""
    set_rates(settings, anon="100000/minute", partner="100000/minute")


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def partner(db):
    """(APIKey, the key string a partner sends)."""
    return APIKey.objects.create_key(name="Almaty Investment Agency")


@pytest.fixture
def partner_api(partner):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {partner[1]}")
    return client


def slugs(response) -> list[str]:
    return [row["slug"] for row in response.json()["results"]]


def error_codes(response) -> list[tuple[str | None, str]]:
    return [(item["field"], item["code"]) for item in response.json()["errors"]]
