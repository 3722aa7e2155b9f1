"""Anonymous clients share a low rate per address; each partner key has a higher one."""

import pytest
from rest_framework.test import APIClient
from rest_framework_api_key.models import APIKey

from tests.factories import AreaFactory

from .conftest import error_codes, set_rates

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_rates(settings):
    set_rates(settings, anon="3/minute", partner="6/minute")
    AreaFactory()


def keyed(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client


def statuses(client, n):
    return [client.get("/api/v1/areas/").status_code for _ in range(n)]


def test_anonymous_clients_hit_429_before_keyed_partners(small_rates, partner_api):
    assert statuses(APIClient(), 4) == [200, 200, 200, 429]
    assert statuses(partner_api, 6) == [200] * 6
    assert statuses(partner_api, 1) == [429]


def test_429_says_when_to_retry_in_the_error_shape(small_rates):
    client = APIClient()
    statuses(client, 3)
    response = client.get("/api/v1/areas/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert error_codes(response) == [(None, "throttled")]


def test_each_partner_key_has_its_own_allowance(small_rates, partner_api):
    _other, other_key = APIKey.objects.create_key(name="Tashkent Trade House")
    statuses(partner_api, 6)
    assert statuses(partner_api, 1) == [429]
    assert statuses(keyed(other_key), 6) == [200] * 6


def test_partner_allowance_is_per_key_not_per_address(small_rates, partner):
    _api_key, key = partner
    from_almaty = APIClient(REMOTE_ADDR="10.0.0.1")
    from_bishkek = APIClient(REMOTE_ADDR="10.0.0.2")
    for client in (from_almaty, from_bishkek):
        client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert statuses(from_almaty, 3) + statuses(from_bishkek, 3) == [200] * 6
    assert statuses(from_bishkek, 1) == [429]


def test_anonymous_allowance_is_per_address(small_rates):
    assert statuses(APIClient(REMOTE_ADDR="10.0.0.1"), 4)[-1] == 429
    assert statuses(APIClient(REMOTE_ADDR="10.0.0.2"), 1) == [200]


def test_partner_using_up_its_allowance_does_not_throttle_anonymous_readers(small_rates, partner_api):
    statuses(partner_api, 7)
    assert statuses(APIClient(), 1) == [200]


def test_a_forged_forwarded_for_header_does_not_reset_the_anonymous_allowance(small_rates):
    client = APIClient(REMOTE_ADDR="10.0.0.1")
    codes = [client.get("/api/v1/areas/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(4)]
    assert codes == [200, 200, 200, 429]


def test_behind_the_proxy_each_anonymous_reader_has_its_own_allowance(small_rates, settings):
    # Every request comes from nginx (127.0.0.1); the one proxy setting names the reader.
    settings.TRUSTED_PROXY_CLIENT_IP_HEADER = "X-Real-IP"
    proxy = APIClient(REMOTE_ADDR="127.0.0.1")

    def read_as(visitor, n):
        return [proxy.get("/api/v1/areas/", headers={"X-Real-IP": visitor}).status_code for _ in range(n)]

    assert read_as("203.0.113.1", 4) == [200, 200, 200, 429]
    assert read_as("203.0.113.2", 1) == [200]
