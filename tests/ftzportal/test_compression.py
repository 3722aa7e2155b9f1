"""Compression without a proxy (ftzportal.middleware.SafeGZipMiddleware): public pages and
API answers are gzipped for clients that accept it; nothing that carries a CSRF token or
a session is (BREACH)."""

import gzip

import pytest

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_a_public_page_is_compressed_for_a_client_that_accepts_gzip(client, real_data):
    response = client.get("/enterprises/", **GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"<html" in gzip.decompress(response.content)


def test_an_api_answer_and_the_schema_are_compressed(client, real_data):
    for path in ("/api/v1/enterprises/", "/api/schema/?format=json"):
        response = client.get(path, **GZIP)
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip", path


def test_nothing_is_compressed_for_a_client_that_does_not_ask(client, real_data):
    response = client.get("/enterprises/")
    assert not response.has_header("Content-Encoding")
    assert b"<html" in response.content


def test_a_page_with_a_csrf_token_is_not_compressed(client, real_data):
    response = client.get("/inquire/", **GZIP)
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert not response.has_header("Content-Encoding")


def test_a_request_with_a_session_is_not_compressed(client, real_data, settings):
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-session"
    response = client.get("/enterprises/", **GZIP)
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_a_response_that_sets_a_cookie_is_not_compressed(client, real_data):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/"}, **GZIP)
    assert response.cookies
    assert not response.has_header("Content-Encoding")


def test_hashed_static_files_are_served_compressed_and_cached_for_a_year_or_more(tmp_path, settings, client):
    """As production serves them: collectstatic with whitenoise's compressed manifest
    storage (.gz and .br beside each hashed name), served by WhiteNoiseMiddleware."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    # The project's own static/ only: compressing every app's files (Swagger UI, the
    # admin) takes a minute and shows nothing more.
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    hashed = staticfiles_storage.url("css/api-docs.css")
    assert hashed != "/static/css/api-docs.css"
    # WhiteNoise indexes STATIC_ROOT when the middleware chain is built: build it again.
    client.handler.load_middleware()

    response = client.get(hashed, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    assert int(response["Cache-Control"].split("max-age=")[1].split(",")[0]) >= 365 * 24 * 3600
