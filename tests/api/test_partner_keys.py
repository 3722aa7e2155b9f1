"""Partner keys: created and revoked by curators in the admin, stored hashed, sent as
`Authorization: Api-Key <key>`; each records when it was last used."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_api_key.models import APIKey

from partners.models import PartnerKeyUsage
from tests.factories import AreaFactory, UserFactory

from .conftest import error_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator_client(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def keyed(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client


def test_curator_creates_a_key_in_the_admin_sees_it_once_and_the_database_holds_a_hash(curator_client):
    response = curator_client.post(
        reverse("admin:rest_framework_api_key_apikey_add"), {"name": "Bishkek Chamber of Commerce"}
    )
    assert response.status_code == 302
    # Shown once, as a message on the next page.
    shown = curator_client.get(response["Location"]).content.decode()
    key = re.search(r"is: ([A-Za-z0-9]+\.[A-Za-z0-9]+)\.", shown).group(1)
    stored = APIKey.objects.get(name="Bishkek Chamber of Commerce")
    assert key not in stored.hashed_key and key != stored.id
    assert stored.hashed_key.startswith("sha512$$")
    assert keyed(key).get("/api/v1/areas/").status_code == 200
    # Never again.
    change_page = curator_client.get(reverse("admin:rest_framework_api_key_apikey_change", args=[stored.pk]))
    assert key not in change_page.content.decode()


def test_key_revoked_in_the_admin_is_refused_with_403(curator_client, partner):
    api_key, key = partner
    assert keyed(key).get("/api/v1/areas/").status_code == 200
    curator_client.post(
        reverse("admin:rest_framework_api_key_apikey_change", args=[api_key.pk]),
        {"name": api_key.name, "revoked": "on"},
    )
    api_key.refresh_from_db()
    assert api_key.revoked
    response = keyed(key).get("/api/v1/areas/")
    assert response.status_code == 403
    assert error_codes(response) == [(None, "invalid_api_key")]


def test_expired_key_is_refused_with_403(partner):
    api_key, key = partner
    api_key.expiry_date = timezone.now() - timedelta(days=1)
    api_key.save()
    assert error_codes(keyed(key).get("/api/v1/areas/")) == [(None, "invalid_api_key")]


def test_unknown_key_is_refused_with_403(db):
    response = keyed("AbCdEfGh.notarealsecretnotarealsecret1234").get("/api/v1/areas/")
    assert response.status_code == 403
    assert error_codes(response) == [(None, "invalid_api_key")]


def test_right_prefix_with_a_wrong_secret_is_refused_with_403(partner):
    api_key, _key = partner
    response = keyed(f"{api_key.prefix}.wrongsecretwrongsecretwrongsecret1").get("/api/v1/areas/")
    assert response.status_code == 403


@pytest.mark.parametrize(
    "header",
    [
        "Bearer abc.def",
        "Api-Key",
        "Api-Key ",
        "Api-Key not-a-key",
        "Api-Key abc.def.ghi",
        "Api-Key a\x00b.c",
        "Basic Zm9vOmJhcg==",
    ],
)
def test_malformed_authorization_header_is_a_401_naming_the_scheme(db, header):
    response = APIClient().get("/api/v1/areas/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert error_codes(response) == [(None, "malformed_credentials")]


def test_keyword_is_case_insensitive(partner):
    _api_key, key = partner
    assert APIClient().get("/api/v1/areas/", HTTP_AUTHORIZATION=f"api-key {key}").status_code == 200


def test_first_use_records_when_the_key_was_used(partner_api, partner):
    AreaFactory()
    before = timezone.now()
    partner_api.get("/api/v1/areas/")
    usage = PartnerKeyUsage.objects.get(api_key=partner[0])
    assert usage.last_used_at >= before
    assert usage.request_count == 1


def test_usage_is_written_at_most_once_a_minute_and_counts_every_request(partner_api, partner):
    partner_api.get("/api/v1/areas/")
    first = PartnerKeyUsage.objects.get(api_key=partner[0]).last_used_at
    for _ in range(3):
        partner_api.get("/api/v1/areas/")
    usage = PartnerKeyUsage.objects.get(api_key=partner[0])
    assert usage.last_used_at == first and usage.request_count == 1
    # A minute later (the gate in the cache has expired) the next request writes the rest.
    cache.delete(f"partners:usage-written:{partner[0].prefix}")
    partner_api.get("/api/v1/areas/")
    usage.refresh_from_db()
    assert usage.last_used_at > first and usage.request_count == 5


def test_repeat_requests_within_the_minute_do_not_write(partner_api, partner, django_assert_num_queries):
    AreaFactory()
    partner_api.get("/api/v1/areas/")
    # Key lookup and content version; the list itself comes from the response cache, and
    # there is no usage write.
    with django_assert_num_queries(2):
        partner_api.get("/api/v1/areas/")


def test_admin_key_list_shows_when_each_key_was_last_used(curator_client, partner_api, partner):
    partner_api.get("/api/v1/areas/")
    page = curator_client.get(reverse("admin:rest_framework_api_key_apikey_changelist"))
    assert page.status_code == 200
    content = page.content.decode()
    assert "last used" in content.lower() and partner[0].name in content


def guess(address: str, key: str = "AbCdEfGh.notarealsecretnotarealsecret1234"):
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client.get("/api/v1/areas/")


def test_repeated_wrong_keys_from_one_address_are_throttled(partner, settings):
    settings.API_KEY_FAILURE_RATE = "3/hour"
    _api_key, key = partner
    assert [guess("10.0.0.1").status_code for _ in range(3)] == [403, 403, 403]
    response = guess("10.0.0.1")
    assert response.status_code == 429
    assert error_codes(response) == [(None, "throttled")]
    assert int(response["Retry-After"]) > 0
    # While throttled even a right key is not checked: guessing cannot go on.
    assert guess("10.0.0.1", key).status_code == 429
    # Other addresses, and partners with their key, are not affected.
    assert guess("10.0.0.2", key).status_code == 200
    assert guess("10.0.0.2").status_code == 403


def test_malformed_keys_count_as_failed_attempts(db, settings):
    settings.API_KEY_FAILURE_RATE = "2/hour"
    assert [guess("10.0.0.3", "not-a-key").status_code for _ in range(3)] == [401, 401, 429]
