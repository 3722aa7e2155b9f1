"""Security headers on every kind of response: a page, an API response, the admin, a 404."""

import pytest
from django.test import override_settings
from django.urls import reverse

PUBLIC_PATHS = [
    pytest.param("/", id="home page"),
    pytest.param("/zh-hans/", id="home page in Chinese"),
    # The API's list of areas; headers must be there whatever the status (even a 404 while
    # the API is not deployed), so this needs no change when the route appears.
    pytest.param("/api/v1/areas/", id="API list"),
    pytest.param("/api/v1/no-such-endpoint/", id="API 404"),
    pytest.param("/no-such-page/", id="page 404"),
    pytest.param("/healthz", id="health check"),
]

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response):
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, f"{name} on {response.status_code}"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert "'self'" in directives["script-src"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_responses_carry_every_security_header(client, path):
    response = client.get(path)
    assert response.status_code < 500
    assert_security_headers(response)
    assert "X-Robots-Tag" not in response.headers, "public pages must stay indexable"


@pytest.mark.django_db
def test_site_pages_allow_no_inline_styles(client):
    assert csp_directives(client.get("/"))["style-src"] == ["'self'"]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["admin:login", "admin:index"])
def test_admin_responses_carry_security_headers_and_noindex(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code in {200, 302}
    assert_security_headers(response)
    assert "noindex" in response.headers["X-Robots-Tag"]


@pytest.mark.django_db
def test_api_docs_relax_styles_but_never_scripts(client):
    response = client.get("/api/docs/")
    directives = csp_directives(response)
    assert "'unsafe-inline'" in directives["style-src"]
    assert "'unsafe-inline'" not in directives["script-src"]


@pytest.mark.django_db
def test_hsts_is_sent_on_https_in_production(client):
    response = client.get("/healthz", secure=True)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_redirected_to_https(client):
    response = client.get("/no-such-page/?x=1")
    assert response.status_code == 301
    assert response.headers["Location"] == "https://testserver/no-such-page/?x=1"


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_https_terminated_by_the_proxy_is_not_redirected(client):
    response = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_health_probe_over_plain_http_is_not_redirected(client):
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
@override_settings(ADMIN_URL="curation-7f3a9c/")
def test_robots_txt_never_names_the_admin(client):
    # robots.txt is public: listing a secret ADMIN_URL there would hand it to anyone.
    # The admin keeps itself out of indexes with `X-Robots-Tag: noindex` (above).
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    assert "Disallow: /api/" in response.content.decode()
    assert "curation-7f3a9c" not in response.content.decode()
