"""CORS for the partner origins listed in CORS_ALLOWED_ORIGINS (none by default)."""

import pytest
from django.conf import settings as django_settings
from django.test import override_settings

from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

PARTNER_ORIGIN = "https://invest.example.kz"


def test_no_origin_is_allowed_by_default(api):
    assert django_settings.CORS_ALLOWED_ORIGINS == []
    AreaFactory()
    response = api.get("/api/v1/areas/", HTTP_ORIGIN=PARTNER_ORIGIN)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


@override_settings(CORS_ALLOWED_ORIGINS=[PARTNER_ORIGIN])
def test_listed_partner_origin_may_read_the_api(api):
    response = api.get("/api/v1/areas/", HTTP_ORIGIN=PARTNER_ORIGIN)
    assert response["Access-Control-Allow-Origin"] == PARTNER_ORIGIN


@override_settings(CORS_ALLOWED_ORIGINS=[PARTNER_ORIGIN])
def test_unlisted_origin_gets_no_cors_header(api):
    response = api.get("/api/v1/areas/", HTTP_ORIGIN="https://elsewhere.example.com")
    assert "Access-Control-Allow-Origin" not in response


@override_settings(CORS_ALLOWED_ORIGINS=[PARTNER_ORIGIN])
def test_preflight_for_a_keyed_request_is_allowed_for_a_listed_origin(api):
    response = api.options(
        "/api/v1/inquiries/",
        HTTP_ORIGIN=PARTNER_ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == PARTNER_ORIGIN
    assert "authorization" in response["Access-Control-Allow-Headers"]


@override_settings(CORS_ALLOWED_ORIGINS=[PARTNER_ORIGIN])
def test_website_pages_never_get_cors_headers(client):
    response = client.get("/", HTTP_ORIGIN=PARTNER_ORIGIN)
    assert "Access-Control-Allow-Origin" not in response
