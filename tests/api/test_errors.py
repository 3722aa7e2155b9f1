"""Every error is {"errors": [{"field", "code", "message"}]}, whatever raised it."""

import pytest
from rest_framework.exceptions import ErrorDetail

from ftzportal.api.errors import flatten_errors
from tests.factories import AreaFactory
from zones.api import AreaViewSet

from .conftest import error_codes

pytestmark = pytest.mark.django_db


def assert_error_shape(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    errors = response.json()["errors"]
    assert errors
    for item in errors:
        assert set(item) == {"field", "code", "message"}
        assert isinstance(item["code"], str) and item["code"]
        assert isinstance(item["message"], str) and item["message"]


def test_unknown_slug_is_a_404(api):
    response = api.get("/api/v1/areas/atlantis/")
    assert_error_shape(response, 404)
    assert error_codes(response) == [(None, "not_found")]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/whatever/",
        "/api/v2/zones/",
        "/api/",
        "/api/v1/areas/kash%00gar/",
        "/api/v1/areas/a.b/",
        "/api/v1/x/y/z/",
    ],
)
def test_unknown_api_address_is_a_json_404(api, path):
    response = api.get(path)
    assert_error_shape(response, 404)
    assert error_codes(response) == [(None, "not_found")]


def test_address_without_trailing_slash_redirects_to_the_endpoint(api):
    response = api.get("/api/v1/areas")
    assert response.status_code == 301 and response["Location"].endswith("/api/v1/areas/")


def test_post_to_an_unknown_api_address_is_a_json_404_not_a_csrf_page(api):
    assert_error_shape(api.post("/api/v1/whatever/", {}, format="json"), 404)


def test_method_not_allowed_is_a_405(api):
    AreaFactory(slug="kashgar")
    response = api.delete("/api/v1/areas/kashgar/")
    assert_error_shape(response, 405)
    assert error_codes(response) == [(None, "method_not_allowed")]


def test_unacceptable_accept_header_is_a_406(api):
    response = api.get("/api/v1/areas/", HTTP_ACCEPT="application/xml")
    assert_error_shape(response, 406)
    assert error_codes(response) == [(None, "not_acceptable")]


def test_non_json_body_is_a_415(partner_api):
    response = partner_api.post("/api/v1/inquiries/", "name=x", content_type="application/x-www-form-urlencoded")
    assert_error_shape(response, 415)
    assert error_codes(response) == [(None, "unsupported_media_type")]


def test_broken_json_is_a_400(partner_api):
    response = partner_api.post("/api/v1/inquiries/", '{"name": ', content_type="application/json")
    assert_error_shape(response, 400)
    assert error_codes(response) == [(None, "parse_error")]


def test_unexpected_exception_is_a_logged_500_in_the_error_shape(api, monkeypatch, caplog):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(AreaViewSet, "list", broken)
    response = api.get("/api/v1/areas/")
    assert_error_shape(response, 500)
    assert error_codes(response) == [(None, "server_error")]
    assert "database on fire" not in response.content.decode()
    assert any("Unhandled error in API view" in record.getMessage() for record in caplog.records)


def test_nested_validation_errors_get_dotted_field_names():
    detail = {
        "non_field_errors": [ErrorDetail("Bad pair.", code="invalid")],
        "contact": {"email": [ErrorDetail("Enter a valid e-mail.", code="invalid")]},
        "tags": [{}, {"name": [ErrorDetail("Too long.", code="max_length")]}],
    }
    assert [(item["field"], item["code"]) for item in flatten_errors(detail)] == [
        (None, "invalid"),
        ("contact.email", "invalid"),
        ("tags.1.name", "max_length"),
    ]


def test_error_messages_follow_the_request_language(api):
    response = api.get("/api/v1/projects/?min_value=abc", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] != "Enter a number."
